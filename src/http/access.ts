import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role } from '../users/user.types';
import { HttpError } from './errors';

/**
 * Who may use a route. Every route starts with one of the guards below; a test walks the app's route table and
 * fails for any route without one, so access is denied by default.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'anonymousOnly' }
  | { kind: 'roles'; roles: readonly Role[] }
  /** Admins only; everyone else, logged in or not, gets 404 (results under embargo must not show they exist). */
  | { kind: 'hidden'; roles: readonly Role[] }
  /** Admins always; everyone else only once the edition's result is announced, 404 before (the loader decides). */
  | { kind: 'embargo' };

const ACCESS = Symbol('access');
type GuardHandler = RequestHandler & { [ACCESS]: Access };

function guard(access: Access, handler: RequestHandler): GuardHandler {
  return Object.assign(handler, { [ACCESS]: access });
}

export function accessOf(handler: unknown): Access | undefined {
  return typeof handler === 'function' ? (handler as Partial<GuardHandler>)[ACCESS] : undefined;
}

/** Anyone, logged in or not. */
export const publicRoute = guard({ kind: 'public' }, (_req, _res, next) => next());

/** Sends logged-in users to their start page (login form, first-run setup). */
export const anonymousOnly = guard({ kind: 'anonymousOnly' }, (req, res, next) => {
  if (req.user) return res.redirect(303, '/account');
  next();
});

/** Logged-in users with one of these roles; anonymous users go to the login page, others get 403. */
export function requireRole(...roles: Role[]): RequestHandler {
  return guard({ kind: 'roles', roles }, (req: Request, res: Response, next: NextFunction) => {
    if (!req.user) {
      const returnTo = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      return res.redirect(303, `/login${returnTo}`);
    }
    if (!roles.includes(req.user.role)) return next(new HttpError(403));
    next();
  });
}

/**
 * Admins only, and invisible to everyone else: 404 rather than a login redirect or 403, so nobody can tell that
 * results exist before they are announced.
 */
export const adminOnlyHidden = guard({ kind: 'hidden', roles: ['admin'] }, (req, _res, next) => {
  if (req.user?.role !== 'admin') return next(new HttpError(404));
  next();
});

/**
 * Public once announced: lets everyone through, and tells the loader whether the embargo applies. The loader must
 * answer 404 to non-admins while the edition's result is not announced (see results/results.loaders.ts).
 */
export const adminOrAnnounced = guard({ kind: 'embargo' }, (req, res, next) => {
  res.locals.embargoExempt = req.user?.role === 'admin';
  next();
});

export const ALL_ROLES: readonly Role[] = ['admin', 'juror', 'submitter'];
export const requireLogin = (): RequestHandler => requireRole(...ALL_ROLES);

export interface RouteInfo {
  method: string;
  path: string;
  access: Access | undefined;
}

interface Layer {
  route?: {
    path: string;
    methods: Record<string, boolean>;
    stack: Array<{ handle: unknown; method?: string }>;
  };
  handle?: { stack?: Layer[] };
}

/**
 * The app's route table, read from Express's router. Routers are mounted at '/', so each route's path is its
 * full path.
 */
export function listRoutes(app: { router: { stack: Layer[] } }): RouteInfo[] {
  const routes: RouteInfo[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const first = layer.route.stack[0]?.handle;
        for (const method of Object.keys(layer.route.methods)) {
          routes.push({ method: method.toUpperCase(), path: layer.route.path, access: accessOf(first) });
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk(app.router.stack);
  return routes;
}
