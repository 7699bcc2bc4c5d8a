import { Router } from 'express';
import type { AppContext } from '../context';
import { requireRole } from '../http/access';
import { firstString } from '../http/form-values';
import { loaded, loader } from '../http/loaders';
import { answerRefusal } from '../http/render';
import { findOutboxMail, mailPage, outboxPage, type OutboxMail } from './outbox.pages';
import { retryMailNow } from './outbox.service';

declare module '../http/loaders' {
  interface Loaded {
    /** :mailId on the organiser's outbox pages. */
    outboxMail: OutboxMail;
  }
}

const NOTICES = ['retried', 'stillFailing'];

/** The outbox for organisers: every mail with its delivery, the text as sent, and "try again now". */
export function outboxRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');
  const loadMail = loader('mailId', 'outboxMail', (id) => findOutboxMail(ctx, id));

  /** Every mail, newest first, filtered by status, 50 a page. Admins. */
  router.get('/admin/outbox', admin, async (req, res) => {
    res.render('mail/outbox', {
      title: res.locals.t('mail.outbox.title'),
      ...(await outboxPage(ctx, { query: req.query as Record<string, unknown> })),
    });
  });

  /** One mail as it was sent (or could not be). Admins. */
  router.get('/admin/outbox/:mailId', admin, loadMail, (req, res) => {
    const notice = firstString(req.query.notice);
    res.render('mail/mail', {
      title: loaded(req, 'outboxMail').subject,
      ...mailPage(loaded(req, 'outboxMail')),
      notice: NOTICES.includes(notice) ? notice : '',
    });
  });

  /** Tries a failed or waiting mail again now (audited). Admins. */
  router.post('/admin/outbox/:mailId/retry', admin, loadMail, async (req, res) => {
    const mail = loaded(req, 'outboxMail');
    const result = await retryMailNow(ctx, { actor: req.user!, mailId: mail.id });
    if (!result.ok) return answerRefusal(result);
    res.redirect(303, `/admin/outbox/${mail.id}?notice=${result.value.sent ? 'retried' : 'stillFailing'}`);
  });

  return router;
}
