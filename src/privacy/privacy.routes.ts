import { Router } from 'express';
import { parseId } from '../http/ids';
import type { AppContext } from '../context';
import { publicRoute, requireLogin, requireRole } from '../http/access';
import { HttpError } from '../http/errors';
import { firstString } from '../http/form-values';
import { findDeletionRequest, findPendingRequestOf, listDeletionRequests } from './privacy.repo';
import { decideDeletion, exportPersonalData, requestDeletion } from './privacy.service';

export function privacyRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');

  /** Privacy statement (privacyverklaring). Anyone. */
  router.get('/privacy', publicRoute, ctx.publicPage, (_req, res) => {
    res.render('privacy/statement', { title: res.locals.t('privacy.statement.title') });
  });

  /** Accessibility statement (toegankelijkheidsverklaring). Anyone. */
  router.get('/toegankelijkheid', publicRoute, ctx.publicPage, (_req, res) => {
    res.render('privacy/accessibility', { title: res.locals.t('privacy.accessibility.title') });
  });

  /** Downloads everything the app holds about the logged-in user, as JSON. Any logged-in user. */
  router.get('/account/data', requireLogin(), async (req, res) => {
    const data = await exportPersonalData(ctx, req.user!);
    const day = ctx.clock.now().toISOString().slice(0, 10);
    res.setHeader('Content-Disposition', `attachment; filename="innovatieprijs-mijn-gegevens-${day}.json"`);
    res.setHeader('Cache-Control', 'no-store');
    res.type('application/json').send(JSON.stringify(data, null, 2));
  });

  /** Asks whether the user really wants their account deleted, and why (optional). Any logged-in user. */
  router.get('/account/delete', requireLogin(), async (req, res) => {
    const pending = await findPendingRequestOf(ctx.db, req.user!.id);
    res.render('privacy/delete', { title: res.locals.t('privacy.delete.title'), pending });
  });

  /** Records the deletion request for an organiser to carry out. Any logged-in user. */
  router.post('/account/delete', requireLogin(), async (req, res) => {
    const reason = firstString((req.body as Record<string, unknown>).reason)
      .trim()
      .slice(0, 2000);
    await requestDeletion(ctx, { user: req.user!, reason });
    res.redirect(303, '/account/delete');
  });

  /** Deletion requests waiting for a decision, and earlier ones. Admins. */
  router.get('/admin/privacy', admin, async (req, res) => {
    res.render('privacy/requests', {
      title: res.locals.t('privacy.requests.title'),
      requests: await listDeletionRequests(ctx.db),
      notice: firstString(req.query.notice),
    });
  });

  /** Confirmation page for one request. Admins. */
  router.get('/admin/privacy/:requestId', admin, async (req, res) => {
    const id = parseId(req.params.requestId);
    const request = id === null ? undefined : await findDeletionRequest(ctx.db, id);
    if (!request) throw new HttpError(404);
    res.render('privacy/decide', { title: res.locals.t('privacy.decide.title'), request, errors: [] });
  });

  /** Carries out (anonymises) or rejects a deletion request. Admins. */
  router.post('/admin/privacy/:requestId', admin, async (req, res) => {
    const id = parseId(req.params.requestId) ?? 0;
    const decision = firstString((req.body as Record<string, unknown>).decision);
    if (decision !== 'approve' && decision !== 'reject') throw new HttpError(422);
    const result = await decideDeletion(ctx, {
      actor: req.user!,
      requestId: id,
      approve: decision === 'approve',
    });
    if (!result.ok) {
      const request = await findDeletionRequest(ctx.db, id);
      return res.status(422).render('privacy/decide', {
        title: res.locals.t('privacy.decide.title'),
        request,
        errors: [{ field: 'decision', messageKey: result.messageKey }],
      });
    }
    res.redirect(303, `/admin/privacy?notice=${decision === 'approve' ? 'anonymised' : 'rejected'}`);
  });

  return router;
}
