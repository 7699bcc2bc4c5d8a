import { z } from 'zod';
import { LANGUAGES } from '../i18n/i18n';
import { formText } from '../http/validation';
import { LETTER_MAX } from './feedback.service';

export const letterSchema = z.object({
  body: formText({ max: LETTER_MAX, required: 'feedback.errors.bodyRequired' }),
});

/** The release form: one letter (its id) or all drafts (no id), and the organiser's confirmation. */
export const releaseSchema = z.object({
  letterId: z.preprocess(
    (v) => (Array.isArray(v) ? v[0] : v) || undefined,
    z.coerce.number({ error: 'common.errors.invalid' }).int().positive().max(2147483647).optional(),
  ),
  confirm: z.preprocess(
    (v) => (Array.isArray(v) ? v[0] : v),
    z.literal('yes', { error: 'feedback.errors.confirmRequired' }),
  ),
});

/** Preparing letters: the language they are written in. */
export const generateSchema = z.object({
  language: z.preprocess(
    (v) => (Array.isArray(v) ? v[0] : v),
    z.enum(LANGUAGES as ['nl', 'en'], { error: 'feedback.errors.languageRequired' }),
  ),
});
