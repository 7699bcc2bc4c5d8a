import { z } from 'zod';
import { BULK_MAX } from '../entries/bulk.rules';
import { stringList } from '../http/form-values';
import { formText } from '../http/validation';
import { RECIPIENT_GROUPS } from './message';

export const messageSchema = z.object({
  group: z.enum(RECIPIENT_GROUPS, { error: 'messages.errors.groupRequired' }),
  subject: formText({ max: 200, required: 'messages.errors.subjectRequired' }),
  body: formText({ max: 20000, required: 'messages.errors.bodyRequired' }),
  // The entries ticked in the organisers' list (group selectedEntries); the service checks they are the edition's.
  entryIds: z
    .preprocess(
      stringList,
      z
        .array(z.string().regex(/^\d{1,9}$/, { error: 'messages.errors.unknownEntries' }))
        .max(BULK_MAX, { error: 'entries.bulk.errors.tooMany' }),
    )
    .transform((ids) => [...new Set(ids.map(Number))]),
});

export const confirmSchema = z.object({
  confirm: z.preprocess(
    (v) => (Array.isArray(v) ? v[0] : v),
    z.literal('yes', { error: 'messages.errors.confirmRequired' }),
  ),
});
