import { z } from 'zod';
import { formText } from '../http/validation';

export const DECLARATION_MAX = 20000;

/** The organiser's texts; an empty one means the default text. */
export const declarationTextsSchema = z.object({
  textNl: formText({ max: DECLARATION_MAX }),
  textEn: formText({ max: DECLARATION_MAX }),
});

/** The juror ticks the box: nothing else counts as accepting. */
export const acceptDeclarationSchema = z.object({
  accept: z.preprocess(
    (v) => (Array.isArray(v) ? v[0] : v),
    z.literal('yes', { error: 'jury.declaration.errors.acceptRequired' }),
  ),
});
