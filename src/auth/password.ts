import argon2 from 'argon2';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** OWASP's recommended argon2id settings (19 MiB, 2 iterations) keep a login under ~50 ms on a small server. */
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

// Verifying against this when the account does not exist makes unknown e-mail addresses take as long as wrong
// passwords, so response times do not reveal who has an account.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    dummyHash ??= hashPassword('not-a-real-password-just-for-timing');
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return argon2.verify(hash, password).catch(() => false);
}

/** Returns the catalogue key of the first rule the password breaks, or null. */
export function passwordPolicyError(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'auth.password.errors.tooShort';
  if (password.length > PASSWORD_MAX_LENGTH) return 'auth.password.errors.tooLong';
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) return 'auth.password.errors.isEmail';
  return null;
}
