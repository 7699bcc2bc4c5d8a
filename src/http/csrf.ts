import type { Request, RequestHandler } from 'express';
import { doubleCsrf } from 'csrf-csrf';

/**
 * Double-submit CSRF tokens (csrf-csrf): the token lives in a cookie and in each form, signed with the session
 * secret and bound to the session once someone is logged in. Anonymous visitors get no session row for it, so
 * public pages stay cheap (see STACK-NOTES: a session-stored token wrote a row per GET /login).
 */
export function createCsrf(options: { secret: string; secureCookie: boolean }) {
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => options.secret,
    getSessionIdentifier: (req: Request) => (req.user ? req.sessionID : 'anonymous'),
    cookieName: options.secureCookie ? '__Host-ip.csrf' : 'ip.csrf',
    cookieOptions: { sameSite: 'lax', path: '/', secure: options.secureCookie, httpOnly: true },
    getCsrfTokenFromRequest: (req: Request) => {
      const fromBody = (req.body as { _csrf?: unknown } | undefined)?._csrf;
      const value = fromBody ?? req.headers['x-csrf-token'];
      return typeof value === 'string' ? value : undefined;
    },
  });

  /** Multipart bodies are read by multer inside the route; those routes check the token after it (uploads). */
  const protect: RequestHandler = (req, res, next) => {
    if (req.is('multipart/form-data')) return next();
    doubleCsrfProtection(req, res, next);
  };

  return { protect, verify: doubleCsrfProtection, generateToken: generateCsrfToken };
}
