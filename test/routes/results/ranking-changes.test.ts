/**
 * Every change to the ranking after scoring closed is shown and audited (issue #12): an organiser who adds or lifts
 * a conflict once scoring closed changes which sheets count, so what it moved is computed in the same transaction
 * (results/moves.ts, as for accepted late conflicts), kept with the decision, shown on the results page with the
 * reason, and put in the audit event.
 */
import { postEditionForm as postEditionFormAs } from '../../helpers/editions';
import type { Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';
import type { Browser } from '../../helpers/agent';
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
const postEditionForm = (changes: Record<string, string>) =>
  postEditionFormAs(t, organiser, edition.id, changes);

const decisions = () => t.db('conflict_decisions').where({ edition_id: edition.id }).orderBy('id');

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

describe('an organiser’s conflict decision after scoring closed', () => {
  it('adding one shows what moved and why on the results page, kept with the decision and audited', async () => {
    const page = `${base()}/conflicts`;
    const res = await organiser.submit(page, page, {
      jurorId: String(jurors.bram.id),
      entryId: String(entries.x.id),
      reason: 'Bram bleek adviseur van het project.',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${base()}/results?notice=rankingChanged#ranking-changes`);

    // Without Bram's sheet X falls to 60 and Y (66.67) wins.
    const moves = {
      winnerBefore: entries.x.id,
      winnerAfter: entries.y.id,
      moved: [
        { entryId: entries.x.id, before: 1, after: 2 },
        { entryId: entries.y.id, before: 2, after: 1 },
      ],
    };
    const [added] = await decisions();
    expect(added).toMatchObject({ kind: 'organiser_added', juror_user_id: jurors.bram.id });
    expect(JSON.parse(String(added.moves_json))).toEqual(moves);
    const audit = await t.db('audit_events').where({ action: 'conflict.add', subject_id: entries.x.id });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(String(audit[0].after_json))).toMatchObject({ conflicted: true, moves });
    expect(audit[0].reason).toBe('Bram bleek adviseur van het project.');

    const results = await organiser.get(`${base()}/results?notice=rankingChanged`).expect(200);
    expect(results.text).toContain('wat er in de ranglijst verschoof staat hieronder');
    expect(rankingFromPage(results.text).map((row) => [row.entryId, row.rank])).toEqual([
      [entries.y.id, 1],
      [entries.x.id, 2],
    ]);
    const section = results.text.slice(results.text.indexOf('id="ranking-changes"'));
    expect(section).toContain('Wijzigingen in de ranglijst na de beoordeling');
    expect(section).toMatch(
      /Olga Organisator voegde op .+ een belangenconflict toe voor Bram Bos bij \d{4}-\d{3} Slim inkopen/,
    );
    expect(section).toContain('Reden: Bram bleek adviseur van het project.');
    expect(section).toMatch(
      /De berekende winnaar veranderde van \d{4}-\d{3} Slim inkopen naar \d{4}-\d{3} Digitale balie/,
    );
    expect(section).toMatch(/\d{4}-\d{3} Slim inkopen: plaats 1 → 2/);
  });

  it('lifting it again moves the ranking back, shown and audited the same way', async () => {
    const path = `${base()}/conflicts/${jurors.bram.id}/${entries.x.id}`;
    const res = await organiser.submit(path, path, {
      decision: 'lift',
      reason: 'Het adviseurschap eindigde voor de inzending.',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${base()}/results?notice=rankingChanged#ranking-changes`);
    const [, lifted] = await decisions();
    expect(lifted).toMatchObject({ kind: 'organiser_lifted' });
    expect(JSON.parse(String(lifted.moves_json))).toEqual({
      winnerBefore: entries.y.id,
      winnerAfter: entries.x.id,
      moved: [
        { entryId: entries.y.id, before: 1, after: 2 },
        { entryId: entries.x.id, before: 2, after: 1 },
      ],
    });
    const audit = await t.db('audit_events').where({ action: 'conflict.lift', subject_id: entries.x.id });
    expect(JSON.parse(String(audit[0].after_json)).moves.winnerAfter).toBe(entries.x.id);

    const results = await organiser.get(`${base()}/results`).expect(200);
    const section = results.text.slice(results.text.indexOf('id="ranking-changes"'));
    expect(section.match(/data-change-id=/g)).toHaveLength(2);
    expect(section).toMatch(/Olga Organisator hief op .+ het belangenconflict op van Bram Bos/);
    expect(section).toContain('Reden: Het adviseurschap eindigde voor de inzending.');
  });

  it('a decision that moves nothing still says so', async () => {
    // Carla on Y: without her 90, Y = (70 + 40) / 2 = 55 < X 73.33: the order stays X, Y.
    const page = `${base()}/conflicts`;
    const res = await organiser.submit(page, page, {
      jurorId: String(jurors.carla.id),
      entryId: String(entries.y.id),
      reason: 'Carla is familie van de projectleider.',
    });
    expect(res.headers.location).toBe(`${base()}/results?notice=rankingChanged#ranking-changes`);
    const [, , added] = await decisions();
    expect(JSON.parse(String(added.moves_json))).toEqual({
      winnerBefore: entries.x.id,
      winnerAfter: entries.x.id,
      moved: [],
    });
    const results = await organiser.get(`${base()}/results`).expect(200);
    expect(results.text).toContain('Er verschoof niets in de ranglijst.');
  });

  it('a change of the minimum after scoring closed shows what it moved, kept with the change and audited', async () => {
    // Now X has Anna, Bram, Carla (3 sheets), Y has Anna and Bram (Carla conflicted): a minimum of 3 takes Y out.
    await t.db('editions').where({ id: edition.id }).update({ criteria_locked_at: t.clock.now() });
    const res = await postEditionForm({
      minScores: '3',
      rulesChangeReason: 'De jury besloot vooraf tot drie beoordelingen; dat was niet ingevuld.',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${base()}/results?notice=rankingChanged#ranking-changes`);
    const moves = {
      winnerBefore: entries.x.id,
      winnerAfter: entries.x.id,
      moved: [{ entryId: entries.y.id, before: 2, after: null }],
    };
    const [change] = await t.db('edition_rule_changes').where({ edition_id: edition.id });
    expect(change).toMatchObject({ field: 'minScores', before_value: '1', after_value: '3' });
    expect(JSON.parse(String(change.moves_json))).toEqual(moves);
    const audit = await t.db('audit_events').where({ action: 'edition.rules_change' });
    expect(JSON.parse(String(audit[0].after_json))).toEqual({ minScores: '3', moves });

    const results = await organiser.get(`${base()}/results`).expect(200);
    const section = results.text.slice(results.text.indexOf('id="ranking-changes"'));
    expect(section.match(/data-change-id=/g)).toHaveLength(4);
    expect(section).toMatch(/Olga Organisator wijzigde op .+: minimaal aantal beoordelingen van 1 naar 3\./);
    expect(section).toContain('Reden: De jury besloot vooraf tot drie beoordelingen; dat was niet ingevuld.');
    expect(section).toMatch(/\d{4}-\d{3} Digitale balie: plaats 2 → geen \(te weinig beoordelingen\)/);
  });
});
