import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { requireLogin, requireRole } from '../http/access';
import { firstString } from '../http/form-values';
import { loaded } from '../http/loaders';
import { answerRefusal, renderForm } from '../http/render';
import { parseForm } from '../http/validation';
import type { FieldError } from '../shared/result';
import { accountPage } from './account.pages';
import { userLoader } from './user.loaders';
import { userListPage } from './user.pages';
import { changePasswordSchema, inviteAdminSchema, languageSchema } from './user.schemas';
import { changePassword, inviteAdmin, setActive, setLanguage } from './user.service';
import { logIn } from '../auth/auth.routes';
import { LANGUAGE_COOKIE } from '../i18n/i18n';

export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');
  const loadUser = userLoader(ctx);

  const showAccount = async (req: Request, res: Response, errors: FieldError[] = [], notice = '') =>
    renderForm(res, 'users/account', {
      title: res.locals.t('users.account.title'),
      ...(await accountPage(ctx, { user: req.user!, notice })),
      errors,
      values: {},
    });

  /** Own account page: the organisation and its membership, the e-mail verification. Any logged-in user. */
  router.get('/account', requireLogin(), (req, res) =>
    showAccount(req, res, [], firstString(req.query.notice)),
  );

  /** Sets the language of the user's mails (and of this browser's pages). Any logged-in user. */
  router.post('/account/language', requireLogin(), async (req, res) => {
    const form = parseForm(languageSchema, req.body);
    if (!form.ok) return showAccount(req, res, form.errors);
    const result = await setLanguage(ctx, { user: req.user!, language: form.data.language });
    if (!result.ok) return answerRefusal(result);
    res.cookie(LANGUAGE_COOKIE, form.data.language, {
      maxAge: 365 * 24 * 3600 * 1000,
      sameSite: 'lax',
      httpOnly: true,
      secure: req.secure,
    });
    res.redirect(303, '/account?notice=languageSaved');
  });

  /**
   * Changes the password, the current one required; other devices are logged out (the session version moves),
   * this session is logged in again. Any logged-in user.
   */
  router.post('/account/password', requireLogin(), async (req, res) => {
    const form = parseForm(changePasswordSchema, req.body);
    if (!form.ok) return showAccount(req, res, form.errors);
    const result = await changePassword(ctx, {
      user: req.user!,
      currentPassword: form.data.currentPassword,
      password: form.data.password,
    });
    if (!result.ok) return answerRefusal(result, (errors) => showAccount(req, res, errors));
    await logIn(req, result.value);
    res.redirect(303, '/account?notice=passwordChanged');
  });

  /** Organisers' start page. Admins. */
  router.get('/admin', admin, (_req, res) => {
    res.render('users/admin-home', { title: res.locals.t('admin.home.title') });
  });

  /** All accounts with their role and status. Admins. */
  router.get('/admin/users', admin, async (req, res) => {
    res.render('users/index', {
      title: res.locals.t('users.index.title'),
      ...(await userListPage(ctx, { notice: firstString(req.query.notice) })),
    });
  });

  const showInvite = (res: Response, values: Record<string, unknown> = {}, errors: FieldError[] = []) =>
    renderForm(res, 'users/invite', { title: res.locals.t('users.invite.title'), values, errors });

  /** Form to invite another organiser. Admins. */
  router.get('/admin/users/invite', admin, (_req, res) => showInvite(res));

  /** Creates the organiser's account and mails them a link to set a password (audited). Admins. */
  router.post('/admin/users/invite', admin, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const values = { name: body.name ?? '', email: body.email ?? '' };
    const form = parseForm(inviteAdminSchema, body);
    if (!form.ok) return showInvite(res, values, form.errors);
    const result = await inviteAdmin(ctx, { actor: req.user!, ...form.data, lng: req.lng });
    if (!result.ok) return answerRefusal(result, (errors) => showInvite(res, values, errors));
    res.redirect(303, '/admin/users?notice=invited');
  });

  const showDeactivate = (req: Request, res: Response, errors: FieldError[] = []) =>
    renderForm(res, 'users/confirm-deactivate', {
      title: res.locals.t('users.deactivate.title'),
      target: loaded(req, 'user'),
      errors,
    });

  /** Confirmation page before deactivating an account (works without JavaScript). Admins. */
  router.get('/admin/users/:userId/deactivate', admin, loadUser, (req, res) => showDeactivate(req, res));

  /** Deactivates an account; its sessions stop working on their next request. Admins, not on themselves. */
  router.post('/admin/users/:userId/deactivate', admin, loadUser, async (req, res) => {
    const result = await setActive(ctx, { actor: req.user!, userId: loaded(req, 'user').id, active: false });
    if (!result.ok) return answerRefusal(result, (errors) => showDeactivate(req, res, errors));
    res.redirect(303, '/admin/users?notice=deactivated');
  });

  /** Gives a deactivated account access again. Admins. */
  router.post('/admin/users/:userId/activate', admin, loadUser, async (req, res) => {
    const result = await setActive(ctx, { actor: req.user!, userId: loaded(req, 'user').id, active: true });
    if (!result.ok) return answerRefusal(result);
    res.redirect(303, '/admin/users?notice=activated');
  });

  return router;
}
