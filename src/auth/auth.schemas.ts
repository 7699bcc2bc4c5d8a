import { z } from 'zod';
import { formEmail, formPassword, formText } from '../http/validation';
import type { FieldError } from '../shared/result';
import { PASSWORD_MIN_LENGTH, passwordPolicyError } from './password';

export const loginSchema = z.object({
  email: formEmail(),
  password: formPassword(),
  next: z.unknown().optional(),
});

export const forgotSchema = z.object({ email: formEmail() });

export const newPasswordSchema = z
  .object({
    password: formPassword(),
    passwordConfirm: formPassword('auth.password.errors.confirmRequired'),
  })
  .refine((v) => v.password === v.passwordConfirm, {
    path: ['passwordConfirm'],
    error: 'auth.password.errors.mismatch',
  });

/** A new account's name, e-mail and password (twice): the first-run setup and self-registration. */
export const newAccountSchema = z
  .object({
    name: formText({ max: 200, required: 'common.errors.nameRequired' }),
    email: formEmail(),
    password: formPassword(),
    passwordConfirm: formPassword('auth.password.errors.confirmRequired'),
  })
  .refine((v) => v.password === v.passwordConfirm, {
    path: ['passwordConfirm'],
    error: 'auth.password.errors.mismatch',
  });

/** The password policy as a form error on the password field (none when the password is fine). */
export function passwordPolicyErrors(password: string, email: string): FieldError[] {
  const key = passwordPolicyError(password, email);
  return key ? [{ field: 'password', messageKey: key, params: { min: PASSWORD_MIN_LENGTH } }] : [];
}
