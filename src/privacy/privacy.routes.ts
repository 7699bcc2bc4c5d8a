import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { publicRoute, requireLogin, requireRole } from '../http/access';
import { HttpError } from '../http/errors';
import { firstString } from '../http/form-values';
import { loaded } from '../http/loaders';
import { answerRefusal, renderForm } from '../http/render';
import type { FieldError } from '../shared/result';
import { deletionRequestLoader } from './privacy.loaders';
import { deleteAccountPage, deletionRequestsPage, personalData } from './privacy.pages';
import { decideDeletion, requestDeletion } from './privacy.service';

export function privacyRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');
  const loadRequest = deletionRequestLoader(ctx);

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
    const { filename, data } = await personalData(ctx, { user: req.user!, now: ctx.clock.now() });
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.type('application/json').send(JSON.stringify(data, null, 2));
  });

  /** Asks whether the user really wants their account deleted, and why (optional). Any logged-in user. */
  router.get('/account/delete', requireLogin(), async (req, res) => {
    res.render('privacy/delete', {
      title: res.locals.t('privacy.delete.title'),
      ...(await deleteAccountPage(ctx, { user: req.user! })),
    });
  });

  /** Records the deletion request for an organiser to carry out. Any logged-in user. */
  router.post('/account/delete', requireLogin(), async (req, res) => {
    const reason = firstString((req.body as Record<string, unknown>).reason)
      .trim()
      .slice(0, 2000);
    const result = await requestDeletion(ctx, { user: req.user!, reason });
    if (!result.ok) return answerRefusal(result);
    res.redirect(303, '/account/delete');
  });

  /** Deletion requests waiting for a decision, and earlier ones. Admins. */
  router.get('/admin/privacy', admin, async (req, res) => {
    res.render('privacy/requests', {
      title: res.locals.t('privacy.requests.title'),
      ...(await deletionRequestsPage(ctx)),
      notice: firstString(req.query.notice),
    });
  });

  const showDecision = (req: Request, res: Response, errors: FieldError[] = []) =>
    renderForm(res, 'privacy/decide', {
      title: res.locals.t('privacy.decide.title'),
      request: loaded(req, 'deletionRequest'),
      errors,
    });

  /** Confirmation page for one request. Admins. */
  router.get('/admin/privacy/:requestId', admin, loadRequest, (req, res) => showDecision(req, res));

  /** Carries out (anonymises) or rejects a deletion request. Admins. */
  router.post('/admin/privacy/:requestId', admin, loadRequest, async (req, res) => {
    const decision = firstString((req.body as Record<string, unknown>).decision);
    // The page only posts these two; anything else is not a decision anyone made.
    if (decision !== 'approve' && decision !== 'reject') throw new HttpError(422);
    const result = await decideDeletion(ctx, {
      actor: req.user!,
      requestId: loaded(req, 'deletionRequest').id,
      approve: decision === 'approve',
    });
    if (!result.ok) return answerRefusal(result, (errors) => showDecision(req, res, errors));
    res.redirect(303, `/admin/privacy?notice=${decision === 'approve' ? 'anonymised' : 'rejected'}`);
  });

  return router;
}
