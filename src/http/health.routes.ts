import { Router } from 'express';
import type { AppContext } from '../context';
import { publicRoute } from './access';

export function healthRoutes(ctx: AppContext): Router {
  const router = Router();

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
