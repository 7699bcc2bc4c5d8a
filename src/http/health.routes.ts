import { Router } from 'express';
import type { AppContext } from '../context';
import { publicRoute } from './access';
import { healthStatus } from './health.pages';

export function healthRoutes(ctx: AppContext): Router {
  const router = Router();

  /** Health check for load balancers and monitoring: 200 when the database answers, else 503. Anyone. */
  router.get('/healthz', publicRoute, async (_req, res) => {
    const health = await healthStatus(ctx);
    res.status(health.status === 'ok' ? 200 : 503).json(health);
  });

  return router;
}
