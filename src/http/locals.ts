import type { Request, RequestHandler, Response } from 'express';
import type { TFunction } from 'i18next';
import { LANGUAGES, type Lng } from '../i18n/i18n';
import { localeOf, pickText } from '../i18n/pick';
import { formatDate, formatDateTime } from '../shared/time';
import { conflictReasonLines } from '../jury/conflict.words';
import type { PairConflict } from '../jury/jury.types';
import type { Organisation } from '../organisations/organisation.types';
import { menuSection } from './menu';
import { pageSubject } from './page-subject';

/**
 * The view helpers that depend only on the language, made once per language when the app is built (not as new
 * closures on every request).
 */
function languageHelpers(lng: Lng, t: TFunction) {
  return {
    formatDateTime: (d: Date) => formatDateTime(d, lng),
    formatDate: (d: Date) => formatDate(d, lng),
    // The Dutch/English pick: `pick(nl, en)` gives the text, `langAttr(nl, en)` gives ' lang="nl"' when Dutch
    // text stands on an English page (WCAG 3.1.2), `localized(o, 'name')` reads o.nameNl/o.nameEn.
    pick: (nl: string, en: string | null | undefined) => pickText(lng, nl, en).text,
    langAttr: (nl: string, en: string | null | undefined) =>
      pickText(lng, nl, en).lang !== lng ? ' lang="nl"' : '',
    localized: (o: Record<string, unknown>, field: string) =>
      pickText(lng, String(o[`${field}Nl`] ?? ''), o[`${field}En`] as string | null).text,
    locale: localeOf(lng),
    // What people wrote (entry texts, comments, the jury's motivation) is Dutch: marked so on other pages (3.1.2).
    dutchContent: lng === 'nl' ? '' : ' lang="nl"',
    // "Gemeente Utrecht", "Provincie Utrecht", "SSC Kromme Rijn": an organisation as every page names it.
    orgLabel: (o: { name: string; type: string }) =>
      (t as unknown as (key: string, params: object) => string)(`organisations.displayName.${o.type}`, {
        name: o.name,
      }),
    // Why a pair is a conflict, in the sentences every export uses too (jury/conflict.words.ts).
    conflictReasons: (conflict: PairConflict, organisations: ReadonlyMap<number, Organisation>) =>
      conflictReasonLines({ conflict, organisations, t, lng }),
  };
}

/** Values every view may use: the user, the current path, a CSRF token on demand, and the language's helpers. */
export function viewLocals(options: {
  generateCsrfToken: (req: Request, res: Response) => string;
  translators: Record<Lng, TFunction>;
}): RequestHandler {
  const helpers = Object.fromEntries(
    LANGUAGES.map((lng) => [lng, languageHelpers(lng, options.translators[lng])]),
  ) as Record<Lng, ReturnType<typeof languageHelpers>>;
  return (req, res, next) => {
    res.locals.currentUser = null; // set once the session is read
    res.locals.currentPath = req.originalUrl.split('?')[0];
    res.locals.section = menuSection(res.locals.currentPath as string);
    res.locals.currentUrl = req.originalUrl;
    let token: string | undefined;
    // Made only when a view renders a form, so pages without forms set no cookie.
    res.locals.csrfToken = () => (token ??= res.locals.csrfTokenValue = options.generateCsrfToken(req, res));
    res.locals.errors = [];
    // The records the route loaded name the page in its title (read at render time, after the loaders ran).
    res.locals.pageSubject = () => pageSubject(req.loaded, req.lng);
    Object.assign(res.locals, helpers[req.lng]);
    next();
  };
}
