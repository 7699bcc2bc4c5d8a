import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { endMembershipsOf } from '../organisations/membership.repo';
import { inTransaction, ok, refuse, type Result } from '../shared/result';
import { countActiveAdmins } from '../users/user.repo';
import type { User } from '../users/user.types';
import {
  anonymiseUser,
  decideDeletionRequest,
  findDeletionRequest,
  findPendingRequestOf,
  insertDeletionRequest,
} from './privacy.repo';

type Deps = Pick<AppContext, 'db' | 'clock'>;

/** Records a request to delete the account; asking twice keeps the first request. */
export async function requestDeletion(deps: Deps, input: { user: User; reason: string }): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    if (await findPendingRequestOf(trx, input.user.id)) return ok();
    const id = await insertDeletionRequest(trx, { userId: input.user.id, reason: input.reason, now });
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: 'account.deletion_requested',
      subjectType: 'user',
      subjectId: input.user.id,
      after: { requestId: id },
      at: now,
    });
    return ok();
  });
}

/**
 * The organiser's decision. Approving anonymises the account (name, e-mail, password, language) and ends its
 * sessions; entries and scores stay, because the prize's results must remain verifiable. A request already decided
 * and the last active organiser are refused on the decision field (the page shows why).
 */
export async function decideDeletion(
  deps: Deps,
  input: { actor: User; requestId: number; approve: boolean },
): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const request = await findDeletionRequest(trx, input.requestId);
    if (!request) return refuse('notFound', 'errors.404.message');
    if (request.status !== 'pending')
      return refuse('invalid', 'privacy.errors.alreadyDecided', { field: 'decision' });
    if (input.approve && request.userRole === 'admin' && (await countActiveAdmins(trx)) <= 1)
      return refuse('invalid', 'privacy.errors.lastAdmin', { field: 'decision' });
    if (input.approve) {
      await anonymiseUser(trx, { userId: request.userId, now });
      await endMembershipsOf(trx, { userId: request.userId, now });
    }
    // Only one decision counts: a second organiser deciding at the same moment finds it already taken.
    const decided = await decideDeletionRequest(trx, {
      id: request.id,
      status: input.approve ? 'done' : 'rejected',
      deciderId: input.actor.id,
      now,
    });
    if (!decided) return refuse('invalid', 'privacy.errors.alreadyDecided', { field: 'decision' });
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: input.approve ? 'account.anonymised' : 'account.deletion_rejected',
      subjectType: 'user',
      subjectId: request.userId,
      before: input.approve ? { name: request.userName, email: request.userEmail } : undefined,
      after: { requestId: request.id },
      at: now,
    });
    return ok();
  });
}
