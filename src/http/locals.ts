import type { Request, RequestHandler, Response } from 'express';
import { formatDate, formatDateTime } from '../shared/time';

/** Values every view may use: the user, the current path, a CSRF token on demand, and date formatting. */
export function viewLocals(options: {
  generateCsrfToken: (req: Request, res: Response) => string;
}): RequestHandler {
  return (req, res, next) => {
    res.locals.currentUser = null; // set once the session is read
    res.locals.currentPath = req.originalUrl.split('?')[0];
    res.locals.currentUrl = req.originalUrl;
    let token: string | undefined;
    // Made only when a view renders a form, so pages without forms set no cookie.
    res.locals.csrfToken = () => (token ??= res.locals.csrfTokenValue = options.generateCsrfToken(req, res));
    res.locals.formatDateTime = (d: Date) => formatDateTime(d, req.lng);
    res.locals.formatDate = (d: Date) => formatDate(d, req.lng);
    res.locals.errors = [];
    // "Gemeente Utrecht", "Provincie Utrecht", "SSC Kromme Rijn": an organisation as every page names it.
    res.locals.orgLabel = (o: { name: string; type: string }) =>
      (res.locals.t as (key: string, params: object) => string)(`organisations.displayName.${o.type}`, {
        name: o.name,
      });
    next();
  };
}
