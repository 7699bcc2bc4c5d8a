import { z } from 'zod';
import { formText } from '../http/validation';
import { MESSAGE_GROUPS } from './message';

export const messageSchema = z.object({
  group: z.enum(MESSAGE_GROUPS, { error: 'messages.errors.groupRequired' }),
  subject: formText({ max: 200, required: 'messages.errors.subjectRequired' }),
  body: formText({ max: 20000, required: 'messages.errors.bodyRequired' }),
});

export const confirmSchema = z.object({
  confirm: z.preprocess(
    (v) => (Array.isArray(v) ? v[0] : v),
    z.literal('yes', { error: 'messages.errors.confirmRequired' }),
  ),
});
