import { cleanText } from '../shared/plain-text';
import { z } from 'zod';

import type { FieldError } from '../shared/result';

export type { FieldError };

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldError[] };

/**
 * Parses a form body with a zod schema whose messages are catalogue keys. One error per field (the first), in
 * the order of the form, as GOV.UK's error summary wants.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (seen.has(field)) continue;
    seen.add(field);
    const isKey = /^[a-z][\w-]*(\.[\w-]+)+$/i.test(issue.message);
    const params = issue.code === 'too_big' ? { max: Number(issue.maximum) } : undefined;
    errors.push({ field, messageKey: isKey ? issue.message : 'common.errors.invalid', params });
  }
  return { ok: false, errors };
}

/** Form values arrive as strings (or arrays when a field is repeated); this takes the first string, trimmed. */
export const formText = (opts: { max: number; required?: string; tooLong?: string }) =>
  z.preprocess(
    (v) => (Array.isArray(v) ? v[0] : v) ?? '',
    z
      .string({ error: 'common.errors.invalid' })
      .transform(cleanText)
      .pipe(
        z
          .string()
          .min(opts.required ? 1 : 0, { error: opts.required ?? 'common.errors.required' })
          .max(opts.max, { error: opts.tooLong ?? 'common.errors.tooLong' }),
      ),
  );

export const formEmail = (required = 'common.errors.emailRequired') =>
  formText({ max: 254, required }).pipe(z.email({ error: 'common.errors.emailInvalid' }));

/** Password fields are never trimmed: spaces may be part of a passphrase. */
export const formPassword = (required = 'auth.password.errors.required') =>
  z.preprocess(
    (v) => (Array.isArray(v) ? v[0] : v) ?? '',
    z.string({ error: required }).min(1, { error: required }),
  );
