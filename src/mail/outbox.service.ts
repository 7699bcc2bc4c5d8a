/** The organiser's actions on the outbox. */
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { inTransaction, ok, refuse, type Result } from '../shared/result';
import type { User } from '../users/user.types';
import { requeueMail } from './outbox.repo';

type Deps = Pick<AppContext, 'db' | 'clock' | 'mailer'>;

/**
 * Tries a failed (or waiting) mail again now, with a fresh count of attempts (audited). Returns whether it went
 * out this time; when it did not, it waits for the next retry round like any refused mail.
 */
export async function retryMailNow(
  deps: Deps,
  input: { actor: User; mailId: number },
): Promise<Result<{ sent: boolean }>> {
  const now = deps.clock.now();
  const queued = await inTransaction(deps.db, async (trx) => {
    if (!(await requeueMail(trx, { id: input.mailId, now })))
      return refuse('conflict', 'mail.outbox.errors.notRetryable');
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'outbox.retry',
      subjectType: 'mail',
      subjectId: input.mailId,
      at: now,
    });
    return ok();
  });
  if (!queued.ok) return queued;
  const round = await deps.mailer.retryDue();
  return ok({ sent: round.sent > 0 && round.notSent === 0 });
}
