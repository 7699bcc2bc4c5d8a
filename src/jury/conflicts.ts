/**
 * Conflicts of interest between jurors and entries, computed from organisation ties. Pure: the caller loads
 * organisations, jurors and entries; this module only decides.
 *
 * Rule of the prize: a juror conflicts with an entry when the juror's employer or any organisation the juror
 * is tied to (an SSC they belong to, a board they sit on) is
 *   - the entrant                                   → 'entrant'
 *   - a partner of the entry                        → 'partner'
 *   - an owner of the entrant (the entrant is an SSC) → 'owner_of_entrant'
 *     e.g. the juror works at Gemeente G, G owns SSC S, and S enters
 *   - an SSC owned by the entrant                   → 'owned_by_entrant'
 *     e.g. the juror works at SSC S, S is owned by Gemeente G, and G enters
 *   - an owner of an SSC partner                    → 'owner_of_partner'
 *   - an SSC owned by a partner                     → 'owned_by_partner'
 *
 * Decisions:
 *   - Partners are treated like the entrant, ownership included: a partner shares in the prize and the
 *     publicity, so the owners of an SSC partner have the same stake as the owners of an SSC entrant.
 *   - Ownership is one step only. Two SSCs owned by the same gemeente are not in conflict with each other
 *     (siblings), and an SSC owning an SSC does not make the grand-owner conflicted. Widening this would mark
 *     most of the jury as conflicted in regions where a few large SSCs serve everyone.
 *   - `ownerIds` is honoured on every organisation, not only on those typed 'ssc': a mistyped organisation
 *     must never hide a conflict (a false conflict is cheap, the organiser can lift it; a missed one is not).
 *   - An organisation id that is not in the list has no owners: stale data must not crash the jury pages.
 *   - A merged organisation (a herindeling, or a duplicate resolved by an organiser) is its successor: a juror of
 *     the new gemeente conflicts with an entry of an old one and the other way round, and the successor's owners
 *     and the merged body's own owners both count. The reason still names the organisations as the data has them.
 */

export type OrganisationType = 'gemeente' | 'ssc' | 'provincie' | 'waterschap' | 'overig';

export interface Organisation {
  id: number;
  type: OrganisationType;
  /** For an SSC: the organisations (gemeenten, sometimes a province) that own it. Empty otherwise. */
  ownerIds: number[];
  /** Set when the organisation merged into another (a herindeling): that one carries on its ties. */
  mergedIntoId?: number | null;
}

export interface JurorTies {
  jurorId: number;
  employerId: number | null;
  /** SSCs the juror belongs to, boards they sit on, etc. */
  tiedOrgIds: number[];
}

export interface EntryParties {
  entryId: number;
  entrantOrgId: number;
  partnerOrgIds: number[];
}

/** Listed in the order reasons are reported: the most direct tie first. */
export const CONFLICT_KINDS = [
  'entrant',
  'partner',
  'owner_of_entrant',
  'owned_by_entrant',
  'owner_of_partner',
  'owned_by_partner',
] as const;

export type ConflictKind = (typeof CONFLICT_KINDS)[number];

export type TieVia = 'employer' | 'tie';

/**
 * One reason a juror conflicts with an entry, enough for a sentence such as
 * "Uw werkgever Gemeente X (jurorOrgId, via employer) is eigenaar van inzender SSC Y (entryOrgId)".
 */
export interface ConflictReason {
  kind: ConflictKind;
  /** The juror's organisation: their employer or a tied organisation. */
  jurorOrgId: number;
  via: TieVia;
  /** The entry's organisation: the entrant or a partner. */
  entryOrgId: number;
}

type OrganisationIndex = ReadonlyMap<number, Organisation>;

interface JurorOrg {
  orgId: number;
  via: TieVia;
}

type EntryRole = 'entrant' | 'partner';

interface EntryOrg {
  orgId: number;
  role: EntryRole;
}

const KIND_BY_ROLE: Record<EntryRole, { same: ConflictKind; ownerOf: ConflictKind; ownedBy: ConflictKind }> =
  {
    entrant: { same: 'entrant', ownerOf: 'owner_of_entrant', ownedBy: 'owned_by_entrant' },
    partner: { same: 'partner', ownerOf: 'owner_of_partner', ownedBy: 'owned_by_partner' },
  };

export function indexOrganisations(organisations: readonly Organisation[]): OrganisationIndex {
  return new Map(organisations.map((organisation) => [organisation.id, organisation]));
}

/** The organisation that carries on `orgId` after mergers (itself when it did not merge). Cycle-safe. */
function successorOf(index: OrganisationIndex, orgId: number): number {
  let current = orgId;
  for (let step = 0; step < 50; step++) {
    const next = index.get(current)?.mergedIntoId;
    if (next === null || next === undefined || next === current) return current;
    current = next;
  }
  return current;
}

/** Owners of the organisation and of its successor, each as its own successor. */
function ownersOf(index: OrganisationIndex, orgId: number): number[] {
  const successor = successorOf(index, orgId);
  const own = index.get(orgId)?.ownerIds ?? [];
  const inherited = successor === orgId ? [] : (index.get(successor)?.ownerIds ?? []);
  return [...own, ...inherited].map((id) => successorOf(index, id));
}

/** The employer comes first and wins over the same organisation listed as a tie: it is the clearer reason. */
function jurorOrgs(juror: JurorTies): JurorOrg[] {
  const result: JurorOrg[] = [];
  const seen = new Set<number>();
  const add = (orgId: number, via: TieVia): void => {
    if (seen.has(orgId)) return;
    seen.add(orgId);
    result.push({ orgId, via });
  };
  if (juror.employerId !== null) add(juror.employerId, 'employer');
  for (const orgId of juror.tiedOrgIds) add(orgId, 'tie');
  return result;
}

/** An entrant listed as its own partner is reported once, as the entrant. */
function entryOrgs(entry: EntryParties): EntryOrg[] {
  const result: EntryOrg[] = [{ orgId: entry.entrantOrgId, role: 'entrant' }];
  const seen = new Set<number>([entry.entrantOrgId]);
  for (const orgId of entry.partnerOrgIds) {
    if (seen.has(orgId)) continue;
    seen.add(orgId);
    result.push({ orgId, role: 'partner' });
  }
  return result;
}

function kindsBetween(index: OrganisationIndex, jurorOrgId: number, entryOrg: EntryOrg): ConflictKind[] {
  const kinds = KIND_BY_ROLE[entryOrg.role];
  const result: ConflictKind[] = [];
  const juror = successorOf(index, jurorOrgId);
  const entry = successorOf(index, entryOrg.orgId);
  if (juror === entry) result.push(kinds.same);
  if (ownersOf(index, entryOrg.orgId).includes(juror)) result.push(kinds.ownerOf);
  if (ownersOf(index, jurorOrgId).includes(entry)) result.push(kinds.ownedBy);
  return result;
}

function compareReasons(a: ConflictReason, b: ConflictReason): number {
  return (
    CONFLICT_KINDS.indexOf(a.kind) - CONFLICT_KINDS.indexOf(b.kind) ||
    a.jurorOrgId - b.jurorOrgId ||
    a.entryOrgId - b.entryOrgId ||
    (a.via === b.via ? 0 : a.via === 'employer' ? -1 : 1)
  );
}

function detectWithIndex(index: OrganisationIndex, juror: JurorTies, entry: EntryParties): ConflictReason[] {
  const reasons: ConflictReason[] = [];
  const parties = entryOrgs(entry);
  for (const jurorOrg of jurorOrgs(juror)) {
    for (const entryOrg of parties) {
      for (const kind of kindsBetween(index, jurorOrg.orgId, entryOrg)) {
        reasons.push({ kind, jurorOrgId: jurorOrg.orgId, via: jurorOrg.via, entryOrgId: entryOrg.orgId });
      }
    }
  }
  return reasons.sort(compareReasons);
}

/** All reasons why `juror` conflicts with `entry`, most direct first; an empty array means no conflict. */
export function detectConflicts({
  organisations,
  juror,
  entry,
}: {
  organisations: readonly Organisation[];
  juror: JurorTies;
  entry: EntryParties;
}): ConflictReason[] {
  return detectWithIndex(indexOrganisations(organisations), juror, entry);
}

export function conflictKey(jurorId: number, entryId: number): string {
  return `${jurorId}:${entryId}`;
}

/**
 * Automatic conflicts for every juror × entry pair, keyed by `conflictKey(jurorId, entryId)`. Sparse: only
 * conflicted pairs are present, so `matrix.has(key)` answers "is this pair conflicted". Insertion order is
 * by juror id, then entry id, so iterating the map is deterministic.
 */
export function conflictMatrix({
  organisations,
  jurors,
  entries,
}: {
  organisations: readonly Organisation[];
  jurors: readonly JurorTies[];
  entries: readonly EntryParties[];
}): Map<string, ConflictReason[]> {
  const index = indexOrganisations(organisations);
  const sortedJurors = [...jurors].sort((a, b) => a.jurorId - b.jurorId);
  const sortedEntries = [...entries].sort((a, b) => a.entryId - b.entryId);
  const matrix = new Map<string, ConflictReason[]>();
  for (const juror of sortedJurors) {
    for (const entry of sortedEntries) {
      const reasons = detectWithIndex(index, juror, entry);
      if (reasons.length > 0) matrix.set(conflictKey(juror.jurorId, entry.entryId), reasons);
    }
  }
  return matrix;
}

export type ConflictOverride = 'added' | 'lifted';

export type EffectiveConflict =
  | { conflicted: true; source: 'automatic' | 'declared' | 'organiser' }
  | { conflicted: false; source: 'organiser' | null };

/**
 * Whether a juror may score an entry, combining the three sources of a conflict.
 *
 * Precedence (decision):
 *   1. The juror's own declaration always stands: the juror knows ties we cannot see, and an organiser
 *      overruling a juror's "I am not impartial" would undermine the jury. It cannot be lifted.
 *   2. The organiser may lift an automatic conflict (the reason is stored elsewhere), e.g. a tie that has
 *      ended. `source: 'organiser'` then tells the UI it was lifted; lifting where nothing was detected
 *      changes nothing and reports `source: null`.
 *   3. Otherwise an automatic conflict holds, reported as 'automatic' even when the organiser also added one,
 *      because the automatic reasons are the more informative explanation.
 *   4. The organiser may add a conflict the data does not show.
 */
export function effectiveConflict({
  automatic,
  declared,
  override,
}: {
  automatic: readonly ConflictReason[];
  declared: boolean;
  override: ConflictOverride | null;
}): EffectiveConflict {
  if (declared) return { conflicted: true, source: 'declared' };
  const detected = automatic.length > 0;
  if (override === 'lifted') return { conflicted: false, source: detected ? 'organiser' : null };
  if (detected) return { conflicted: true, source: 'automatic' };
  if (override === 'added') return { conflicted: true, source: 'organiser' };
  return { conflicted: false, source: null };
}
