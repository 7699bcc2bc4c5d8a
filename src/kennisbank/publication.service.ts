import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { listAttachments } from '../attachments/attachment.repo';
import { findEntry } from '../entries/entry.repo';
import { inTransaction, ok, refuse, type Result } from '../shared/result';
import type { User } from '../users/user.types';
import { findPublication, savePublication } from './publication.repo';
import { nextPublicationDates } from './publication.rules';
import type { PublicationDecision } from './publication.types';

type Deps = Pick<AppContext, 'db' | 'clock'>;

/**
 * Gives, changes or withdraws the consent to publish an entry in the kennisbank, with its licence, public
 * attachments and whether the contact person is shown. Only a member of the entrant organisation, at any time
 * (also long after the announcement). One transaction with its audit record; a withdrawal takes the entry off every
 * public page, export and feed with the commit (those read the consent at each request; the caches forget on the
 * write).
 */
export async function decidePublication(
  deps: Deps,
  input: { user: User; entryId: number; decision: PublicationDecision },
): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const entry = await findEntry(trx, input.entryId);
    if (!entry) return refuse('notFound', 'errors.404.message');
    if (input.user.role !== 'submitter' || input.user.organisationId !== entry.organisationId)
      return refuse('forbidden', 'errors.403.message');
    const own = new Set((await listAttachments(trx, entry.id)).map((a) => a.id));
    if (input.decision.publicAttachmentIds.some((id) => !own.has(id)))
      return refuse('invalid', 'kennisbank.publication.errors.attachment', { field: 'publicAttachmentIds' });
    const before = await findPublication(trx, entry.id);
    const dates = nextPublicationDates(before, input.decision.consent, now);
    const decision = {
      ...input.decision,
      publicAttachmentIds: [...new Set(input.decision.publicAttachmentIds)].sort((a, b) => a - b),
    };
    await savePublication(trx, {
      entryId: entry.id,
      decision,
      userId: input.user.id,
      now,
      consentedAt: dates.consentedAt,
      withdrawnAt: dates.withdrawnAt,
    });
    const summary = (p: PublicationDecision | undefined) =>
      p && {
        consent: p.consent,
        licence: p.licence,
        showContact: p.showContact,
        publicAttachmentIds: p.publicAttachmentIds,
      };
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: `entry.publication_${dates.change}`,
      subjectType: 'entry',
      subjectId: entry.id,
      before: summary(before),
      after: summary(decision),
      at: now,
    });
    return ok();
  });
}
