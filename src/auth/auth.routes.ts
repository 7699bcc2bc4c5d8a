import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { anonymousOnly, publicRoute, requireLogin } from '../http/access';
import { HttpError } from '../http/errors';
import { safeLocalPath } from '../http/safe-redirect';
import { answerRefusal, renderForm } from '../http/render';
import { parseForm } from '../http/validation';
import { LANGUAGE_COOKIE, isLng } from '../i18n/i18n';
import type { FieldError } from '../shared/result';
import {
  createFirstAdmin,
  isSetupNeeded,
  requestPasswordReset,
  setPasswordWithToken,
  userForPasswordToken,
} from '../users/user.service';
import type { User } from '../users/user.types';
import {
  forgotSchema,
  loginSchema,
  newAccountSchema,
  newPasswordSchema,
  passwordPolicyErrors,
} from './auth.schemas';
import { forgotRateLimiter, loginRateLimiters } from './rate-limit';
import type { createPassport } from './passport';

/** Where each role starts after logging in. */
export function homePathFor(user: Pick<User, 'role'>): string {
  if (user.role === 'admin') return '/admin';
  if (user.role === 'submitter') return '/entries';
  // Jurors start on their dashboard, also right after accepting the invitation link.
  if (user.role === 'juror') return '/jury';
  return '/account';
}

/** Logs the user in; shared by every route that ends with a logged-in user (login, setup, links, registration). */
export function logIn(req: Request, user: User): Promise<void> {
  // passport 0.7 regenerates the session here, so a session id planted before login is worthless.
  return new Promise((resolve, reject) => req.logIn(user, (err) => (err ? reject(err) : resolve())));
}

export function authRoutes(ctx: AppContext, passport: ReturnType<typeof createPassport>): Router {
  const router = Router();

  /** The login form; never with the password typed (only the address and where to go next are kept). */
  const renderLogin = (
    res: Response,
    status: number,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
  ) => renderForm(res, 'auth/login', { title: res.locals.t('auth.login.title'), values, errors, status });

  /** Login form. Anonymous users only. */
  router.get('/login', anonymousOnly, ctx.publicPage, (req, res) => {
    renderLogin(res, 200, { next: safeLocalPath(req.query.next) ?? '' });
  });

  const limiters = loginRateLimiters(ctx, (req, res, minutes) => {
    renderLogin(res, 429, { email: (req.body as { email?: string }).email ?? '' }, [
      { field: 'email', messageKey: 'auth.login.errors.tooMany', params: { count: minutes } },
    ]);
  });

  /** Checks e-mail and password; the same answer for an unknown address and a wrong password. */
  router.post('/login', anonymousOnly, ...limiters, (req: Request, res: Response, next: NextFunction) => {
    const form = parseForm(loginSchema, req.body);
    const values = {
      email: String((req.body as { email?: unknown }).email ?? ''),
      next: safeLocalPath((req.body as { next?: unknown }).next) ?? '',
    };
    if (!form.ok) return renderLogin(res, 422, values, form.errors);
    passport.authenticate('local', (err: unknown, user: User | false) => {
      if (err) return next(err);
      if (!user)
        return renderLogin(res, 401, values, [{ field: 'email', messageKey: 'auth.login.errors.invalid' }]);
      logIn(req, user).then(() => res.redirect(303, values.next || homePathFor(user)), next);
    })(req, res, next);
  });

  /** Ends the session. Any logged-in user; a POST with CSRF token, never a GET. */
  router.post('/logout', requireLogin(), (req, res, next) => {
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy((destroyErr) => {
        if (destroyErr) return next(destroyErr);
        res.clearCookie('ip.sid');
        res.redirect(303, '/?uitgelogd=1');
      });
    });
  });

  /** The setup exists only until the first organiser does: 404 from then on. */
  const noAdminYet = async (_req: Request, _res: Response, next: NextFunction) => {
    if (!(await isSetupNeeded(ctx))) return next(new HttpError(404));
    next();
  };

  const showSetup = (res: Response, values: Record<string, unknown> = {}, errors: FieldError[] = []) =>
    renderForm(res, 'auth/setup', { title: res.locals.t('auth.setup.title'), values, errors });

  /** First-run setup: the first person creates the admin account. Public, and gone once an admin exists. */
  router.get('/setup', publicRoute, noAdminYet, (_req, res) => showSetup(res));

  /** Creates the first organiser (audited) and logs them in. Public, until an admin exists. */
  router.post('/setup', publicRoute, noAdminYet, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const values = { name: body.name ?? '', email: body.email ?? '' };
    const form = parseForm(newAccountSchema, body);
    const errors = form.ok ? passwordPolicyErrors(form.data.password, form.data.email) : form.errors;
    if (!form.ok || errors.length > 0) return showSetup(res, values, errors);
    const result = await createFirstAdmin(ctx, form.data);
    if (!result.ok) return answerRefusal(result, (refused) => showSetup(res, values, refused));
    await logIn(req, result.value);
    res.redirect(303, '/admin');
  });

  const showForgot = (
    res: Response,
    values: Record<string, unknown> = {},
    errors: FieldError[] = [],
    status?: number,
  ) => renderForm(res, 'auth/forgot', { title: res.locals.t('auth.forgot.title'), values, errors, status });

  const forgotLimited = forgotRateLimiter(ctx, (req, res, minutes) =>
    showForgot(
      res,
      { email: (req.body as { email?: unknown }).email ?? '' },
      [{ field: 'email', messageKey: 'auth.forgot.errors.tooMany', params: { count: minutes } }],
      429,
    ),
  );

  /** Asks for a reset link. Public; the answer never says whether the address has an account. */
  router.get('/password/forgot', publicRoute, ctx.publicPage, (_req, res) => showForgot(res));

  /**
   * Mails a reset link when the address has an active account; the same answer either way, and in the same time:
   * the answer goes out first, the lookup and the mail after it, so how long it takes says nothing about an
   * account. Public; limited per address, and the mails per account.
   */
  router.post('/password/forgot', publicRoute, forgotLimited, (req, res) => {
    const form = parseForm(forgotSchema, req.body);
    if (!form.ok)
      return showForgot(res, { email: (req.body as { email?: unknown }).email ?? '' }, form.errors);
    const { email } = form.data;
    res.on('finish', () =>
      ctx.background.start('password reset mail', () => requestPasswordReset(ctx, { email, lng: req.lng })),
    );
    res.render('auth/forgot-sent', { title: res.locals.t('auth.forgot.sentTitle'), email });
  });

  /** A link that expired or was used: 410, whatever the reason, so a link says nothing about an account. */
  const renderLinkInvalid = (res: Response) =>
    res.status(410).render('auth/link-invalid', { title: res.locals.t('auth.setPassword.invalidTitle') });

  const showSetPassword = (
    res: Response,
    found: NonNullable<Awaited<ReturnType<typeof userForPasswordToken>>>,
    errors: FieldError[] = [],
  ) =>
    renderForm(res, 'auth/set-password', {
      title: res.locals.t(`auth.setPassword.title.${found.purpose}`),
      purpose: found.purpose,
      email: found.user.email,
      errors,
    });

  /** Sets a password from a reset or invitation link (one-time, expires). Public: the token is the key. */
  router.get('/password/set/:token', publicRoute, async (req, res) => {
    const found = await userForPasswordToken(ctx, String(req.params.token));
    if (!found) return renderLinkInvalid(res);
    showSetPassword(res, found);
  });

  /** Saves the new password, uses the link up and logs the person in. Public: the token is the key. */
  router.post('/password/set/:token', publicRoute, async (req, res) => {
    const token = String(req.params.token);
    const found = await userForPasswordToken(ctx, token);
    if (!found) return renderLinkInvalid(res);
    const form = parseForm(newPasswordSchema, req.body);
    const errors = form.ok ? passwordPolicyErrors(form.data.password, found.user.email) : form.errors;
    if (!form.ok || errors.length > 0) return showSetPassword(res, found, errors);
    const result = await setPasswordWithToken(ctx, { token, password: form.data.password, lng: req.lng });
    // Another request used the link between the check above and this one.
    if (!result.ok) return renderLinkInvalid(res);
    await logIn(req, result.value);
    res.redirect(303, homePathFor(result.value));
  });

  /** Language switch: a plain link that sets a cookie, so it works without JavaScript. Public. */
  router.get('/lang/:lng', publicRoute, (req, res) => {
    const lng = req.params.lng;
    if (!isLng(lng)) throw new HttpError(404);
    res.cookie(LANGUAGE_COOKIE, lng, {
      maxAge: 365 * 24 * 3600 * 1000,
      sameSite: 'lax',
      httpOnly: true,
      secure: req.secure,
    });
    res.redirect(303, safeLocalPath(req.query.next) ?? '/');
  });

  return router;
}
