import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { mailEach } from '../mail/notify';
import { organisationRecipients } from '../organisations/membership.service';
import { ok, refuse, type Result } from '../shared/result';
import type { ContactForm } from './contact.schemas';
import type { LibraryEntry } from './kennisbank.repo';

type Deps = Pick<AppContext, 'db' | 'clock' | 'mailer' | 'i18n' | 'logger'>;

/**
 * Forwards a visitor's question about a published project to the members of its organisation, with the visitor's
 * address as reply-to. The makers' addresses never leave the server: the visitor learns only that it was sent.
 * Only for projects whose makers agreed to be contacted. Recorded (audit and log) without the message itself.
 */
export async function sendContactMessage(
  deps: Deps,
  input: { project: LibraryEntry; form: ContactForm },
): Promise<Result> {
  const { project, form } = input;
  if (!project.showContact) return refuse('notFound', 'errors.404.message');
  const now = deps.clock.now();
  await deps.db.transaction((trx) =>
    recordAudit(trx, {
      actorUserId: null,
      action: 'entry.contact_makers',
      subjectType: 'entry',
      subjectId: project.id,
      after: { messageLength: form.message.length },
      at: now,
    }),
  );
  deps.logger.info(
    { entryId: project.id, messageLength: form.message.length },
    'kennisbank contact message forwarded',
  );
  const recipients = await organisationRecipients(deps, project.organisationId);
  await mailEach(deps, recipients, (t) => ({
    subject: t('kennisbank.contact.mailSubject', { title: project.title }),
    text: t('kennisbank.contact.mailBody', {
      name: form.name,
      email: form.email,
      title: project.title,
      message: form.message,
    }),
    replyTo: form.email,
  }));
  return ok();
}
