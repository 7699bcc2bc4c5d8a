/**
 * View models of the organisation pages, built from loaded records; no HTTP here, so they can be tested without it.
 */
import type { AppContext } from '../context';
import { listEntriesOfOrganisations, type OrganisationEntry } from '../entries/entry.repo';
import { listJurorsTiedTo } from '../jury/juror.repo';
import { listAnnouncedOutcomes } from '../results/results.repo';
import type { User } from '../users/user.types';
import { listMemberships } from './membership.repo';
import { mayActForOrganisation } from './membership.rules';
import type { MembershipWithPerson } from './membership.types';
import { sortByName } from './organisation.names';
import {
  findOrganisationById,
  findOrganisationsByIds,
  listDomains,
  listPredecessorIds,
} from './organisation.repo';
import type { Organisation } from './organisation.types';

type Deps = Pick<AppContext, 'db'>;

export type Outcome = 'winner' | 'nominee' | 'honourable_mention' | null;

export interface HistoryEntry extends OrganisationEntry {
  numberLabel: string;
  outcome: Outcome;
  /** Set when a predecessor (a gemeente before a herindeling) entered it. */
  enteredAs: Organisation | null;
}

export interface OrganisationPage {
  organisation: Organisation;
  owners: Organisation[];
  successor: Organisation | null;
  predecessors: Organisation[];
  domains: string[];
  history: Array<{ editionYear: number; editionName: string; entries: HistoryEntry[] }>;
  members: MembershipWithPerson[];
  requests: MembershipWithPerson[];
  /** Organisers only: refused, cancelled and ended memberships. */
  pastMemberships: MembershipWithPerson[];
  /** Organisers only: jury seats tied to this organisation (or a predecessor). */
  jurors: Array<{ editionId: number; name: string; jobTitle: string; tie: 'employer' | 'member' | 'board' }>;
  viewerIsOrganiser: boolean;
}

/** Whether the viewer may open this organisation's page at all: organisers, and its own granted members. */
export function mayViewOrganisation(
  viewer: Pick<User, 'role' | 'organisationId'>,
  organisation: Organisation,
) {
  return mayActForOrganisation(viewer, organisation.id);
}

/**
 * The organisation's page: the body itself (owners, successor and predecessors after a herindeling), its entries of
 * every edition with their announced outcome, its members and waiting requests, and for organisers the jurors
 * tied to it and the memberships that ended.
 */
export async function organisationPage(
  deps: Deps,
  input: { organisation: Organisation; viewer: Pick<User, 'role' | 'id'> },
): Promise<OrganisationPage> {
  const { organisation } = input;
  const viewerIsOrganiser = input.viewer.role === 'admin';
  const predecessorIds = await listPredecessorIds(deps.db, organisation.id);
  const [owners, predecessors, successor] = await Promise.all([
    findOrganisationsByIds(deps.db, organisation.ownerIds),
    findOrganisationsByIds(deps.db, predecessorIds),
    organisation.mergedIntoId ? findOrganisationById(deps.db, organisation.mergedIntoId) : undefined,
  ]);
  const predecessorById = new Map(predecessors.map((p) => [p.id, p]));
  const entries = await listEntriesOfOrganisations(deps.db, [organisation.id, ...predecessorIds]);
  const outcomes = await listAnnouncedOutcomes(
    deps.db,
    entries.map((e) => e.id),
  );
  const history: OrganisationPage['history'] = [];
  for (const entry of entries) {
    const outcome = outcomes.get(entry.id);
    const item: HistoryEntry = {
      ...entry,
      numberLabel: `${entry.editionYear}-${String(entry.number).padStart(3, '0')}`,
      outcome: outcome?.winner ? 'winner' : (outcome?.nomination ?? null),
      enteredAs: predecessorById.get(entry.organisationId) ?? null,
    };
    const group = history.at(-1);
    if (group && group.editionYear === entry.editionYear) group.entries.push(item);
    else history.push({ editionYear: entry.editionYear, editionName: entry.editionName, entries: [item] });
  }
  const memberships = await listMemberships(deps.db, { organisationId: organisation.id });
  const jurors = viewerIsOrganiser
    ? (await listJurorsTiedTo(deps.db, [organisation.id, ...predecessorIds])).map((j) => ({
        editionId: j.editionId,
        name: j.name,
        jobTitle: j.jobTitle,
        tie:
          j.employerId !== null && [organisation.id, ...predecessorIds].includes(j.employerId)
            ? ('employer' as const)
            : (j.ties.find((t) => [organisation.id, ...predecessorIds].includes(t.organisationId))?.kind ??
              'member'),
      }))
    : [];
  return {
    organisation,
    owners: sortByName(owners),
    successor: successor ?? null,
    predecessors: sortByName(predecessors),
    domains: (await listDomains(deps.db, organisation.id)).map((d) => d.domain),
    history,
    members: memberships.filter((m) => m.status === 'active'),
    requests: memberships.filter((m) => m.status === 'requested'),
    pastMemberships: viewerIsOrganiser
      ? memberships.filter((m) => m.status !== 'active' && m.status !== 'requested').reverse()
      : [],
    jurors,
    viewerIsOrganiser,
  };
}

/** What the organisers' edit and resolve pages show beside the form: domains, members, entries, suggestions. */
export async function adminOrganisationDetails(deps: Deps, organisation: Organisation) {
  const [domains, memberships, entries] = await Promise.all([
    listDomains(deps.db, organisation.id),
    listMemberships(deps.db, { organisationId: organisation.id }),
    listEntriesOfOrganisations(deps.db, [organisation.id]),
  ]);
  return {
    domains: domains.map((d) => d.domain),
    memberCount: memberships.filter((m) => m.status === 'active').length,
    waiting: memberships.filter((m) => m.status === 'requested'),
    entryCount: entries.length,
    proposer: organisation.proposedByUserId
      ? (memberships.find((m) => m.userId === organisation.proposedByUserId) ?? null)
      : null,
  };
}
