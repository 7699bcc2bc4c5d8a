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
