import type { Organisation as OrganisationTies, OrganisationType } from '../jury/conflicts';

export type { OrganisationType };

/** Every organisation type, in the order forms offer them. Checked against the jury's union below. */
export const ORGANISATION_TYPES = ['gemeente', 'ssc', 'provincie', 'waterschap', 'overig'] as const;

// Fails to compile when the jury's OrganisationType gains or loses a member that this list does not.
type Missing = Exclude<OrganisationType, (typeof ORGANISATION_TYPES)[number]>;
type Extra = Exclude<(typeof ORGANISATION_TYPES)[number], OrganisationType>;
const _sameTypes: [Missing, Extra] extends [never, never] ? true : never = true;
void _sameTypes;

/** Organisations that may own an SSC when a submitter registers one; an organiser can choose any other. */
export const SSC_OWNER_TYPES: readonly OrganisationType[] = ['gemeente', 'provincie'];

export function isOrganisationType(value: unknown): value is OrganisationType {
  return typeof value === 'string' && (ORGANISATION_TYPES as readonly string[]).includes(value);
}

/** An organisation as the app uses it; also a valid input for the jury's conflict check (id, type, ownerIds). */
export interface Organisation extends OrganisationTies {
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A line in the organisers' list: the organisation with its owners' names and how many accounts it has. */
export interface OrganisationListItem extends Organisation {
  owners: Array<Pick<Organisation, 'id' | 'name' | 'type'>>;
  userCount: number;
}
