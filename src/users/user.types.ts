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
  /**
   * The organisation whose entries, attachments and members this account may see: set only while its membership is
   * granted (active) and its e-mail address is verified; null otherwise, and always for organisers and jurors.
   */
  organisationId: number | null;
  /** The account's current membership, granted or still asked for; null when it has none. */
  membership: { id: number; organisationId: number; status: 'requested' | 'active' } | null;
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
