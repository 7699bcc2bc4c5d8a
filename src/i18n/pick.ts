import type { Lng } from '../shared/time';

/**
 * The Dutch/English choice every bilingual text makes: the English text on an English page when there is one,
 * else the Dutch. It says which language it returned, so a page can mark Dutch text on an English page with
 * lang="nl" (WCAG 3.1.2, language of parts).
 */
export function pickText(lng: Lng, nl: string, en: string | null | undefined): { text: string; lang: Lng } {
  return lng === 'en' && en && en.trim() ? { text: en, lang: 'en' } : { text: nl, lang: 'nl' };
}

export function pick(lng: Lng, nl: string, en: string | null | undefined): string {
  return pickText(lng, nl, en).text;
}

/** The BCP 47 tag of a page language, for Intl formatting. */
export function localeOf(lng: Lng): 'nl-NL' | 'en-GB' {
  return lng === 'en' ? 'en-GB' : 'nl-NL';
}
