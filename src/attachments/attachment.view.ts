import type { TFunction } from 'i18next';
import type { Lng } from '../i18n/i18n';
import { localeOf } from '../i18n/pick';
import type { FieldError } from '../shared/result';

/** "PDF, Word-document (.docx) of PNG-afbeelding": the alternatives a message offers, in the reader's language. */
export function orList(items: readonly string[], lng: Lng): string {
  return new Intl.ListFormat(localeOf(lng), { type: 'disjunction' }).format(items);
}

/**
 * Upload errors carry codes (a type, the allowed types, extensions); this turns them into words of the reader's
 * language, so the views only call t(messageKey, params).
 */
export function localiseErrors(errors: readonly FieldError[], t: TFunction, lng: Lng): FieldError[] {
  return errors.map((e) => {
    const params: Record<string, unknown> = { ...e.params };
    if (typeof params.type === 'string') params.type = t(`attachments.typeNouns.${params.type}`);
    if (Array.isArray(params.allowed))
      params.allowed = orList(
        params.allowed.map((a: string) => t(`attachments.typeNouns.${a}`)),
        lng,
      );
    if (Array.isArray(params.extensions))
      params.extensions = orList(
        params.extensions.map((x: string) => `.${x}`),
        lng,
      );
    return { ...e, params };
  });
}
