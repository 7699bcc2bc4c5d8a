/** A membership request moves requested → active | refused | cancelled; an active membership ends as removed. */
export const MEMBERSHIP_STATUSES = ['requested', 'active', 'refused', 'cancelled', 'removed'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** How a membership was granted. */
export type MembershipVia = 'member' | 'organiser' | 'domain' | 'migrated';

export interface Membership {
  id: number;
  organisationId: number;
  userId: number;
  status: MembershipStatus;
  via: MembershipVia | null;
  requestedAt: Date;
  decidedAt: Date | null;
  decidedByUserId: number | null;
  endedAt: Date | null;
  endedByUserId: number | null;
  reason: string | null;
  /** When the members and organisers were asked to decide (after the requester's address was verified). */
  notifiedAt: Date | null;
}

/** A membership with the person's name and address, for the organisation page and the organisers' list. */
export interface MembershipWithPerson extends Membership {
  name: string;
  email: string;
  emailVerified: boolean;
  active: boolean;
}
