import { Router, type Request } from 'express';
import type { AppContext } from '../context';
import { requireLogin, requireRole } from '../http/access';
import { HttpError } from '../http/errors';
import { parseForm } from '../http/validation';
import { firstString } from '../http/form-values';
import { accountPage } from './account.pages';
import { findUserById, listUsers } from './user.repo';
import { inviteAdminSchema } from './user.schemas';
import { inviteAdmin, setActive } from './user.service';

export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');

  const targetUser = async (req: Request) => {
    const id = Number(req.params.userId);
    const user = Number.isSafeInteger(id) && id > 0 ? await findUserById(ctx.db, id) : undefined;
    if (!user) throw new HttpError(404);
    return user;
  };

  /** Own account page: the organisation and its membership, the e-mail verification. Any logged-in user. */
  router.get('/account', requireLogin(), async (req, res) => {
    res.render('users/account', {
      title: res.locals.t('users.account.title'),
      ...(await accountPage(ctx, { user: req.user!, notice: firstString(req.query.notice) })),
      errors: [],
      values: {},
    });
  });

  /** Organisers' start page. Admins. */
  router.get('/admin', admin, (_req, res) => {
    res.render('users/admin-home', { title: res.locals.t('admin.home.title') });
  });

  /** All accounts with their role and status. Admins. */
  router.get('/admin/users', admin, async (req, res) => {
    res.render('users/index', {
      title: res.locals.t('users.index.title'),
      users: await listUsers(ctx.db),
      notice: typeof req.query.notice === 'string' ? req.query.notice : null,
    });
  });

  /** Form to invite another organiser. Admins. */
  router.get('/admin/users/invite', admin, (_req, res) => {
    res.render('users/invite', { title: res.locals.t('users.invite.title'), values: {}, errors: [] });
  });

  router.post('/admin/users/invite', admin, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const values = { name: body.name ?? '', email: body.email ?? '' };
    const rerender = (errors: unknown[]) =>
      res.status(422).render('users/invite', { title: res.locals.t('users.invite.title'), values, errors });
    const form = parseForm(inviteAdminSchema, body);
    if (!form.ok) return rerender(form.errors);
    const result = await inviteAdmin(ctx, { actor: req.user!, ...form.data, lng: req.lng });
    if (!result.ok) return rerender([{ field: 'email', messageKey: 'users.errors.emailTaken' }]);
    res.redirect(303, '/admin/users?notice=invited');
  });

  /** Confirmation page before deactivating an account (works without JavaScript). Admins. */
  router.get('/admin/users/:userId/deactivate', admin, async (req, res) => {
    const user = await targetUser(req);
    res.render('users/confirm-deactivate', {
      title: res.locals.t('users.deactivate.title'),
      target: user,
      errors: [],
    });
  });

  /** Deactivates an account; its sessions stop working on their next request. Admins, not on themselves. */
  router.post('/admin/users/:userId/deactivate', admin, async (req, res) => {
    const user = await targetUser(req);
    const result = await setActive(ctx, { actor: req.user!, userId: user.id, active: false });
    if (!result.ok) {
      return res.status(422).render('users/confirm-deactivate', {
        title: res.locals.t('users.deactivate.title'),
        target: user,
        errors: [{ field: 'confirm', messageKey: result.messageKey }],
      });
    }
    res.redirect(303, '/admin/users?notice=deactivated');
  });

  /** Gives a deactivated account access again. Admins. */
  router.post('/admin/users/:userId/activate', admin, async (req, res) => {
    const user = await targetUser(req);
    const result = await setActive(ctx, { actor: req.user!, userId: user.id, active: true });
    if (!result.ok) throw new HttpError(422, result.messageKey);
    res.redirect(303, '/admin/users?notice=activated');
  });

  return router;
}
