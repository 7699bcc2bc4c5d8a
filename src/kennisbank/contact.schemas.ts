import { z } from 'zod';
import { formEmail, formText } from '../http/validation';

/** The "neem contact op" form: who asks (name, reply address) and the question, each within its limit. */
export const CONTACT_LIMITS = { name: 100, message: 2000 } as const;

export const contactSchema = z.object({
  name: formText({ max: CONTACT_LIMITS.name, required: 'kennisbank.contact.errors.name' }),
  email: formEmail(),
  message: formText({ max: CONTACT_LIMITS.message, required: 'kennisbank.contact.errors.message' }),
});
export type ContactForm = z.output<typeof contactSchema>;
