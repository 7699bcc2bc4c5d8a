import { Router } from 'express';
import type { AppContext } from '../context';
import { requireRole } from '../http/access';
import { auditPage, parseAuditFilter } from './audit.pages';

export function auditRoutes(ctx: AppContext): Router {
  const router = Router();

  /** The audit log: every administrative change, newest first, filterable by action and subject. Admins. */
  router.get('/admin/audit', requireRole('admin'), async (req, res) => {
    const filter = parseAuditFilter(req.query as Record<string, unknown>);
    res.render('audit/index', { title: res.locals.t('audit.title'), ...(await auditPage(ctx, { filter })) });
  });

  return router;
}
