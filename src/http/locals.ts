import type { Request, RequestHandler, Response } from 'express';
import { localeOf, pickText } from '../i18n/pick';
import { formatDate, formatDateTime } from '../shared/time';
import { menuSection } from './menu';

/** Values every view may use: the user, the current path, a CSRF token on demand, and date formatting. */
export function viewLocals(options: {
  generateCsrfToken: (req: Request, res: Response) => string;
}): RequestHandler {
  return (req, res, next) => {
    res.locals.currentUser = null; // set once the session is read
    res.locals.currentPath = req.originalUrl.split('?')[0];
    res.locals.section = menuSection(res.locals.currentPath as string);
    res.locals.currentUrl = req.originalUrl;
    let token: string | undefined;
    // Made only when a view renders a form, so pages without forms set no cookie.
    res.locals.csrfToken = () => (token ??= res.locals.csrfTokenValue = options.generateCsrfToken(req, res));
    res.locals.formatDateTime = (d: Date) => formatDateTime(d, req.lng);
    res.locals.formatDate = (d: Date) => formatDate(d, req.lng);
    res.locals.errors = [];
    // The Dutch/English pick: `pick(nl, en)` gives the text, `langAttr(nl, en)` gives ' lang="nl"' when Dutch
    // text stands on an English page (WCAG 3.1.2), `localized(o, 'name')` reads o.nameNl/o.nameEn.
    res.locals.pick = (nl: string, en: string | null | undefined) => pickText(req.lng, nl, en).text;
    res.locals.langAttr = (nl: string, en: string | null | undefined) =>
      pickText(req.lng, nl, en).lang !== req.lng ? ' lang="nl"' : '';
    res.locals.localized = (o: Record<string, unknown>, field: string) =>
      pickText(req.lng, String(o[`${field}Nl`] ?? ''), o[`${field}En`] as string | null).text;
    res.locals.locale = localeOf(req.lng);
    // "Gemeente Utrecht", "Provincie Utrecht", "SSC Kromme Rijn": an organisation as every page names it.
    res.locals.orgLabel = (o: { name: string; type: string }) =>
      (res.locals.t as (key: string, params: object) => string)(`organisations.displayName.${o.type}`, {
        name: o.name,
      });
    next();
  };
}
