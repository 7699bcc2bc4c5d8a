import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { anonymousOnly, publicRoute, requireLogin } from '../http/access';
import { HttpError } from '../http/errors';
import { safeLocalPath } from '../http/safe-redirect';
import { parseForm, type FieldError } from '../http/validation';
import { LANGUAGE_COOKIE, isLng } from '../i18n/i18n';
import { countActiveAdmins, findUserById } from '../users/user.repo';
import {
  createFirstAdmin,
  requestPasswordReset,
  setPasswordWithToken,
  userForPasswordToken,
} from '../users/user.service';
import type { User } from '../users/user.types';
import { forgotSchema, loginSchema, newPasswordSchema, newAccountSchema } from './auth.schemas';
import { passwordPolicyError } from './password';
import { loginRateLimiters } from './rate-limit';
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

  const renderLogin = (
    res: Response,
    status: number,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
  ) => res.status(status).render('auth/login', { title: res.locals.t('auth.login.title'), values, errors });

  /** Login form. Anonymous users only. */
  router.get('/login', anonymousOnly, ctx.publicPage, (req, res) => {
    renderLogin(res, 200, { next: safeLocalPath(req.query.next) ?? '' });
  });

  const limiters = loginRateLimiters((req, res, minutes) => {
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

  const noAdminYet = async (_req: Request, _res: Response, next: NextFunction) => {
    if ((await countActiveAdmins(ctx.db)) > 0) return next(new HttpError(404));
    next();
  };

  /** First-run setup: the first person creates the admin account. Public, and gone once an admin exists. */
  router.get('/setup', publicRoute, noAdminYet, (_req, res) => {
    res.render('auth/setup', { title: res.locals.t('auth.setup.title'), values: {}, errors: [] });
  });

  router.post('/setup', publicRoute, noAdminYet, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const values = { name: body.name ?? '', email: body.email ?? '' };
    const form = parseForm(newAccountSchema, body);
    const errors = form.ok ? policyErrors(form.data.password, form.data.email) : form.errors;
    if (!form.ok || errors.length > 0) {
      return res
        .status(422)
        .render('auth/setup', { title: res.locals.t('auth.setup.title'), values, errors });
    }
    const id = await createFirstAdmin(ctx, form.data);
    const user = await findUserById(ctx.db, id);
    if (user) await logIn(req, user);
    res.redirect(303, '/admin');
  });

  /** Asks for a reset link. Public; the answer never says whether the address has an account. */
  router.get('/password/forgot', publicRoute, ctx.publicPage, (_req, res) => {
    res.render('auth/forgot', { title: res.locals.t('auth.forgot.title'), values: {}, errors: [] });
  });

  router.post('/password/forgot', publicRoute, async (req, res) => {
    const form = parseForm(forgotSchema, req.body);
    if (!form.ok) {
      const values = { email: (req.body as { email?: unknown }).email ?? '' };
      return res
        .status(422)
        .render('auth/forgot', { title: res.locals.t('auth.forgot.title'), values, errors: form.errors });
    }
    await requestPasswordReset(ctx, { email: form.data.email, lng: req.lng });
    res.render('auth/forgot-sent', { title: res.locals.t('auth.forgot.sentTitle'), email: form.data.email });
  });

  const renderLinkInvalid = (res: Response) =>
    res.status(410).render('auth/link-invalid', { title: res.locals.t('auth.setPassword.invalidTitle') });

  /** Sets a password from a reset or invitation link (one-time, expires). Public: the token is the key. */
  router.get('/password/set/:token', publicRoute, async (req, res) => {
    const found = await userForPasswordToken(ctx, String(req.params.token));
    if (!found) return renderLinkInvalid(res);
    res.render('auth/set-password', {
      title: res.locals.t(`auth.setPassword.title.${found.purpose}`),
      purpose: found.purpose,
      email: found.user.email,
      errors: [],
    });
  });

  router.post('/password/set/:token', publicRoute, async (req, res) => {
    const token = String(req.params.token);
    const found = await userForPasswordToken(ctx, token);
    if (!found) return renderLinkInvalid(res);
    const form = parseForm(newPasswordSchema, req.body);
    const errors = form.ok ? policyErrors(form.data.password, found.user.email) : form.errors;
    if (!form.ok || errors.length > 0) {
      return res.status(422).render('auth/set-password', {
        title: res.locals.t(`auth.setPassword.title.${found.purpose}`),
        purpose: found.purpose,
        email: found.user.email,
        errors,
      });
    }
    const user = await setPasswordWithToken(ctx, { token, password: form.data.password });
    if (!user) return renderLinkInvalid(res);
    await logIn(req, user);
    res.redirect(303, homePathFor(user));
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

function policyErrors(password: string, email: string): FieldError[] {
  const key = passwordPolicyError(password, email);
  return key ? [{ field: 'password', messageKey: key, params: { min: 12 } }] : [];
}
