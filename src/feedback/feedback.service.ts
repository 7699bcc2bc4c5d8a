/**
 * Feedback letters to entrants (docs/ARCHITECTURE.md, "Feedback letters"): prepared after the announcement from the
 * ranking the results engine computed (editionResults: the same numbers as the results page and the jury report)
 * and the counted sheets' comments, edited by organisers while drafts, released one by one or all at once. A
 * released letter is final. Every change runs in one transaction with its audit record; the release mail goes to
 * every member of the entrant organisation after the commit, in each person's language, through the outbox.
 */
import type { TFunction } from 'i18next';
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { findEdition } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { effectivePhase } from '../editions/phase';
import { listJurors } from '../jury/juror.repo';
import { mailEach } from '../mail/notify';
import { organisationRecipients } from '../organisations/membership.service';
import { findDecision, listFinalComments } from '../results/results.repo';
import { isAnnounced } from '../results/results.rules';
import { editionResults } from '../results/results.service';
import { inTransaction, invalid, ok, refuse, type Result } from '../shared/result';
import type { Lng } from '../shared/time';
import type { User } from '../users/user.types';
import { composeLetter, type LetterEntryStats } from './feedback.letter';
import { findLetter, insertDrafts, listLetters, releaseDrafts, updateDraftBody } from './feedback.repo';

type Deps = Pick<AppContext, 'db' | 'clock' | 'mailer' | 'config' | 'i18n' | 'logger'>;

export const LETTER_MAX = 20000;

/** Letters follow the announcement: before it, nothing about an entry's result may be written down for entrants. */
async function announced(db: Deps['db'], edition: Edition, now: Date): Promise<boolean> {
  return isAnnounced(effectivePhase(edition, now), await findDecision(db, edition.id));
}

/**
 * The letter of every entry in the ranking, in the language of `t`: the entry's numbers and the field's from one
 * computeResults, and the comments of the sheets that count (those of a juror with a conflict or off the jury do
 * not), without names.
 */
export async function draftLetters(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { edition: Edition; t: TFunction; lng: Lng },
): Promise<Result<Map<number, string>>> {
  const computed = await editionResults(deps, input);
  if (!computed.ok) return computed;
  const { results, view, data } = computed.value;
  const statsOf = (entryId: number): LetterEntryStats => {
    const row = results.rows.find((r) => r.entryId === entryId)!;
    return {
      sheetCount: row.stats.sheetCount,
      mean: row.stats.mean,
      criteria: new Map(row.stats.criteria.map((c) => [c.criterionId, c.mean])),
    };
  };
  // The field: every scored entry the ranking holds (too few scores included: it was judged like the others).
  const field = results.rows.filter((r) => r.stats.sheetCount > 0).map((r) => statsOf(r.entryId));
  const comments = (
    await listFinalComments(
      deps.db,
      data.edition.id,
      view.rows.map((row) => row.entry.id),
    )
  ).filter((c) => view.scoreOf(c.jurorId, c.entryId) !== undefined);
  // Every juror ever seated, revoked ones too: none may be named.
  const jurorNames = (await listJurors(deps.db, data.edition.id)).map((j) => j.name);
  const letters = new Map<number, string>();
  for (const row of view.rows) {
    letters.set(
      row.entry.id,
      composeLetter({
        editionName: data.edition.name,
        entryLabel: `${row.entry.numberLabel} ${row.entry.title}`,
        organisationName: row.entry.organisationName,
        scale: { min: data.edition.scaleMin, max: data.edition.scaleMax },
        criteria: view.criteria,
        entry: statsOf(row.entry.id),
        field,
        comments: comments
          .filter((c) => c.entryId === row.entry.id)
          .map((c) => ({ criterionId: c.criterionId, text: c.text })),
        jurorNames,
        t: input.t,
        lng: input.lng,
      }),
    );
  }
  return ok(letters);
}

/**
 * Prepares a draft letter for every entry in the ranking that has none yet, in the organiser's language. Letters
 * already there (edited drafts, released letters) are kept as they are. Organisers, after the announcement.
 */
export async function generateLetters(
  deps: Deps,
  input: { actor: User; editionId: number; t: TFunction; lng: Lng },
): Promise<Result<{ created: number }>> {
  const now = deps.clock.now();
  const edition = await findEdition(deps.db, input.editionId);
  if (!edition) return refuse('notFound', 'errors.404.message');
  if (!(await announced(deps.db, edition, now))) return refuse('conflict', 'feedback.errors.notAnnounced');
  const drafted = await draftLetters(deps, { edition, t: input.t, lng: input.lng });
  if (!drafted.ok) return drafted;
  return inTransaction(deps.db, async (trx) => {
    const existing = new Set((await listLetters(trx, edition.id)).map((l) => l.entryId));
    const created = await insertDrafts(trx, {
      editionId: edition.id,
      language: input.lng,
      letters: [...drafted.value]
        .filter(([entryId]) => !existing.has(entryId))
        .map(([entryId, body]) => ({ entryId, body })),
      actorId: input.actor.id,
      now,
    });
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'letter.generate',
      subjectType: 'edition',
      subjectId: edition.id,
      after: { entryIds: created.sort((a, b) => a - b), language: input.lng },
      at: now,
    });
    return ok({ created: created.length });
  });
}

/**
 * Saves an organiser's text of a draft letter. A released letter is final (409): entrants have read and downloaded
 * it, so it is never changed under them; a correction is a message to them (messages/). Organisers.
 */
export async function updateLetter(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { actor: User; editionId: number; letterId: number; body: string },
): Promise<Result> {
  const now = deps.clock.now();
  const body = input.body.trim();
  if (body === '') return invalid([{ field: 'body', messageKey: 'feedback.errors.bodyRequired' }]);
  if (body.length > LETTER_MAX)
    return invalid([{ field: 'body', messageKey: 'common.errors.tooLong', params: { max: LETTER_MAX } }]);
  return inTransaction(deps.db, async (trx) => {
    const letter = await findLetter(trx, input.letterId);
    if (!letter || letter.editionId !== input.editionId) return refuse('notFound', 'errors.404.message');
    if (letter.status === 'released') return refuse('conflict', 'feedback.errors.released');
    if (letter.body === body) return ok();
    if (!(await updateDraftBody(trx, { id: letter.id, body, actorId: input.actor.id, now })))
      return refuse('conflict', 'feedback.errors.released');
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'letter.edit',
      subjectType: 'entry',
      subjectId: letter.entryId,
      before: { body: letter.body },
      after: { body },
      at: now,
    });
    return ok();
  });
}

/**
 * Releases one draft letter, or every draft of the edition: from the commit on, the entrant organisation's members
 * read it on their entry page and download it as PDF; each of them gets a mail. Audited per letter. Organisers,
 * after the announcement.
 */
export async function releaseLetters(
  deps: Deps,
  input: { actor: User; editionId: number; letterId: number | null },
): Promise<Result<{ released: number }>> {
  const now = deps.clock.now();
  const released = await inTransaction(deps.db, async (trx) => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return refuse('notFound', 'errors.404.message');
    if (!(await announced(trx, edition, now))) return refuse('conflict', 'feedback.errors.notAnnounced');
    const letters = await listLetters(trx, edition.id);
    const chosen =
      input.letterId === null ? letters : letters.filter((letter) => letter.id === input.letterId);
    if (input.letterId !== null && chosen.length === 0) return refuse('notFound', 'errors.404.message');
    const ids = await releaseDrafts(trx, {
      editionId: edition.id,
      ids: chosen.map((letter) => letter.id),
      actorId: input.actor.id,
      now,
    });
    if (ids.length === 0) return refuse('conflict', 'feedback.errors.nothingToRelease');
    const byId = new Map(letters.map((letter) => [letter.id, letter]));
    for (const id of ids)
      await recordAudit(trx, {
        actorUserId: input.actor.id,
        action: 'letter.release',
        subjectType: 'entry',
        subjectId: byId.get(id)!.entryId,
        after: { letterId: id },
        at: now,
      });
    return ok({ edition, letters: ids.map((id) => byId.get(id)!) });
  });
  if (!released.ok) return released;
  const { edition, letters } = released.value;
  for (const letter of letters) {
    const recipients = await organisationRecipients(deps, letter.organisationId);
    await mailEach(deps, recipients, (t, r) => ({
      template: 'feedback.mail.released',
      subject: t('feedback.mail.released.subject', { edition: edition.name }),
      text: t('feedback.mail.released.body', {
        name: r.name,
        edition: edition.name,
        title: letter.entryTitle,
        link: `${deps.config.baseUrl}/entries/${letter.entryId}/feedback`,
      }),
    }));
  }
  return ok({ released: letters.length });
}
