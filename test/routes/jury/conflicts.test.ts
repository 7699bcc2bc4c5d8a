import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { loggedIn, type Browser } from '../../helpers/agent';
import { createOrganisation, createUser, type TestOrganisation } from '../../helpers/factories';
import {
  assign,
  createJudgingEdition,
  createJuror,
  createJuryEntry,
  scoreForm,
  setPhase,
} from '../../helpers/jury';
import type { Criterion, Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';

let t: TestApp;
let organiser: Browser;
let edition: Edition;
let criteria: Criterion[];
let categoryId: number;
let gemeente: TestOrganisation;
let ssc: TestOrganisation;

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-02T09:00:00Z') });
  organiser = await loggedIn(t.app, await createUser(t.db, { role: 'admin', name: 'Olga Organisator' }));
  ({ edition, criteria, categoryId } = await createJudgingEdition(t));
  gemeente = await createOrganisation(t.db, { name: 'Houten', type: 'gemeente' });
  ssc = await createOrganisation(t.db, { name: 'SSC Lekstroom', type: 'ssc', ownerIds: [gemeente.id] });
});
afterAll(() => t.close());

const conflictsPage = () => organiser.get(`/admin/editions/${edition.id}/conflicts`).expect(200);

async function expectNoAccess(juror: Browser, entry: Entry, status: 403 | 404) {
  await juror.get(`/jury/entries/${entry.id}`).expect(status);
  await juror.get(`/jury/entries/${entry.id}/score`).expect(status);
  const token = await juror.csrf('/jury');
  const res = await juror.agent
    .post(`/jury/entries/${entry.id}/score`)
    .type('form')
    .send({ ...scoreForm(criteria, [7, 7, 7, 7, 7]), _csrf: token });
  expect(res.status).toBe(status);
}

const sheets = (entry: Entry) => t.db('score_sheets').where({ entry_id: entry.id });

describe('conflicts of interest', () => {
  it('a juror working at the entrant conflicts with its entry: shown with the reason, no reading, no scoring', async () => {
    const { entry } = await createJuryEntry(t, {
      edition,
      categoryId,
      organisation: gemeente,
      title: 'Houten digitaal',
    });
    const juror = await createJuror(t, { edition, name: 'Henk Houten', employerId: gemeente.id });
    await assign(t, edition, [[juror, entry]]);
    const page = await conflictsPage();
    expect(page.text).toContain('Henk Houten');
    expect(page.text).toContain('Werkgever: Gemeente Houten is de inzender.');
    expect(page.text).toContain('Automatisch');
    const session = await loggedIn(t.app, juror);
    await expectNoAccess(session, entry, 403);
    expect(await sheets(entry)).toHaveLength(0);
    const res = await session.get(`/jury/entries/${entry.id}`).expect(403);
    expect(res.text).toContain('U heeft een belangenconflict met deze inzending');
  });

  it('a juror of a gemeente conflicts with an SSC owned by that gemeente, and the reason says so', async () => {
    const { entry } = await createJuryEntry(t, {
      edition,
      categoryId,
      organisation: ssc,
      title: 'Lekstroom slim',
    });
    const juror = await createJuror(t, { edition, name: 'Gert Gemeente', employerId: gemeente.id });
    await assign(t, edition, [[juror, entry]]);
    const page = await conflictsPage();
    expect(page.text).toContain('Werkgever: Gemeente Houten is eigenaar van inzender SSC Lekstroom.');
    await expectNoAccess(await loggedIn(t.app, juror), entry, 403);
  });

  it('a tie to a partner counts too; the organiser lifts it with a reason (audited) and the juror can score', async () => {
    const partner = await createOrganisation(t.db, { name: 'Nieuwegein', type: 'gemeente' });
    const { entry } = await createJuryEntry(t, {
      edition,
      categoryId,
      partnerIds: [partner.id],
      title: 'Samen met Nieuwegein',
    });
    const juror = await createJuror(t, {
      edition,
      name: 'Bea Bestuur',
      ties: [{ organisationId: partner.id, kind: 'board' }],
    });
    await assign(t, edition, [[juror, entry]]);
    expect((await conflictsPage()).text).toContain('Band: Gemeente Nieuwegein is partner van de inzending.');
    const session = await loggedIn(t.app, juror);
    await expectNoAccess(session, entry, 403);

    const path = `/admin/editions/${edition.id}/conflicts/${juror.id}/${entry.id}`;
    const decision = await organiser.get(path).expect(200);
    expect(decision.text).toContain('Conflict opheffen');
    const noReason = await organiser.submit(path, path, { decision: 'lift', reason: '  ' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Vul de reden in');
    const lifted = await organiser.submit(path, path, {
      decision: 'lift',
      reason: 'Bestuursfunctie beëindigd in 2026',
    });
    expect(lifted.status).toBe(303);
    const audit = await t.db('audit_events').where({ action: 'conflict.lift', subject_id: entry.id });
    expect(audit).toHaveLength(1);
    expect(audit[0].reason).toBe('Bestuursfunctie beëindigd in 2026');
    expect(JSON.parse(audit[0].after_json)).toMatchObject({ jurorId: juror.id, conflicted: false });
    const page = await conflictsPage();
    expect(page.text).toContain('Opgeheven door Olga Organisator');
    expect(page.text).toContain('Bestuursfunctie beëindigd in 2026');
    await session.get(`/jury/entries/${entry.id}`).expect(200);
  });

  it('the organiser adds a conflict the data does not show, with a reason (audited); the juror loses access', async () => {
    const { entry } = await createJuryEntry(t, { edition, categoryId, title: 'Familiezaak' });
    const juror = await createJuror(t, { edition, name: 'Fien Familie' });
    await assign(t, edition, [[juror, entry]]);
    const session = await loggedIn(t.app, juror);
    await session.get(`/jury/entries/${entry.id}`).expect(200);
    const page = `/admin/editions/${edition.id}/conflicts`;
    const noReason = await organiser.submit(page, page, {
      jurorId: String(juror.id),
      entryId: String(entry.id),
      reason: '',
    });
    expect(noReason.status).toBe(422);
    const res = await organiser.submit(page, page, {
      jurorId: String(juror.id),
      entryId: String(entry.id),
      reason: 'Zus werkt bij de inzender',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${page}?notice=conflictAdded`);
    const audit = await t.db('audit_events').where({ action: 'conflict.add', subject_id: entry.id });
    expect(audit).toHaveLength(1);
    expect(audit[0].reason).toBe('Zus werkt bij de inzender');
    await expectNoAccess(session, entry, 403);
    expect((await conflictsPage()).text).toContain('Toegevoegd door Olga Organisator');
    const twice = await organiser.submit(page, page, {
      jurorId: String(juror.id),
      entryId: String(entry.id),
      reason: 'nog eens',
    });
    expect(twice.status).toBe(409);
  });

  it("a declared conflict takes the entry off the juror's list, forbids scoring, and cannot be lifted", async () => {
    const { entry } = await createJuryEntry(t, { edition, categoryId, title: 'Eerlijk gemeld' });
    const juror = await createJuror(t, { edition, name: 'Dirk Declareer' });
    await assign(t, edition, [[juror, entry]]);
    const session = await loggedIn(t.app, juror);
    const before = await session.get('/jury').expect(200);
    expect(before.text).toContain(`href="/jury/entries/${entry.id}"`);

    const path = `/jury/entries/${entry.id}/conflict`;
    const empty = await session.submit(path, path, { reason: '' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Vul in waarom u een belangenconflict heeft');
    const res = await session.submit(path, path, { reason: 'Ik was adviseur van dit project' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/jury?notice=declared');

    const after = await session.get('/jury').expect(200);
    expect(after.text).not.toContain(`href="/jury/entries/${entry.id}"`);
    expect(after.text).toContain('Niet door u te beoordelen');
    await expectNoAccess(session, entry, 403);
    expect(await sheets(entry)).toHaveLength(0);
    const audit = await t.db('audit_events').where({ action: 'conflict.declare', subject_id: entry.id });
    expect(audit).toHaveLength(1);
    expect(audit[0].reason).toBe('Ik was adviseur van dit project');

    const page = await conflictsPage();
    expect(page.text).toContain('Gemeld door het jurylid');
    expect(page.text).toContain('Ik was adviseur van dit project');
    const decision = `/admin/editions/${edition.id}/conflicts/${juror.id}/${entry.id}`;
    const lift = await organiser.submit(decision, decision, { decision: 'lift', reason: 'Toch niet' });
    expect(lift.status).toBe(409);
    expect(lift.text).toContain('Het jurylid heeft dit conflict zelf gemeld');
    await expectNoAccess(session, entry, 403);
  });

  it("a conflicted juror never sees the entry's scores, not even in deliberation", async () => {
    const { entry } = await createJuryEntry(t, {
      edition,
      categoryId,
      organisation: gemeente,
      title: 'Later beraad',
    });
    const conflicted = await createJuror(t, { edition, name: 'Cor Conflict', employerId: gemeente.id });
    await setPhase(t, edition, 'deliberation');
    try {
      const session = await loggedIn(t.app, conflicted);
      await session.get(`/jury/entries/${entry.id}`).expect(403);
      const dashboard = await session.get('/jury').expect(200);
      expect(dashboard.text).not.toContain(`href="/jury/entries/${entry.id}"`);
    } finally {
      await setPhase(t, edition, 'judging');
    }
  });
});
