import { Router } from 'express';
import type { AppContext } from '../context';
import { publicRoute } from '../http/access';
import { countActiveAdmins } from '../users/user.repo';

export function homeRoutes(ctx: AppContext): Router {
  const router = Router();

  /** The public landing page of the prize. Anyone. */
  router.get('/', publicRoute, async (req, res) => {
    res.render('home/index', {
      title: res.locals.t('home.title'),
      needsSetup: (await countActiveAdmins(ctx.db)) === 0,
      loggedOut: req.query.uitgelogd === '1',
    });
  });

  /** Health check for load balancers and monitoring: 200 when the database answers. Anyone. */
  router.get('/healthz', publicRoute, async (_req, res) => {
    try {
      await ctx.db.raw('select 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });

  return router;
}
