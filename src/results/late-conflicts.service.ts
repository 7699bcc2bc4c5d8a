/**
 * The organiser's decision on a conflict a juror declared after scoring closed (jury/conflict.service.ts:
 * declareConflict). Accepting it drops the juror's sheet: the declaration goes into conflict_decisions (so the
 * conflict rule everyone reads now holds), and what that moved in the ranking is computed before and after, in the
 * same transaction, and kept with the decision and in the audit record. Rejecting keeps the sheet; both need a reason.
 */
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { findEdition } from '../editions/edition.repo';
import { effectivePhase } from '../editions/phase';
import { insertDecision } from '../jury/conflict.repo';
import { decideLateConflictRow, findLateConflict, type RankingMoves } from '../jury/late-conflict.repo';
import { inTransaction, invalid, ok, refuse, type Result } from '../shared/result';
import type { User } from '../users/user.types';
import { withRankingMoves } from './ranking-moves.service';

type Deps = Pick<AppContext, 'db' | 'clock'>;

export const LATE_REASON_MAX = 2000;

export async function decideLateConflict(
  deps: Deps,
  input: {
    actor: User;
    editionId: number;
    lateConflictId: number;
    decision: 'accept' | 'reject';
    reason: string;
  },
): Promise<Result<{ moves: RankingMoves | null }>> {
  const now = deps.clock.now();
  const reason = input.reason.replace(/\r\n/g, '\n').trim();
  if (reason === '')
    return invalid([
      { field: `reason-${input.lateConflictId}`, messageKey: 'results.late.errors.reasonRequired' },
    ]);
  if (reason.length > LATE_REASON_MAX)
    return invalid([
      { field: `reason-${input.lateConflictId}`, messageKey: 'results.late.errors.reasonTooLong' },
    ]);
  return inTransaction(deps.db, async (trx): Promise<Result<{ moves: RankingMoves | null }>> => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return refuse('notFound', 'errors.404.message');
    const late = await findLateConflict(trx, edition.id, input.lateConflictId);
    if (!late) return refuse('notFound', 'errors.404.message');
    if (late.status !== 'pending' || effectivePhase(edition, now) === 'announced')
      return refuse('conflict', 'results.late.errors.alreadyDecided');
    let moves: RankingMoves | null = null;
    if (input.decision === 'accept') {
      moves = await withRankingMoves(trx, {
        edition,
        now,
        change: () =>
          insertDecision(trx, {
            editionId: edition.id,
            jurorId: late.jurorId,
            entryId: late.entryId,
            kind: 'declared',
            reason: late.reason,
            decidedById: late.jurorId,
            now: late.declaredAt,
          }),
      });
    }
    if (
      !(await decideLateConflictRow(trx, {
        id: late.id,
        status: input.decision === 'accept' ? 'accepted' : 'rejected',
        actorId: input.actor.id,
        reason,
        moves,
        now,
      }))
    )
      return refuse('conflict', 'results.late.errors.alreadyDecided');
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: input.decision === 'accept' ? 'conflict.late_accept' : 'conflict.late_reject',
      subjectType: 'entry',
      subjectId: late.entryId,
      before: { jurorId: late.jurorId, status: 'pending', declaredReason: late.reason },
      after: { jurorId: late.jurorId, status: input.decision === 'accept' ? 'accepted' : 'rejected', moves },
      reason,
      at: now,
    });
    return ok({ moves });
  });
}
