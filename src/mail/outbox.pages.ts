/** The organiser's outbox: every mail the app sent or tried to send, newest first, 50 a page. */
import type { AppContext } from '../context';
import { pageHref, PER_PAGE, pageLinks } from '../http/pagination';
import { listEditions } from '../editions/edition.repo';
import { findMail, listMails, type OutboxMail } from './outbox.repo';

export type { OutboxMail };
import { MAIL_STATUSES, type MailStatus } from './outbox.rules';

type Deps = Pick<AppContext, 'db'>;

const isStatus = (v: unknown): v is MailStatus =>
  typeof v === 'string' && (MAIL_STATUSES as readonly string[]).includes(v);

export async function outboxPage(deps: Deps, input: { query: Record<string, unknown> }) {
  const status = isStatus(input.query.status) ? input.query.status : undefined;
  const asked =
    typeof input.query.pagina === 'string' && /^\d{1,6}$/.test(input.query.pagina)
      ? Number(input.query.pagina)
      : 1;
  const first = await listMails(deps.db, { status, offset: 0, limit: 0 });
  const pages = Math.max(1, Math.ceil(first.total / PER_PAGE));
  const page = Math.min(Math.max(asked, 1), pages);
  const { mails, total, counts } = await listMails(deps.db, {
    status,
    offset: (page - 1) * PER_PAGE,
    limit: PER_PAGE,
  });
  const query = status ? { status } : {};
  // Newest editions first: where an organiser writes a message to a group.
  const editions = (await listEditions(deps.db)).sort((a, b) => b.year - a.year || b.id - a.id).slice(0, 5);
  return {
    editions,
    status: status ?? null,
    statuses: MAIL_STATUSES,
    counts,
    mails,
    pageInfo: {
      items: mails,
      page,
      pages,
      total,
      from: mails.length ? (page - 1) * PER_PAGE + 1 : 0,
      to: (page - 1) * PER_PAGE + mails.length,
      links: pageLinks(page, pages),
    },
    hrefFor: (n: number) => pageHref('/admin/outbox', query, n),
  };
}

export function mailPage(mail: OutboxMail) {
  return { mail, retryable: mail.status === 'failed' || mail.status === 'retrying' };
}

export function findOutboxMail(deps: Deps, id: number): Promise<OutboxMail | undefined> {
  return findMail(deps.db, id);
}
