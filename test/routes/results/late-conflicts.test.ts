/**
 * Late conflicts are decisions (issue #12): after scoring closed, a juror's conflict declaration on an entry they
 * scored goes to the organiser; until the organiser accepts it (with a reason) the sheet counts, and what the
 * acceptance moved in the ranking is shown and audited.
 */
import type { Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';
import { loggedIn, type Browser } from '../../helpers/agent';
import type { TestUser } from '../../helpers/factories';
import { createDecidingSheetWorld } from '../../helpers/results';
import { rankingFromPage } from '../../helpers/results-parse';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

let t: TestApp;
let organiser: Browser;
let edition: Edition;
const entries: Record<'x' | 'y', Entry> = {} as never;
const jurors: Record<'anna' | 'bram' | 'carla', TestUser> = {} as never;

const base = () => `/admin/editions/${edition.id}`;
const late = () => t.db('late_conflict_declarations').where({ edition_id: edition.id }).orderBy('id');
const ranks = async () =>
  rankingFromPage((await organiser.get(`${base()}/results`).expect(200)).text).map((r) => [
    r.entryId,
    r.rank,
  ]);

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-20T10:00:00Z') });
  // X 73.33 beats Y 66.67 by Bram's sheet on X alone (see createDecidingSheetWorld).
  const world = await createDecidingSheetWorld(t);
  ({ organiser, edition } = world);
  Object.assign(entries, world.entries);
  Object.assign(jurors, world.jurors);
});

afterAll(async () => {
  await t.close();
});

describe('a conflict declared after scoring closed', () => {
  it('goes to the organiser; the juror’s sheet still counts and the ranking does not move', async () => {
    const bram = await loggedIn(t.app, jurors.bram);
    const res = await bram.submit(
      `/jury/entries/${entries.x.id}/conflict`,
      `/jury/entries/${entries.x.id}/conflict`,
      { reason: 'Ik blijk adviseur te zijn geweest van dit project.' },
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/jury?notice=declaredLate');
    const dashboard = await bram.get('/jury?notice=declaredLate').expect(200);
    expect(dashboard.text).toContain('Tot dat besluit telt uw score mee.');
    expect(await late()).toMatchObject([{ juror_user_id: jurors.bram.id, status: 'pending' }]);
    expect(await t.db('conflict_decisions').where({ edition_id: edition.id })).toHaveLength(0);
    expect(await ranks()).toEqual([
      [entries.x.id, 1],
      [entries.y.id, 2],
    ]);
    // Declaring again does not make a second request.
    await bram.submit(`/jury/entries/${entries.x.id}/conflict`, `/jury/entries/${entries.x.id}/conflict`, {
      reason: 'Nogmaals.',
    });
    expect(await late()).toHaveLength(1);
    const audit = await t.db('audit_events').where({ action: 'conflict.declare_late' });
    expect(audit).toHaveLength(1);
  });

  it('shows the organiser the pending declaration; a decision without a reason is refused (422)', async () => {
    const page = await organiser.get(`${base()}/results`).expect(200);
    // The uncertainty statement: with three jurors resampled, Slim inkopen does not win every recomputation.
    expect(page.text).toMatch(/2027-001 Slim inkopen wint in \d+ % van de herberekeningen/);
    expect(page.text).toContain('Herberekend met 2000 keer');
    expect(page.text).toContain('Late meldingen van belangenverstrengeling');
    expect(page.text).toContain('Ik blijk adviseur te zijn geweest van dit project.');
    expect(page.text).toContain('Nog geen besluit: de score telt mee.');
    const [row] = await late();
    const res = await organiser.submit(`${base()}/results`, `${base()}/results/late-conflicts/${row.id}`, {
      decision: 'accept',
      reason: '  ',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Geef een reden voor het besluit');
    expect((await late())[0]).toMatchObject({ status: 'pending' });
  });

  it('accepted with a reason: the sheet is dropped, what moved is shown and audited', async () => {
    const [row] = await late();
    const res = await organiser.submit(`${base()}/results`, `${base()}/results/late-conflicts/${row.id}`, {
      decision: 'accept',
      reason: 'Adviseurschap bevestigd door het projectteam.',
    });
    expect(res.status).toBe(303);
    expect(await ranks()).toEqual([
      [entries.y.id, 1],
      [entries.x.id, 2],
    ]);
    const page = await organiser.get(`${base()}/results?notice=lateaccept`).expect(200);
    expect(page.text).toContain(
      'De berekende winnaar veranderde van 2027-001 Slim inkopen naar 2027-002 Digitale balie.',
    );
    expect(page.text).toContain('2027-001 Slim inkopen: plaats 1 → 2');
    expect(page.text).toContain('Aanvaard door Olga Organisator');
    const [audit] = await t.db('audit_events').where({ action: 'conflict.late_accept' });
    expect(audit.reason).toBe('Adviseurschap bevestigd door het projectteam.');
    expect(JSON.parse(audit.after_json).moves).toEqual({
      winnerBefore: entries.x.id,
      winnerAfter: entries.y.id,
      moved: [
        { entryId: entries.x.id, before: 1, after: 2 },
        { entryId: entries.y.id, before: 2, after: 1 },
      ],
    });
    // Decided once: a second decision is refused (409).
    const again = await organiser.submit(`${base()}/results`, `${base()}/results/late-conflicts/${row.id}`, {
      decision: 'reject',
      reason: 'Toch niet.',
    });
    expect(again.status).toBe(409);
  });

  it('rejected with a reason: the sheet keeps counting', async () => {
    const carla = await loggedIn(t.app, jurors.carla);
    await carla.submit(`/jury/entries/${entries.y.id}/conflict`, `/jury/entries/${entries.y.id}/conflict`, {
      reason: 'Ik ken de projectleider.',
    });
    const pending = (await late()).find((r) => r.status === 'pending')!;
    const res = await organiser.submit(
      `${base()}/results`,
      `${base()}/results/late-conflicts/${pending.id}`,
      {
        decision: 'reject',
        reason: 'Kennen is geen belang; zo afgesproken in het reglement.',
      },
    );
    expect(res.status).toBe(303);
    expect(await ranks()).toEqual([
      [entries.y.id, 1],
      [entries.x.id, 2],
    ]);
    const rows = rankingFromPage((await organiser.get(`${base()}/results`).expect(200)).text);
    // Carla's sheet on Y still counts: Anna, Bram and Carla.
    expect(rows.find((r) => r.entryId === entries.y.id)!.n).toBe(3);
    expect(await t.db('audit_events').where({ action: 'conflict.late_reject' })).toHaveLength(1);
  });

  it('is unknown (404) for another edition’s declaration id', async () => {
    const res = await organiser.submit(`${base()}/results`, `${base()}/results/late-conflicts/999999`, {
      decision: 'accept',
      reason: 'x',
    });
    expect(res.status).toBe(404);
  });
});
