import { z } from 'zod';
import { formEmail, formPassword, formText } from '../http/validation';

export const inviteAdminSchema = z.object({
  name: formText({ max: 200, required: 'common.errors.nameRequired' }),
  email: formEmail(),
});

export const languageSchema = z.object({
  language: z.enum(['nl', 'en'], { error: 'users.account.errors.languageRequired' }),
});

/** Changing the password on the account page: the current one, and the new one twice. */
export const changePasswordSchema = z
  .object({
    currentPassword: formPassword('users.account.errors.currentRequired'),
    password: formPassword(),
    passwordConfirm: formPassword('auth.password.errors.confirmRequired'),
  })
  .refine((v) => v.password === v.passwordConfirm, {
    path: ['passwordConfirm'],
    error: 'auth.password.errors.mismatch',
  });
