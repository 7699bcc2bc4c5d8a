import { z } from 'zod';
import { parseId } from '../http/ids';
import { NOMINATION_KINDS } from './deliberation.types';

/** A form value as posted: the first string, or '' (the service trims and checks lengths). */
const posted = () =>
  z.preprocess((v) => {
    const first: unknown = Array.isArray(v) ? v[0] : v;
    return typeof first === 'string' ? first : '';
  }, z.string());

/** A place on the shortlist, or 'none' to take the entry off it (→ null). */
export const nominationSchema = z.object({
  kind: z
    .preprocess(
      (v) => (Array.isArray(v) ? v[0] : v) ?? '',
      z.enum(['none', ...NOMINATION_KINDS], { error: 'results.errors.nomination.invalid' }),
    )
    .transform((kind) => (kind === 'none' ? null : kind)),
});

export const noteSchema = z.object({ note: posted() });

/** The organiser's decision on a late conflict: accept or reject, with a reason (checked by the service). */
export const lateConflictSchema = z.object({
  decision: posted().pipe(z.enum(['accept', 'reject'], { error: 'results.late.errors.decisionRequired' })),
  reason: posted(),
});

/**
 * The jury's decision. The winner and the motivation are checked by the service (decisionProblems), so the form is
 * shown again with every problem at once. The aggregation is the edition's, fixed in advance: not a choice here.
 */
export const decisionSchema = z
  .object({
    winnerEntryId: posted(),
    motivation: posted(),
  })
  .transform((form) => ({ ...form, winnerId: parseId(form.winnerEntryId) }));

/** A checkbox: ticked when posted with any value. */
export const announceSchema = z.object({
  mailEntrants: posted().transform((v) => v !== ''),
});
