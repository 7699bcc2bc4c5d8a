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

export function languageMiddleware(i18nInstance: i18n) {
  const fixed = Object.fromEntries(LANGUAGES.map((l) => [l, i18nInstance.getFixedT(l)])) as Record<
    Lng,
    TFunction
  >;
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
