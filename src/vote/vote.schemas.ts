import { z } from 'zod';

/** A whole number from a form field, or NaN (the service says what is wrong with it). */
const wholeNumber = z.preprocess((v) => {
  const s = String((Array.isArray(v) ? v[0] : v) ?? '').trim();
  return /^\d{1,6}$/.test(s) ? Number(s) : Number.NaN;
}, z.number());

export const openSchema = z.object({ minutes: wholeNumber });
export const codesSchema = z.object({ count: wholeNumber });
export const countsSchema = z.object({
  visible: z.preprocess((v) => (Array.isArray(v) ? v[0] : v) === '1', z.boolean()),
});

/** The ballot: the code as typed (read by vote.rules.normaliseCode) and the chosen finalist's entry id, if any. */
export const ballotSchema = z.object({
  code: z.preprocess((v) => String((Array.isArray(v) ? v[0] : v) ?? '').slice(0, 64), z.string()),
  entryId: z.preprocess((v) => {
    const s = String((Array.isArray(v) ? v[0] : v) ?? '');
    return /^\d{1,9}$/.test(s) ? Number(s) : null;
  }, z.number().nullable()),
});
