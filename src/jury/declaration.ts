/**
 * The jury declaration a juror accepts before the first score sheet opens: the edition's own text in the
 * reader's language, or the default text of the catalogue when the organiser wrote none in that language.
 */
import type { i18n } from 'i18next';
import type { Lng } from '../i18n/i18n';
import type { DeclarationTexts } from './declaration.repo';

export interface DeclarationText {
  text: string;
  /** The organiser wrote it for this edition (false: the default text). */
  custom: boolean;
}

export function declarationText(
  texts: Pick<DeclarationTexts, 'nl' | 'en'>,
  lng: Lng,
  defaults: Record<Lng, string>,
): DeclarationText {
  const own = texts[lng].trim();
  if (own) return { text: own, custom: true };
  // An edition with only a Dutch text shows it to English readers too rather than a different default text.
  const other = texts[lng === 'nl' ? 'en' : 'nl'].trim();
  if (other) return { text: other, custom: true };
  return { text: defaults[lng], custom: false };
}

/** A text as paragraphs (blank lines separate them), for the page and the mail. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** The catalogue's default declaration in both languages. */
export function defaultDeclarations(i18next: i18n): Record<Lng, string> {
  return {
    nl: i18next.getFixedT('nl')('jury.declaration.defaultText'),
    en: i18next.getFixedT('en')('jury.declaration.defaultText'),
  };
}
