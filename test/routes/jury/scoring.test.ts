import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { loggedIn, type Browser } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';
import {
  assign,
  createAttachment,
  createJudgingEdition,
  createJuror,
  createJuryEntry,
  createOrganisation,
  scoreForm,
  setPhase,
} from '../../helpers/jury';
import type { Criterion, Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';

const DAY_MS = 24 * 60 * 60 * 1000;

let t: TestApp;
let edition: Edition;
let criteria: Criterion[];
let categoryId: number;

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-02T09:00:00Z') });
  ({ edition, criteria, categoryId } = await createJudgingEdition(t));
});
afterAll(() => t.close());

/** A juror with one assigned entry of the main edition, logged in. */
async function jurorWithEntry(
  title = 'Samen slimmer inkopen',
): Promise<{ juror: TestUser; session: Browser; entry: Entry }> {
  const { entry } = await createJuryEntry(t, { edition, categoryId, title });
  const juror = await createJuror(t, { edition });
  await assign(t, edition, [[juror, entry]]);
  return { juror, session: await loggedIn(t.app, juror), entry };
}

const post = (session: Browser, entry: Entry, fields: Record<string, string>) =>
  session.submit(`/jury/entries/${entry.id}/score`, `/jury/entries/${entry.id}/score`, fields);

const sheetOf = (juror: TestUser, entry: Entry) =>
  t.db('score_sheets').where({ juror_user_id: juror.id, entry_id: entry.id }).first();

async function scoresOf(juror: TestUser, entry: Entry): Promise<Record<number, number | null>> {
  const rows = await t
    .db('scores as s')
    .join('score_sheets as h', 'h.id', 's.sheet_id')
    .where({ 'h.juror_user_id': juror.id, 'h.entry_id': entry.id })
    .select('s.criterion_id', 's.value');
  return Object.fromEntries(
    rows.map((r) => [Number(r.criterion_id), r.value === null ? null : Number(r.value)]),
  );
}

const lockedAt = async () => (await t.db('editions').where({ id: edition.id }).first()).criteria_locked_at;

describe('scoring', () => {
  it('refuses bad input with 422 and stores nothing, not even the criteria lock', async () => {
    const { juror, session, entry } = await jurorWithEntry();
    expect(await lockedAt()).toBeNull();
    const outOfScale = await post(session, entry, scoreForm(criteria, [11, 5, null, null, null]));
    expect(outOfScale.status).toBe(422);
    expect(outOfScale.text).toContain('Kies voor Innovatiekracht een score van 1 tot en met 10');
    expect(outOfScale.text).toContain(`href="#score_${criteria[0]!.id}"`);
    const zero = await post(session, entry, scoreForm(criteria, [0, null, null, null, null]));
    expect(zero.status).toBe(422);
    const fraction = await post(
      session,
      entry,
      scoreForm(criteria, [null, null, null, null, null], { [`score_${criteria[1]!.id}`]: '7.5' }),
    );
    expect(fraction.status).toBe(422);
    const unknown = await post(session, entry, scoreForm(criteria, [5, 5, 5, 5, 5], { score_99999: '5' }));
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('Het formulier bevat een onbekend criterium. Er is niets opgeslagen.');
    const junk = await post(
      session,
      entry,
      scoreForm(criteria, [5, 5, 5, 5, 5], { 'comment_1 or 1=1': 'x' }),
    );
    expect(junk.status).toBe(422);

    const { criteria: otherCriteria } = await createJudgingEdition(t, { name: 'Andere editie', year: 2031 });
    const other = await post(
      session,
      entry,
      scoreForm(criteria, [5, 5, 5, 5, 5], { [`score_${otherCriteria[0]!.id}`]: '5' }),
    );
    expect(other.status).toBe(422);
    expect(other.text).toContain('Het formulier hoort bij een andere editie. Er is niets opgeslagen.');

    expect(await sheetOf(juror, entry)).toBeUndefined();
    expect(await t.db('scores')).toHaveLength(0);
    expect(await lockedAt()).toBeNull();
    expect(await t.db('audit_events').where('action', 'like', 'score.%')).toHaveLength(0);
  });

  it('saves a draft (locking the criteria with the first score), then refuses final until complete, then finalises', async () => {
    const { juror, session, entry } = await jurorWithEntry();
    const form = await session.get(`/jury/entries/${entry.id}/score`).expect(200);
    expect(form.text).toContain('Innovatiekracht');
    expect(form.text).toContain(`name="score_${criteria[0]!.id}" value="10"`);
    expect(form.text).toContain('Baanbrekend: nieuw voor de publieke sector.');

    const draft = await post(
      session,
      entry,
      scoreForm(criteria, [8, 6, null, null, null], { [`comment_${criteria[0]!.id}`]: 'Sterk idee' }),
    );
    expect(draft.status).toBe(303);
    expect(draft.headers.location).toBe(`/jury/entries/${entry.id}/score?notice=draftSaved`);
    expect((await sheetOf(juror, entry)).status).toBe('draft');
    expect(await scoresOf(juror, entry)).toEqual({
      [criteria[0]!.id]: 8,
      [criteria[1]!.id]: 6,
      [criteria[2]!.id]: null,
      [criteria[3]!.id]: null,
      [criteria[4]!.id]: null,
    });
    expect(await lockedAt()).not.toBeNull();
    const audit = await t.db('audit_events').where({ action: 'score.save_draft', subject_id: entry.id });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].after_json)).toMatchObject({
      jurorId: juror.id,
      status: 'draft',
      criteriaLocked: true,
    });

    // Back later: the form shows what was saved.
    const again = await session.get(`/jury/entries/${entry.id}/score`).expect(200);
    expect(again.text).toContain(`name="score_${criteria[0]!.id}" value="8" checked`);
    expect(again.text).toContain('Sterk idee');

    const incomplete = await post(
      session,
      entry,
      scoreForm(criteria, [null, null, 7, null, null], { action: 'final' }),
    );
    expect(incomplete.status).toBe(422);
    expect(incomplete.text).toContain(`href="#score_${criteria[3]!.id}"`);
    expect(incomplete.text).toContain('href="#motivation"');
    expect(incomplete.text).toContain('Vul uw motivering in');
    // Nothing of the refused submission was kept.
    expect((await sheetOf(juror, entry)).status).toBe('draft');
    expect((await scoresOf(juror, entry))[criteria[2]!.id]).toBeNull();

    const final = await post(
      session,
      entry,
      scoreForm(criteria, [null, null, 7, 5, 9], { action: 'final', motivation: 'Overtuigend.' }),
    );
    expect(final.status).toBe(303);
    expect(final.headers.location).toBe('/jury?notice=final');
    const sheet = await sheetOf(juror, entry);
    expect(sheet.status).toBe('final');
    expect(sheet.motivation).toBe('Overtuigend.');
    expect(Object.values(await scoresOf(juror, entry))).toEqual([8, 6, 7, 5, 9]);
    expect(
      await t.db('audit_events').where({ action: 'score.submit_final', subject_id: entry.id }),
    ).toHaveLength(1);

    const dashboard = await session.get('/jury').expect(200);
    expect(dashboard.text).toContain('Definitief');
    expect(dashboard.text).toContain('1 van 1 inzending klaar (100%)');

    // Final is read-only until reopened.
    const locked = await post(session, entry, scoreForm(criteria, [1, 1, 1, 1, 1]));
    expect(locked.status).toBe(409);
    expect(Object.values(await scoresOf(juror, entry))).toEqual([8, 6, 7, 5, 9]);
  });

  it('reopens a final sheet only before the deadline; after it nothing can be scored or reopened', async () => {
    const { juror, session, entry } = await jurorWithEntry();
    await post(
      session,
      entry,
      scoreForm(criteria, [5, 5, 5, 5, 5], { action: 'final', motivation: 'Goed.' }),
    );
    const reopen = await session.submit(
      `/jury/entries/${entry.id}/score`,
      `/jury/entries/${entry.id}/reopen`,
      {},
    );
    expect(reopen.status).toBe(303);
    expect((await sheetOf(juror, entry)).status).toBe('draft');
    expect(await t.db('audit_events').where({ action: 'score.reopen', subject_id: entry.id })).toHaveLength(
      1,
    );
    await post(
      session,
      entry,
      scoreForm(criteria, [6, 5, 5, 5, 5], { action: 'final', motivation: 'Goed.' }),
    );

    const token = await session.csrf(`/jury/entries/${entry.id}/score`);
    t.clock.set(new Date(edition.scoringDeadline!.getTime()));
    try {
      const late = await session.agent
        .post(`/jury/entries/${entry.id}/reopen`)
        .type('form')
        .send({ _csrf: token });
      expect(late.status).toBe(403);
      expect(late.text).toContain('Beoordelen kan nu niet');
      expect((await sheetOf(juror, entry)).status).toBe('final');
    } finally {
      t.clock.set(new Date('2027-11-02T09:00:00Z'));
    }
  });

  it('refuses scoring after the deadline and outside the judging phase, storing nothing', async () => {
    const { juror, session, entry } = await jurorWithEntry();
    const token = await session.csrf(`/jury/entries/${entry.id}/score`);
    t.clock.advance(15 * DAY_MS);
    try {
      const page = await session.get(`/jury/entries/${entry.id}/score`).expect(200);
      expect(page.text).toContain('Beoordelen kan nu niet');
      expect(page.text).not.toContain('name="action" value="final"');
      const res = await session.agent
        .post(`/jury/entries/${entry.id}/score`)
        .type('form')
        .send({ ...scoreForm(criteria, [5, 5, 5, 5, 5]), _csrf: token });
      expect(res.status).toBe(403);
      expect(res.text).toContain('de jurering is gesloten of nog niet begonnen. Er is niets opgeslagen.');
    } finally {
      t.clock.set(new Date('2027-11-02T09:00:00Z'));
    }
    await setPhase(t, edition, 'closed');
    try {
      const res = await post(session, entry, scoreForm(criteria, [5, 5, 5, 5, 5]));
      expect(res.status).toBe(403);
    } finally {
      await setPhase(t, edition, 'judging');
    }
    expect(await sheetOf(juror, entry)).toBeUndefined();
  });

  it('abstains with a reason (audited), and can take it back before the deadline', async () => {
    const { juror, session, entry } = await jurorWithEntry();
    const path = `/jury/entries/${entry.id}/abstain`;
    const empty = await session.submit(path, path, { reason: '' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Vul in waarom u deze inzending niet beoordeelt');
    expect(await sheetOf(juror, entry)).toBeUndefined();
    const res = await session.submit(path, path, { reason: 'Te ver van mijn vakgebied' });
    expect(res.headers.location).toBe('/jury?notice=abstained');
    const sheet = await sheetOf(juror, entry);
    expect(sheet.status).toBe('abstained');
    expect(sheet.abstain_reason).toBe('Te ver van mijn vakgebied');
    const audit = await t.db('audit_events').where({ action: 'score.abstain', subject_id: entry.id });
    expect(audit[0].reason).toBe('Te ver van mijn vakgebied');
    expect((await post(session, entry, scoreForm(criteria, [5, 5, 5, 5, 5]))).status).toBe(409);
    const dashboard = await session.get('/jury').expect(200);
    expect(dashboard.text).toContain('Niet beoordeeld');
    await session.submit(`/jury/entries/${entry.id}/score`, `/jury/entries/${entry.id}/reopen`, {});
    expect((await sheetOf(juror, entry)).status).toBe('draft');
  });

  it('two tabs saving at once never make a second sheet nor lose a criterion', async () => {
    const { juror, session, entry } = await jurorWithEntry();
    const token = await session.csrf(`/jury/entries/${entry.id}/score`);
    const send = (fields: Record<string, string>) =>
      session.agent
        .post(`/jury/entries/${entry.id}/score`)
        .type('form')
        .send({ ...fields, _csrf: token });
    // Each tab scored a different criterion; every tab posts every comment field, as the form does.
    const tabs = criteria.map((c, i) => {
      const values: Array<number | null> = criteria.map(() => null);
      values[i] = i + 3;
      return send(scoreForm(criteria, values, { motivation: `Tab ${i}` }));
    });
    const results = await Promise.all([
      ...tabs,
      ...tabs.map(() => send(scoreForm(criteria, [null, null, null, null, null]))),
    ]);
    expect(results.map((r) => r.status)).toEqual(results.map(() => 303));
    expect(await t.db('score_sheets').where({ juror_user_id: juror.id, entry_id: entry.id })).toHaveLength(1);
    const rows = await t
      .db('scores as s')
      .join('score_sheets as h', 'h.id', 's.sheet_id')
      .where({ 'h.juror_user_id': juror.id, 'h.entry_id': entry.id })
      .select('s.criterion_id');
    expect(rows).toHaveLength(criteria.length);
    expect(Object.values(await scoresOf(juror, entry))).toEqual([3, 4, 5, 6, 7]);
    expect((await sheetOf(juror, entry)).version).toBe(criteria.length * 2);
  });

  it('the schema allows one score per juror × entry × criterion', async () => {
    const { juror, session, entry } = await jurorWithEntry();
    await post(session, entry, scoreForm(criteria, [5, null, null, null, null]));
    const sheet = await sheetOf(juror, entry);
    const refused = expect.objectContaining({ message: expect.stringMatching(/unique|duplicate/i) });
    await expect(
      t.db('scores').insert({
        sheet_id: sheet.id,
        criterion_id: criteria[0]!.id,
        value: 3,
        comment: '',
        updated_at: new Date(),
      }),
    ).rejects.toEqual(refused);
    await expect(
      t.db('score_sheets').insert({
        edition_id: edition.id,
        juror_user_id: juror.id,
        entry_id: entry.id,
        status: 'draft',
        motivation: '',
        version: 0,
        created_at: new Date(),
        updated_at: new Date(),
      }),
    ).rejects.toEqual(refused);
  });
});

describe('what a juror may open', () => {
  it('an entry not assigned to them is 404 everywhere, also its attachments; an assigned one opens', async () => {
    const { session, entry } = await jurorWithEntry('Toegewezen');
    const { entry: stranger } = await createJuryEntry(t, { edition, categoryId, title: 'Niet toegewezen' });
    const mine = await createAttachment(t, { entry, originalName: 'plan.pdf' });
    const theirs = await createAttachment(t, { entry: stranger, originalName: 'geheim.pdf' });
    for (const path of [
      `/jury/entries/${stranger.id}`,
      `/jury/entries/${stranger.id}/score`,
      `/jury/entries/${stranger.id}/abstain`,
      `/jury/entries/${stranger.id}/conflict`,
    ]) {
      await session.get(path).expect(404);
    }
    const res = await post(session, stranger, scoreForm(criteria, [5, 5, 5, 5, 5]));
    expect(res.status).toBe(404);
    expect(await t.db('score_sheets').where({ entry_id: stranger.id })).toHaveLength(0);
    await session.get(`/entries/${stranger.id}/attachments/${theirs}`).expect(404);
    await session.get(`/entries/${entry.id}/attachments/${mine}`).expect(200);
    const page = await session.get(`/jury/entries/${entry.id}`).expect(200);
    expect(page.text).toContain('plan.pdf');
    expect(page.text).not.toContain('Niet toegewezen');
  });

  it('entries that are not submitted and admitted are not for the jury, even when assigned', async () => {
    const juror = await createJuror(t, { edition });
    const { entry: pending } = await createJuryEntry(t, { edition, categoryId, eligibility: 'pending' });
    await assign(t, edition, [[juror, pending]]);
    const session = await loggedIn(t.app, juror);
    await session.get(`/jury/entries/${pending.id}`).expect(404);
  });

  it('a juror of another edition is a stranger here', async () => {
    const { edition: other } = await createJudgingEdition(t, { name: 'Elders', year: 2030 });
    const { entry } = await createJuryEntry(t, { edition, categoryId });
    const outsider = await createJuror(t, { edition: other });
    await assign(t, edition, [[outsider, entry]]);
    await (await loggedIn(t.app, outsider)).get(`/jury/entries/${entry.id}`).expect(404);
  });

  it('blind judging hides the entrant, the partners and attachment names from jurors', async () => {
    const { edition: blind, categoryId: blindCategory } = await createJudgingEdition(t, {
      name: 'Blinde editie',
      year: 2032,
      blindJudging: true,
    });
    const partner = await createOrganisation(t.db, { name: 'Partnerstad', type: 'gemeente' });
    const entrant = await createOrganisation(t.db, { name: 'Inzenderdorp', type: 'gemeente' });
    const { entry } = await createJuryEntry(t, {
      edition: blind,
      categoryId: blindCategory,
      organisation: entrant,
      partnerIds: [partner.id],
      title: 'Blind project',
    });
    await createAttachment(t, { entry, originalName: 'Inzenderdorp-plan.pdf' });
    const juror = await createJuror(t, { edition: blind });
    await assign(t, blind, [[juror, entry]]);
    const session = await loggedIn(t.app, juror);
    for (const path of ['/jury', `/jury/entries/${entry.id}`, `/jury/entries/${entry.id}/score`]) {
      const page = await session.get(path).expect(200);
      expect(page.text).toContain('Blind project');
      expect(page.text).not.toContain('Inzenderdorp');
      expect(page.text).not.toContain('Partnerstad');
      expect(page.text).not.toContain('Contactpersoon');
    }
    const seen = await session.get(`/jury/entries/${entry.id}`);
    expect(seen.text).toContain('Blind jureren');
    expect(seen.text).toContain('Bijlage 1');
    // The same juror in a normal edition does see them.
    const open = await jurorWithEntry('Open project');
    const page = await open.session.get(`/jury/entries/${open.entry.id}`).expect(200);
    expect(page.text).toContain('Gemeente Testdorp');
  });
});

describe('independence until deliberation', () => {
  it("jurors see no other juror's scores or comments until the organiser opens deliberation", async () => {
    const { entry } = await createJuryEntry(t, { edition, categoryId, title: 'Onafhankelijk' });
    const anna = await createJuror(t, { edition, name: 'Anna Eerst' });
    const bert = await createJuror(t, { edition, name: 'Bert Later' });
    await assign(t, edition, [
      [anna, entry],
      [bert, entry],
    ]);
    const a = await loggedIn(t.app, anna);
    const b = await loggedIn(t.app, bert);
    await post(
      a,
      entry,
      scoreForm(criteria, [9, 9, 9, 9, 9], {
        action: 'final',
        motivation: 'Anna vindt dit uitmuntend',
        [`comment_${criteria[0]!.id}`]: 'Opmerking van Anna',
      }),
    );
    for (const path of [`/jury/entries/${entry.id}`, `/jury/entries/${entry.id}/score`, '/jury']) {
      const page = await b.get(path).expect(200);
      expect(page.text).not.toContain('Anna vindt dit uitmuntend');
      expect(page.text).not.toContain('Opmerking van Anna');
      expect(page.text).not.toContain('Anna Eerst');
    }
    await setPhase(t, edition, 'deliberation');
    try {
      const page = await b.get(`/jury/entries/${entry.id}`).expect(200);
      expect(page.text).toContain('Beoordelingen van de jury');
      expect(page.text).toContain('Anna Eerst');
      expect(page.text).toContain('Anna vindt dit uitmuntend');
      expect(page.text).toContain('Opmerking van Anna');
      // Scoring is over once deliberation starts.
      expect((await post(b, entry, scoreForm(criteria, [5, 5, 5, 5, 5]))).status).toBe(403);
    } finally {
      await setPhase(t, edition, 'judging');
    }
  });
});

describe('organiser progress and reminders', () => {
  it('shows the juror × entry matrix and mails a reminder only to jurors with unfinished work', async () => {
    const {
      edition: ed,
      criteria: crit,
      categoryId: cat,
    } = await createJudgingEdition(t, { name: 'Voortgang', year: 2033 });
    const admin = await createUser(t.db, { role: 'admin' });
    const organiser = await loggedIn(t.app, admin);
    const { entry: e1 } = await createJuryEntry(t, { edition: ed, categoryId: cat, title: 'Een' });
    const { entry: e2 } = await createJuryEntry(t, { edition: ed, categoryId: cat, title: 'Twee' });
    const done = await createJuror(t, { edition: ed, name: 'Klaar Kees', email: 'kees@example.nl' });
    const busy = await createJuror(t, { edition: ed, name: 'Bezig Berta', email: 'berta@example.nl' });
    const idle = await createJuror(t, { edition: ed, name: 'Nog Niets', email: 'niets@example.nl' });
    await assign(t, ed, [
      [done, e1],
      [done, e2],
      [busy, e1],
      [busy, e2],
      [idle, e1],
    ]);
    const kees = await loggedIn(t.app, done);
    for (const e of [e1, e2]) {
      const res = await post(
        kees,
        e,
        scoreForm(crit, [7, 7, 7, 7, 7], { action: 'final', motivation: 'Prima' }),
      );
      expect(res.status).toBe(303);
    }
    await post(await loggedIn(t.app, busy), e1, scoreForm(crit, [6, null, null, null, null]));

    const page = await organiser.get(`/admin/editions/${ed.id}/progress`).expect(200);
    expect(page.text).toContain('Klaar: 2 van 5 beoordelingen (40%)');
    expect(page.text).toContain('2/2 (100%)');
    expect(page.text).toContain('Bezig Berta: nog 2 inzendingen');
    expect(page.text).toContain('Nog Niets: nog 1 inzending');
    expect(page.text).toContain('Herinnering sturen aan 2 juryleden');

    const before = t.sink.mails.length;
    const res = await organiser.submit(
      `/admin/editions/${ed.id}/progress`,
      `/admin/editions/${ed.id}/progress/remind`,
      {},
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/admin/editions/${ed.id}/progress?sent=2`);
    const sent = t.sink.mails.slice(before);
    expect(sent.map((m) => m.to[0]).sort()).toEqual(['berta@example.nl', 'niets@example.nl']);
    expect(sent.find((m) => m.to[0] === 'berta@example.nl')!.text).toContain(
      'U heeft nog 2 inzendingen van Voortgang te beoordelen',
    );
    const audit = await t.db('audit_events').where({ action: 'reminder.send', subject_id: ed.id });
    expect(
      JSON.parse(audit[0].after_json)
        .jurors.map((j: { jurorId: number }) => j.jurorId)
        .sort(),
    ).toEqual([busy.id, idle.id].sort());
    expect((await organiser.get(`/admin/editions/${ed.id}/progress?sent=2`)).text).toContain(
      'Er is een herinnering verstuurd aan 2 juryleden.',
    );
  });
});
