export const ROLES = ['admin', 'juror', 'submitter'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  hasPassword: boolean;
  language: 'nl' | 'en' | null;
  /** Raised when the password changes, which ends every other session of the user. */
  sessionVersion: number;
  createdAt: Date;
  deactivatedAt: Date | null;
  /** The organisation a submitter works for; null for organisers and jurors. */
  organisationId: number | null;
  /** When the user proved the e-mail address is theirs; null until then. */
  emailVerifiedAt: Date | null;
}

/** Rule of the prize: an entry can only be submitted from an account whose e-mail address is verified. */
export function isEmailVerified(user: Pick<User, 'emailVerifiedAt'>): boolean {
  return user.emailVerifiedAt !== null;
}

type DomainUser = User;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // passport's req.user is our user
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends DomainUser {}
  }
}
