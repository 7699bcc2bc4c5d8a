import { Router } from 'express';
import type { AppContext } from '../context';
import { editionLoader } from '../editions/edition.loaders';
import { adminOnlyHidden } from '../http/access';
import { firstString } from '../http/form-values';
import { loaded } from '../http/loaders';
import { answerRefusal } from '../http/render';
import { mailingsPage } from './moments.pages';
import { mailNominees } from './moments.service';

/**
 * The edition's mailings at the moments of the prize. Behind the embargo's guard (404 for everyone but organisers):
 * which entries are nominated is not public before the announcement.
 */
export function momentRoutes(ctx: AppContext): Router {
  const router = Router();
  const loadEdition = editionLoader(ctx);

  /** What went out when (judging opens, nominees, winner), and the button to tell the nominees. Admins. */
  router.get('/admin/editions/:editionId/mailings', adminOnlyHidden, loadEdition, async (req, res) => {
    res.render('notifications/mailings', {
      title: res.locals.t('notifications.mailings.title'),
      ...(await mailingsPage(ctx, { edition: loaded(req, 'edition') })),
      notice: firstString(req.query.notice) === 'nominees' ? 'nominees' : '',
    });
  });

  /** Mails the nominees that they are nominated (once, before the announcement; never naming the winner). Admins. */
  router.post(
    '/admin/editions/:editionId/mailings/nominees',
    adminOnlyHidden,
    loadEdition,
    async (req, res) => {
      const edition = loaded(req, 'edition');
      const result = await mailNominees(ctx, { actor: req.user!, editionId: edition.id });
      if (!result.ok) return answerRefusal(result);
      res.redirect(303, `/admin/editions/${edition.id}/mailings?notice=nominees`);
    },
  );

  return router;
}
