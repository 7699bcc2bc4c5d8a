import pino from 'pino';
import type { Criterion, Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';
import { createI18n, fastT } from '../../../src/i18n/i18n';
import { createMailer } from '../../../src/mail/mailer';
import {
  announceResults,
  decideWinner,
  editionResults,
  saveJuryNote,
  setNomination,
} from '../../../src/results/results.service';
import { findUserById } from '../../../src/users/user.repo';
import type { User } from '../../../src/users/user.types';
import { createUser } from '../../helpers/factories';
import {
  createRankedEntry,
  createResultsEdition,
  createSeatedJuror,
  writeSheet,
} from '../../helpers/results';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

/**
 * Every refusal of the results service is a Result from the closed set (shared/result.ts), and a refusal leaves
 * nothing written: the statuses the routes give (422 a form, 404 gone, 409 the state of the edition) follow.
 */
const i18n = createI18n();
const nl = { t: fastT(i18n, 'nl'), lng: 'nl' as const };
let t: TestApp;
let actor: User;
let edition: Edition;
let criteria: Criterion[];
let categoryId: number;
const entries: Entry[] = [];

const standing = { computedWinnerEntryId: null, winnerRank: 1, robust: true };
const count = async (table: string) => (await t.db(table)).length;

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-20T10:00:00Z') });
  const admin = await createUser(t.db, { role: 'admin' });
  actor = (await findUserById(t.db, admin.id))!;
  ({ edition, criteria, categoryId } = await createResultsEdition(t, { year: 2027 }));
  for (const [title, org] of [
    ['Slim inkopen', 'Gemeente Appeldorp'],
    ['Digitale balie', 'Gemeente Berkel'],
  ])
    entries.push(
      (await createRankedEntry(t, { edition, categoryId, title: title!, organisationName: org! })).entry,
    );
  const juror = await createSeatedJuror(t, { edition, name: 'Anna Aalders', invitedBy: admin });
  for (const entry of entries) await writeSheet(t, { edition, criteria, juror, entry, values: 7 });
});
afterAll(() => t.close());

describe('refusals of the results service', () => {
  it('refuses a note that is too long as a form error, writing nothing', async () => {
    const result = await saveJuryNote(t, {
      actor,
      editionId: edition.id,
      entryId: entries[0]!.id,
      note: 'x'.repeat(5001),
    });
    expect(result).toEqual({
      ok: false,
      refusal: 'invalid',
      errors: [{ field: 'note', messageKey: 'results.errors.noteTooLong' }],
    });
    expect(await count('jury_notes')).toBe(0);
  });

  it('does not know an entry outside the ranking, or an edition that is gone', async () => {
    expect(
      await setNomination(t, { actor, editionId: edition.id, entryId: 999_999, kind: 'nominee' }),
    ).toMatchObject({ ok: false, refusal: 'notFound' });
    expect(
      await saveJuryNote(t, { actor, editionId: 999_999, entryId: entries[0]!.id, note: 'Goed.' }),
    ).toMatchObject({ ok: false, refusal: 'notFound' });
  });

  it('refuses a winner who is not a nominee and a missing motivation at once, rolling back', async () => {
    const result = await decideWinner(t, {
      actor,
      editionId: edition.id,
      winnerEntryId: entries[0]!.id,
      motivation: ' ',
      standing,
    });
    expect(result).toEqual({
      ok: false,
      refusal: 'invalid',
      errors: [
        { field: 'winnerEntryId', messageKey: 'results.errors.decision.winnerNotNominee' },
        { field: 'motivation', messageKey: 'results.errors.decision.motivationRequired' },
      ],
    });
    expect(await count('result_decisions')).toBe(0);
  });

  it('records the decision, keeps the winner on the shortlist, and announces only once (409)', async () => {
    expect(
      await setNomination(t, { actor, editionId: edition.id, entryId: entries[0]!.id, kind: 'nominee' }),
    ).toEqual({
      ok: true,
      value: undefined,
    });
    const decided = await decideWinner(t, {
      actor,
      editionId: edition.id,
      winnerEntryId: entries[0]!.id,
      motivation: 'Goed gedaan.',
      standing,
    });
    expect(decided.ok).toBe(true);
    expect((await t.db('editions').where({ id: edition.id }).first()).phase).toBe('decided');
    expect(
      await setNomination(t, { actor, editionId: edition.id, entryId: entries[0]!.id, kind: null }),
    ).toMatchObject({
      ok: false,
      refusal: 'invalid',
      errors: [{ field: 'kind', messageKey: 'results.errors.nomination.winnerMustStayNominee' }],
    });

    const logger = pino({ level: 'silent' });
    const deps = { ...t, i18n, logger, mailer: createMailer(t.config, logger) };
    const input = { actor, editionId: edition.id, mailEntrants: false };
    expect(await announceResults(deps, input)).toEqual({ ok: true, value: { mailed: 0, mailFailures: 0 } });
    expect(await announceResults(deps, input)).toEqual({
      ok: false,
      refusal: 'conflict',
      errors: [{ field: 'announce', messageKey: 'results.errors.announce.alreadyAnnounced' }],
    });
    expect(await t.db('audit_events').where({ action: 'result.announce' })).toHaveLength(1);
  });

  it('refuses to rank an edition whose weights do not add up to 100 (409), instead of ranking wrongly', async () => {
    const { edition: other, criteria: otherCriteria } = await createResultsEdition(t, { year: 2028 });
    await t.db('criteria').where({ id: otherCriteria[0]!.id }).update({ weight: 5 });
    expect(await editionResults(t, { ...nl, edition: other })).toEqual({
      ok: false,
      refusal: 'conflict',
      errors: [{ field: 'form', messageKey: 'results.errors.cannotRank' }],
    });
  });
});
