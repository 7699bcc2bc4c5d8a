/**
 * A juror's work on an entry: saving a draft, submitting it as final, reopening it before the deadline, and
 * abstaining. Everything is checked inside one transaction before anything is kept: a refusal rolls the
 * transaction back (inTransaction), so a refused save leaves no trace (not even the criteria lock). Each accepted
 * action writes its audit record in the same transaction.
 */
import type { Knex } from 'knex';
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { listCriteria } from '../editions/edition.repo';
import type { Criterion, Edition } from '../editions/edition.types';
import type { Entry } from '../entries/entry.types';
import {
  inTransaction,
  invalid,
  ok,
  refuse,
  type FieldError,
  type Refusal,
  type Result,
} from '../shared/result';
import type { User } from '../users/user.types';
import { jurorEntryAccess } from './jury.access';
import type { ScoreSheet } from './jury.types';
import {
  criterionEditions,
  ensureSheet,
  findSheet,
  listScores,
  lockEditionCriteria,
  updateSheet,
  upsertScores,
  type ScoreWrite,
} from './score.repo';
import {
  checkSheetAction,
  isScoringOpen,
  missingForFinal,
  parseScoreValue,
  refusalKey,
  type SheetAction,
} from './scoring.rules';

type Deps = Pick<AppContext, 'db' | 'clock'>;

export const COMMENT_MAX = 5000;
export const MOTIVATION_MAX = 10000;
export const REASON_MAX = 2000;

/**
 * Re-checks access inside the transaction (a seat revoked or a conflict declared a moment ago counts) and
 * re-reads the edition, whose phase and deadline decide whether scoring is open.
 */
async function checkedContext(trx: Knex.Transaction, user: User, entry: Entry): Promise<Result<Edition>> {
  const access = await jurorEntryAccess(trx, user, entry);
  if (!access.ok) {
    if (access.status === 403) return refuse('forbidden', access.messageKey);
    return refuse('notFound', 'errors.404.message');
  }
  // In deliberation every juror may read every entry, but only the assigned ones were ever theirs to score.
  if (!access.access.assigned) return refuse('forbidden', 'jury.errors.notAssigned');
  // Rule of the prize: no sheet before the juror accepted the edition's jury declaration (declaration.service.ts).
  if (!access.access.juror.declarationAcceptedAt)
    return refuse('forbidden', 'jury.declaration.errors.notAccepted');
  return ok(access.access.edition);
}

/** Null when the action may go ahead; else the refusal: 403 when scoring is closed, 409 for the sheet's state. */
function checkAction(
  action: SheetAction,
  sheet: ScoreSheet | undefined,
  edition: Edition,
  now: Date,
): Refusal | null {
  const check = checkSheetAction({
    action,
    status: sheet?.status ?? null,
    scoringOpen: isScoringOpen(edition, now),
  });
  if (check.ok) return null;
  return refuse(check.reason === 'scoring_closed' ? 'forbidden' : 'conflict', refusalKey(check.reason));
}

/** What the scoring form posted, before any checks: raw keys after "score_"/"comment_" and their values. */
export interface PostedSheet {
  scores: Map<string, string>;
  comments: Map<string, string>;
  /** Undefined when the form did not send the field: the stored motivation is kept. */
  motivation: string | undefined;
}

/**
 * Turns posted keys into criterion ids of this edition. Any key that is not one of them refuses the whole save:
 * a crafted or stale form must not half-succeed.
 */
async function criterionIdsOf(
  trx: Knex.Transaction,
  edition: Edition,
  posted: PostedSheet,
): Promise<Result<Criterion[]>> {
  const criteria = await listCriteria(trx, edition.id);
  const ids = new Set(criteria.map((c) => c.id));
  const keys = [...new Set([...posted.scores.keys(), ...posted.comments.keys()])];
  const numeric = keys.filter((k) => /^\d{1,9}$/.test(k)).map(Number);
  const elsewhere = await criterionEditions(
    trx,
    numeric.filter((id) => !ids.has(id)),
  );
  for (const key of keys) {
    const id = Number(key);
    if (/^\d{1,9}$/.test(key) && ids.has(id)) continue;
    const other = /^\d{1,9}$/.test(key) && elsewhere.has(id);
    return refuse('invalid', other ? 'jury.errors.criterionOtherEdition' : 'jury.errors.criterionUnknown');
  }
  return ok(criteria);
}

function valueErrors(edition: Edition, posted: PostedSheet): { writes: ScoreWrite[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const writes = new Map<number, ScoreWrite>();
  const scale = { min: edition.scaleMin, max: edition.scaleMax };
  for (const [key, raw] of posted.scores) {
    const id = Number(key);
    const parsed = parseScoreValue(raw, scale);
    if (!parsed.ok) {
      errors.push({
        field: `score_${id}`,
        messageKey:
          parsed.error === 'out_of_scale' ? 'jury.errors.scoreOutOfScale' : 'jury.errors.scoreNotInteger',
        params: { ...scale, criterionId: id },
      });
      continue;
    }
    writes.set(id, { criterionId: id, value: parsed.value });
  }
  for (const [key, comment] of posted.comments) {
    const id = Number(key);
    if (comment.length > COMMENT_MAX) {
      errors.push({
        field: `comment_${id}`,
        messageKey: 'common.errors.tooLong',
        params: { max: COMMENT_MAX },
      });
      continue;
    }
    writes.set(id, { ...(writes.get(id) ?? { criterionId: id }), comment });
  }
  if ((posted.motivation ?? '').length > MOTIVATION_MAX)
    errors.push({
      field: 'motivation',
      messageKey: 'common.errors.tooLong',
      params: { max: MOTIVATION_MAX },
    });
  return { writes: [...writes.values()], errors };
}

/**
 * Saves the juror's scores as a draft, or submits them as final (every criterion scored and a motivation
 * given). Refused, with nothing stored: a value outside the scale or not a whole number, a criterion that is not
 * this edition's, an entry the juror is not assigned to or is conflicted with, scoring closed (phase or
 * deadline), a sheet already final or abstained.
 */
export async function saveSheet(
  deps: Deps,
  input: { user: User; entry: Entry; action: 'draft' | 'final'; posted: PostedSheet },
): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    // First, so that on PostgreSQL the edition row is locked before its scale is read (see lockEditionCriteria).
    // A refusal below rolls the lock back with everything else.
    const lockedNow = await lockEditionCriteria(trx, { editionId: input.entry.editionId, now });
    const context = await checkedContext(trx, input.user, input.entry);
    if (!context.ok) return context;
    const edition = context.value;
    const known = await criterionIdsOf(trx, edition, input.posted);
    if (!known.ok) return known;
    const criteria = known.value;
    const { writes, errors } = valueErrors(edition, input.posted);
    if (errors.length) return invalid(errors);
    await ensureSheet(trx, { editionId: edition.id, jurorId: input.user.id, entryId: input.entry.id, now });
    const sheet = (await findSheet(trx, { jurorId: input.user.id, entryId: input.entry.id, lock: true }))!;
    const refused = checkAction(input.action, sheet, edition, now);
    if (refused) return refused;
    await upsertScores(trx, { sheetId: sheet.id, writes, now });
    const stored = (await listScores(trx, [sheet.id])).get(sheet.id) ?? [];
    const values = new Map(stored.map((s) => [s.criterionId, s.value]));
    const motivation = input.posted.motivation ?? sheet.motivation;
    if (input.action === 'final') {
      const missing = missingForFinal({ criterionIds: criteria.map((c) => c.id), values, motivation });
      const missingErrors: FieldError[] = [
        ...missing.criteria.map((id) => ({
          field: `score_${id}`,
          messageKey: 'jury.errors.scoreRequired',
          params: { criterionId: id },
        })),
        ...(missing.motivation
          ? [{ field: 'motivation', messageKey: 'jury.errors.motivationRequired' }]
          : []),
      ];
      if (missingErrors.length) return invalid(missingErrors);
    }
    const status = input.action === 'final' ? 'final' : 'draft';
    await updateSheet(
      trx,
      sheet.id,
      { status, motivation, finalizedAt: status === 'final' ? now : null },
      now,
    );
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: input.action === 'final' ? 'score.submit_final' : 'score.save_draft',
      subjectType: 'entry',
      subjectId: input.entry.id,
      before: { status: sheet.status, version: sheet.version },
      after: {
        jurorId: input.user.id,
        sheetId: sheet.id,
        status,
        version: sheet.version + 1,
        values: Object.fromEntries(stored.map((s) => [s.criterionId, s.value])),
        commented: stored.filter((s) => s.comment.trim() !== '').map((s) => s.criterionId),
        motivation: motivation.trim() !== '',
        criteriaLocked: lockedNow,
      },
      at: now,
    });
    return ok();
  });
}

/** Takes a final (or abstained) sheet back to draft, only while scoring is open. */
export async function reopenSheet(deps: Deps, input: { user: User; entry: Entry }): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const context = await checkedContext(trx, input.user, input.entry);
    if (!context.ok) return context;
    const sheet = await findSheet(trx, { jurorId: input.user.id, entryId: input.entry.id, lock: true });
    const refused = checkAction('reopen', sheet, context.value, now);
    if (refused) return refused;
    // checkAction refuses a reopen without a final or abstained sheet.
    await updateSheet(trx, sheet!.id, { status: 'draft', finalizedAt: null, abstainReason: null }, now);
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: 'score.reopen',
      subjectType: 'entry',
      subjectId: input.entry.id,
      before: { jurorId: input.user.id, status: sheet!.status, version: sheet!.version },
      after: { jurorId: input.user.id, status: 'draft', version: sheet!.version + 1 },
      at: now,
    });
    return ok();
  });
}

/**
 * The juror abstains from scoring an entry, with a reason (e.g. they could not judge it on its merits). Scores
 * already drafted stay stored but do not count while the sheet is abstained.
 */
export async function abstain(
  deps: Deps,
  input: { user: User; entry: Entry; reason: string },
): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const context = await checkedContext(trx, input.user, input.entry);
    if (!context.ok) return context;
    const edition = context.value;
    await ensureSheet(trx, { editionId: edition.id, jurorId: input.user.id, entryId: input.entry.id, now });
    const sheet = (await findSheet(trx, { jurorId: input.user.id, entryId: input.entry.id, lock: true }))!;
    const refused = checkAction('abstain', sheet, edition, now);
    if (refused) return refused;
    await updateSheet(trx, sheet.id, { status: 'abstained', abstainReason: input.reason }, now);
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: 'score.abstain',
      subjectType: 'entry',
      subjectId: input.entry.id,
      before: { jurorId: input.user.id, status: sheet.status, version: sheet.version },
      after: { jurorId: input.user.id, status: 'abstained', version: sheet.version + 1 },
      reason: input.reason,
      at: now,
    });
    return ok();
  });
}
