import type { Organisation as OrganisationTies, OrganisationType } from '../jury/conflicts';

export type { OrganisationType };

/** Every organisation type, in the order forms offer them. Checked against the jury's union below. */
export const ORGANISATION_TYPES = ['gemeente', 'ssc', 'provincie', 'waterschap', 'overig'] as const;

// Fails to compile when the jury's OrganisationType gains or loses a member that this list does not.
type Missing = Exclude<OrganisationType, (typeof ORGANISATION_TYPES)[number]>;
type Extra = Exclude<(typeof ORGANISATION_TYPES)[number], OrganisationType>;
const _sameTypes: [Missing, Extra] extends [never, never] ? true : never = true;
void _sameTypes;

/** Public bodies that come from the official lists, with a code (GM0344, PV26, WS…); never typed in by anyone. */
export const REGISTER_TYPES = [
  'gemeente',
  'provincie',
  'waterschap',
] as const satisfies readonly OrganisationType[];

/** Bodies that organisers create, or entrants propose: joint bodies (SSCs, gemeenschappelijke regelingen) and others. */
export const JOINT_TYPES = ['ssc', 'overig'] as const satisfies readonly OrganisationType[];
export type JointType = (typeof JOINT_TYPES)[number];

/** Rule of the prize: the owners of a joint body come from the register (gemeenten, provinces, waterschappen). */
export const OWNER_TYPES: readonly OrganisationType[] = REGISTER_TYPES;

/**
 * Whether an organisation can be chosen (registration, partners, a juror's employer, owners): only 'active'.
 * 'proposed': an entrant asked for it, an organiser decides. 'unverified': existed before the register and was not
 * matched to it. 'merged': a herindeling or a duplicate; `mergedIntoId` is its successor. 'refused': a proposal
 * an organiser turned down. 'ended': no longer in the official list, without a successor.
 */
export const ORGANISATION_STATUSES = [
  'active',
  'proposed',
  'unverified',
  'merged',
  'refused',
  'ended',
] as const;
export type OrganisationStatus = (typeof ORGANISATION_STATUSES)[number];

/** Where an organisation came from. */
export const ORGANISATION_SOURCES = ['register', 'organiser', 'entrant', 'legacy'] as const;
export type OrganisationSource = (typeof ORGANISATION_SOURCES)[number];

/** Statuses an organiser still has to decide on. */
export const OPEN_STATUSES: readonly OrganisationStatus[] = ['proposed', 'unverified'];

export function isOrganisationType(value: unknown): value is OrganisationType {
  return typeof value === 'string' && (ORGANISATION_TYPES as readonly string[]).includes(value);
}

export function isRegisterType(type: OrganisationType): boolean {
  return (REGISTER_TYPES as readonly string[]).includes(type);
}

/** An organisation as the app uses it; also a valid input for the jury's conflict check (id, type, owners, successor). */
export interface Organisation extends OrganisationTies {
  name: string;
  /** Official code: GM0344 (gemeente), PV26 (provincie), WS… (waterschap); null for joint bodies. */
  code: string | null;
  /** A gemeente's province (PV26). */
  provinceCode: string | null;
  status: OrganisationStatus;
  source: OrganisationSource;
  mergedIntoId: number | null;
  proposedByUserId: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A line in the organisers' list: the organisation with its owners' names, its members and its domains. */
export interface OrganisationListItem extends Organisation {
  owners: Array<Pick<Organisation, 'id' | 'name' | 'type'>>;
  memberCount: number;
  domains: string[];
}
