/** "Send reminder": one mail to each juror who still has entries to finish, in one audited action. */
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { findEdition } from '../editions/edition.repo';
import { inTransaction, ok, refuse, type Result } from '../shared/result';
import { formatDateTime } from '../shared/time';
import { findUserById } from '../users/user.repo';
import type { User } from '../users/user.types';
import { updateMembership } from './juror.repo';
import { loadOverview, progress } from './jury.overview';
import { isScoringOpen } from './scoring.rules';

type Deps = Pick<AppContext, 'db' | 'clock' | 'mailer' | 'config' | 'i18n'>;

/**
 * Mails every active juror with unfinished work (assigned, not conflicted, neither final nor abstained). Only
 * while scoring is open: before, there is nothing to do yet; after the deadline, nothing can be done any more.
 */
export async function sendReminders(
  deps: Deps,
  input: { actor: User; editionId: number },
): Promise<Result<{ sent: number }>> {
  const now = deps.clock.now();
  const result = await inTransaction(deps.db, async (trx) => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return refuse('notFound', 'errors.404.message');
    if (!isScoringOpen(edition, now)) return refuse('conflict', 'jury.errors.remindersClosed');
    const { unfinished } = progress(await loadOverview(trx, edition));
    for (const { juror } of unfinished) await updateMembership(trx, juror.id, { remindedAt: now }, now);
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'reminder.send',
      subjectType: 'edition',
      subjectId: edition.id,
      after: { jurors: unfinished.map((u) => ({ jurorId: u.juror.userId, open: u.open })) },
      at: now,
    });
    return ok({ edition, unfinished });
  });
  if (!result.ok) return result;
  const { edition, unfinished } = result.value;
  for (const { juror, open } of unfinished) {
    const user = await findUserById(deps.db, juror.userId);
    const lng = user?.language ?? 'nl';
    const t = deps.i18n.getFixedT(lng);
    await deps.mailer.send({
      to: juror.email,
      template: 'jury.mail.reminder',
      subject: t('jury.mail.reminder.subject', { edition: edition.name }),
      text: t('jury.mail.reminder.body', {
        name: juror.name,
        edition: edition.name,
        count: open,
        deadline: edition.scoringDeadline
          ? formatDateTime(edition.scoringDeadline, lng)
          : t('jury.mail.noDeadline'),
        link: `${deps.config.baseUrl}/jury`,
      }),
    });
  }
  return ok({ sent: unfinished.length });
}
