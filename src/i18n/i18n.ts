import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import type { Request, Response, NextFunction } from 'express';
import { projectRoot } from '../shared/paths';

import type { Lng } from '../shared/time';

export type { Lng };
export const LANGUAGES: readonly Lng[] = ['nl', 'en'];
export const DEFAULT_LANGUAGE: Lng = 'nl';
export const LANGUAGE_COOKIE = 'lang';

export type Catalogue = { [key: string]: string | Catalogue };

export function isLng(value: unknown): value is Lng {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Each domain keeps its own catalogue file (locales/<lng>/<domain>.json); its keys live under the domain's name,
 * so `t('auth.login.title')` comes from auth.json. Files are read synchronously once, when the app is built.
 */
export function loadCatalogues(
  dir = path.join(projectRoot(), 'src', 'i18n', 'locales'),
): Record<Lng, Catalogue> {
  const result = {} as Record<Lng, Catalogue>;
  for (const lng of LANGUAGES) {
    const catalogue: Catalogue = {};
    for (const file of fs
      .readdirSync(path.join(dir, lng))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      catalogue[path.basename(file, '.json')] = JSON.parse(
        fs.readFileSync(path.join(dir, lng, file), 'utf8'),
      );
    }
    result[lng] = catalogue;
  }
  return result;
}

export function createI18n(catalogues = loadCatalogues()): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: catalogues[l] }])),
    // EJS escapes every <%= %>; escaping here too would show &amp; to users.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

/** Language: the switch's cookie first, then the browser's Accept-Language, then Dutch. */
export function detectLanguage(req: Request): Lng {
  const fromCookie = (req.cookies as Record<string, unknown> | undefined)?.[LANGUAGE_COOKIE];
  if (isLng(fromCookie)) return fromCookie;
  const accepted = req.acceptsLanguages(...LANGUAGES);
  return isLng(accepted) ? accepted : DEFAULT_LANGUAGE;
}

declare module 'express-serve-static-core' {
  interface Request {
    lng: Lng;
    t: TFunction;
  }
}

/** Options that change which string i18next picks (plural, context, language…): those calls go to i18next. */
const SELECTING_OPTIONS = ['count', 'context', 'lng', 'lngs', 'defaultValue', 'returnObjects', 'ordinal'];
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/**
 * The same strings as i18next's `t`, at a fraction of the cost for the common calls: a key without options or
 * with plain `{{name}}` values is looked up once and filled in directly. A page calls `t` hundreds of times (a
 * 500-row table calls it per row), and i18next's full pipeline per call was a tenth of a page's CPU time.
 * Plurals, context, nesting (`$t(`) and formatting go to i18next, as does any call whose values are missing.
 */
export function fastT(instance: i18n, lng: Lng): TFunction {
  const slow = instance.getFixedT(lng) as unknown as (key: unknown, options?: unknown) => string;
  const templates = new Map<string, string | null>();
  const template = (key: string): string | null => {
    let found = templates.get(key);
    if (found === undefined) {
      const raw: unknown = instance.getResource(lng, 'translation', key);
      found = typeof raw === 'string' && !raw.includes('$t(') && !/\{\{[^}]*,/.test(raw) ? raw : null;
      // Keys come from code, not users, so the map stays small; the cap only guards against a mistake.
      if (templates.size < 10_000) templates.set(key, found);
    }
    return found;
  };
  const t = (key: unknown, options?: unknown): string => {
    const values = options as Record<string, unknown> | undefined;
    if (
      typeof key !== 'string' ||
      (values !== undefined &&
        (typeof values !== 'object' || values === null || SELECTING_OPTIONS.some((o) => o in values)))
    )
      return slow(key, options);
    const tpl = template(key);
    if (tpl === null) return slow(key, options);
    if (!tpl.includes('{{')) return tpl;
    if (values === undefined) return slow(key);
    let missing = false;
    const filled = tpl.replace(PLACEHOLDER, (_, name: string) => {
      const v = values[name];
      if (v === undefined || v === null || typeof v === 'object') missing = true;
      return String(v);
    });
    // Anything the plain pattern did not fill ({{- x}}, {{a.b}}) is left to i18next.
    return missing || filled.includes('{{') ? slow(key, options) : filled;
  };
  return t as unknown as TFunction;
}

/** One fast `t` per language, made once when the app is built. */
export function translators(i18nInstance: i18n): Record<Lng, TFunction> {
  return Object.fromEntries(LANGUAGES.map((l) => [l, fastT(i18nInstance, l)])) as Record<Lng, TFunction>;
}

export function languageMiddleware(fixed: Record<Lng, TFunction>) {
  return (req: Request, res: Response, next: NextFunction) => {
    req.lng = detectLanguage(req);
    req.t = fixed[req.lng];
    res.locals.lng = req.lng;
    res.locals.t = req.t;
    res.setHeader('Content-Language', req.lng);
    next();
  };
}

/** Flattens a catalogue to dotted keys, for the completeness test and tooling. */
export function flattenKeys(catalogue: Catalogue, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([k, v]) =>
    typeof v === 'string' ? [prefix + k] : flattenKeys(v, `${prefix}${k}.`),
  );
}
