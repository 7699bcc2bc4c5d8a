/**
 * Which jurors score which entries. Pure: conflicts come in as a predicate, pairs go out sorted by entry id,
 * then juror id, so the same input always renders and stores the same way.
 */

import { type RandomSource, seededRandom, shuffled } from './seeded-random';

export interface JurorEntryPair {
  jurorId: number;
  entryId: number;
}

export type IsConflicted = (jurorId: number, entryId: number) => boolean;

export interface Shortfall {
  entryId: number;
  assigned: number;
  /** The requested number of jurors per entry. */
  wanted: number;
  /** Jurors without a conflict for this entry: when below `wanted`, no assignment could have done better. */
  eligible: number;
}

export interface BalancedAssignment {
  pairs: JurorEntryPair[];
  shortfalls: Shortfall[];
}

export interface AssignmentDiff {
  added: JurorEntryPair[];
  removed: JurorEntryPair[];
}

export function comparePairs(a: JurorEntryPair, b: JurorEntryPair): number {
  return a.entryId - b.entryId || a.jurorId - b.jurorId;
}

function uniqueSorted(ids: readonly number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** Default mode of the prize: every juror scores every entry, except where they have a conflict. */
export function assignAll({
  jurorIds,
  entryIds,
  isConflicted,
}: {
  jurorIds: readonly number[];
  entryIds: readonly number[];
  isConflicted: IsConflicted;
}): JurorEntryPair[] {
  const jurors = uniqueSorted(jurorIds);
  const pairs: JurorEntryPair[] = [];
  for (const entryId of uniqueSorted(entryIds)) {
    for (const jurorId of jurors) {
      if (!isConflicted(jurorId, entryId)) pairs.push({ jurorId, entryId });
    }
  }
  return pairs;
}

/** Working state of a balanced assignment; only the functions below mutate it. */
interface Plan {
  /** Eligible (non-conflicted) jurors per entry, in the seeded juror order used for tie-breaks. */
  eligible: Map<number, number[]>;
  /** Jurors each entry should get: perEntry, or fewer when fewer jurors are eligible. */
  target: Map<number, number>;
  jurorsOf: Map<number, Set<number>>;
  entriesOf: Map<number, Set<number>>;
  /** Most entries per juror; Infinity when the organiser set no maximum. */
  capacity: number;
}

function lookup<K, V>(map: ReadonlyMap<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`Assignment state has no entry for ${String(key)}`);
  return value;
}

function loadOf(plan: Plan, jurorId: number): number {
  return lookup(plan.entriesOf, jurorId).size;
}

function assignedCount(plan: Plan, entryId: number): number {
  return lookup(plan.jurorsOf, entryId).size;
}

function isAssigned(plan: Plan, jurorId: number, entryId: number): boolean {
  return lookup(plan.jurorsOf, entryId).has(jurorId);
}

function assign(plan: Plan, jurorId: number, entryId: number): void {
  lookup(plan.jurorsOf, entryId).add(jurorId);
  lookup(plan.entriesOf, jurorId).add(entryId);
}

function unassign(plan: Plan, jurorId: number, entryId: number): void {
  lookup(plan.jurorsOf, entryId).delete(jurorId);
  lookup(plan.entriesOf, jurorId).delete(entryId);
}

function validateOptions({ perEntry, maxLoad }: { perEntry: number; maxLoad: number | null }): void {
  if (!Number.isInteger(perEntry) || perEntry < 0) {
    throw new RangeError(`perEntry must be a whole number of at least 0, got ${perEntry}`);
  }
  if (maxLoad !== null && (!Number.isInteger(maxLoad) || maxLoad < 0)) {
    throw new RangeError(`maxLoad must be null or a whole number of at least 0, got ${maxLoad}`);
  }
}

function createPlan({
  jurors,
  entries,
  perEntry,
  maxLoad,
  isConflicted,
}: {
  jurors: readonly number[];
  entries: readonly number[];
  perEntry: number;
  maxLoad: number | null;
  isConflicted: IsConflicted;
}): Plan {
  const plan: Plan = {
    eligible: new Map(),
    target: new Map(),
    jurorsOf: new Map(),
    entriesOf: new Map(jurors.map((jurorId) => [jurorId, new Set<number>()])),
    capacity: maxLoad ?? Infinity,
  };
  for (const entryId of entries) {
    const eligible = jurors.filter((jurorId) => !isConflicted(jurorId, entryId));
    plan.eligible.set(entryId, eligible);
    plan.target.set(entryId, Math.min(perEntry, eligible.length));
    plan.jurorsOf.set(entryId, new Set());
  }
  return plan;
}

/** Most constrained entries first, so they still find free jurors; equal ones in seeded order. */
function entryOrder(plan: Plan, entries: readonly number[], random: RandomSource): number[] {
  const eligibleCount = (entryId: number): number => lookup(plan.eligible, entryId).length;
  const rank = new Map(shuffled(entries, random).map((entryId, index) => [entryId, index]));
  return [...entries].sort(
    (a, b) => eligibleCount(a) - eligibleCount(b) || lookup(rank, a) - lookup(rank, b),
  );
}

/**
 * Gives each entry the least-loaded eligible jurors. Ties are broken by a fresh seeded shuffle per entry,
 * not a fixed juror order: a fixed order would keep putting the same jurors together on every entry, and
 * score normalisation needs jurors' sets of entries to overlap widely.
 */
function greedyFill(plan: Plan, order: readonly number[], random: RandomSource): void {
  for (const entryId of order) {
    const candidates = shuffled(lookup(plan.eligible, entryId), random)
      .filter((jurorId) => loadOf(plan, jurorId) < plan.capacity)
      .sort((a, b) => loadOf(plan, a) - loadOf(plan, b));
    const wanted = lookup(plan.target, entryId) - assignedCount(plan, entryId);
    for (const jurorId of candidates.slice(0, wanted)) assign(plan, jurorId, entryId);
  }
}

/**
 * Replays a chain of moves backwards from its last juror: that juror joins an entry, whose leaving juror (if
 * any) joins the entry before it, and so on. Every entry on the chain keeps its count, except a starting
 * entry without a leaving juror, which gains one; a starting juror ends up with one entry fewer.
 */
function applyChain({
  plan,
  lastJurorId,
  joinedVia,
  replacedBy,
}: {
  plan: Plan;
  lastJurorId: number;
  joinedVia: ReadonlyMap<number, number>;
  replacedBy: ReadonlyMap<number, number>;
}): void {
  let jurorId = lastJurorId;
  for (;;) {
    const entryId = lookup(joinedVia, jurorId);
    assign(plan, jurorId, entryId);
    const leaving = replacedBy.get(entryId);
    if (leaving === undefined) return;
    unassign(plan, leaving, entryId);
    // The chain's starting juror joined nothing: they just hand over an entry.
    if (!joinedVia.has(leaving)) return;
    jurorId = leaving;
  }
}

type ChainStart = { entryId: number } | { jurorId: number };

interface Chain {
  lastJurorId: number;
  /** juror → the entry they join */
  joinedVia: Map<number, number>;
  /** entry → the juror who leaves it */
  replacedBy: Map<number, number>;
}

/**
 * Breadth-first search for a chain of moves (an augmenting path in the bipartite flow of entries and
 * jurors). An entry may take any eligible juror not yet on it; a juror who may not take more work
 * (`isEnd` false) leaves one of their other entries, which then looks for a replacement in turn.
 * Starting from an entry, the chain gives that entry one more juror; starting from a juror, it takes one
 * entry off that juror. Returns null when no chain exists.
 */
function findChain({
  plan,
  start,
  isEnd,
}: {
  plan: Plan;
  start: ChainStart;
  isEnd: (jurorId: number) => boolean;
}): Chain | null {
  const joinedVia = new Map<number, number>();
  const replacedBy = new Map<number, number>();
  const seenJurors = new Set<number>();
  const seenEntries = new Set<number>();
  const queue: number[] = [];
  const visitEntry = (entryId: number, leavingJurorId: number | null): void => {
    if (seenEntries.has(entryId)) return;
    seenEntries.add(entryId);
    if (leavingJurorId !== null) replacedBy.set(entryId, leavingJurorId);
    queue.push(entryId);
  };
  const visitEntriesOf = (jurorId: number): void => {
    for (const entryId of [...lookup(plan.entriesOf, jurorId)].sort((a, b) => a - b)) {
      visitEntry(entryId, jurorId);
    }
  };
  if ('entryId' in start) {
    visitEntry(start.entryId, null);
  } else {
    seenJurors.add(start.jurorId);
    visitEntriesOf(start.jurorId);
  }
  for (let head = 0; head < queue.length; head++) {
    const entryId = queue[head] as number;
    for (const jurorId of lookup(plan.eligible, entryId)) {
      if (seenJurors.has(jurorId) || isAssigned(plan, jurorId, entryId)) continue;
      seenJurors.add(jurorId);
      joinedVia.set(jurorId, entryId);
      if (isEnd(jurorId)) return { lastJurorId: jurorId, joinedVia, replacedBy };
      visitEntriesOf(jurorId);
    }
  }
  return null;
}

/**
 * Fills entries the greedy pass left short (only possible with a maxLoad) by chains of moves that end at a
 * juror with spare capacity. This reaches the largest possible number of assignments: it is the
 * augmenting-path step of a maximum flow. One pass suffices, because an entry without a chain never gains
 * one when other entries are filled (the standard augmenting-path lemma for bipartite matchings).
 */
function fillShortEntries(plan: Plan, order: readonly number[]): void {
  for (const entryId of order) {
    while (assignedCount(plan, entryId) < lookup(plan.target, entryId)) {
      const chain = findChain({
        plan,
        start: { entryId },
        isEnd: (jurorId) => loadOf(plan, jurorId) < plan.capacity,
      });
      if (chain === null) break;
      applyChain({ plan, ...chain });
    }
  }
}

/**
 * Evens out loads that conflicts forced apart: hands one entry of a heavy juror to a juror with at least two
 * fewer entries, directly or along a chain of swaps. Each move lowers the sum of squared loads, so this ends;
 * when no move is left the loads are as even as the conflicts allow (no chain from any juror to one with two
 * fewer entries is the optimality condition of the balanced flow). Entry counts never change.
 */
function balanceLoads(plan: Plan, jurorOrder: readonly number[]): void {
  for (;;) {
    const loads = jurorOrder.map((jurorId) => loadOf(plan, jurorId));
    const minLoad = Math.min(...loads);
    const heaviestFirst = [...jurorOrder].sort((a, b) => loadOf(plan, b) - loadOf(plan, a));
    let moved = false;
    for (const heavy of heaviestFirst) {
      const heavyLoad = loadOf(plan, heavy);
      if (heavyLoad - minLoad < 2) break;
      const chain = findChain({
        plan,
        start: { jurorId: heavy },
        isEnd: (jurorId) => loadOf(plan, jurorId) <= heavyLoad - 2,
      });
      if (chain === null) continue;
      applyChain({ plan, ...chain });
      moved = true;
      break;
    }
    if (!moved) return;
  }
}

function collectResult(plan: Plan, entries: readonly number[], perEntry: number): BalancedAssignment {
  const pairs: JurorEntryPair[] = [];
  const shortfalls: Shortfall[] = [];
  for (const entryId of entries) {
    const jurors = [...lookup(plan.jurorsOf, entryId)].sort((a, b) => a - b);
    for (const jurorId of jurors) pairs.push({ jurorId, entryId });
    if (jurors.length < perEntry) {
      const eligible = lookup(plan.eligible, entryId).length;
      shortfalls.push({ entryId, assigned: jurors.length, wanted: perEntry, eligible });
    }
  }
  return { pairs, shortfalls };
}

/**
 * Assigns `perEntry` jurors to every entry, never a conflicted pair, no juror more than `maxLoad` entries
 * (null: no maximum), with loads as even as the conflicts allow (without conflicts and maxLoad, loads differ
 * by at most one). Reproducible: ids are sorted before the seeded shuffle, so the same ids and seed give the
 * same result whatever order they arrive in. Entries that could not get `perEntry` jurors, because too few
 * are eligible or the eligible ones are full, are listed in `shortfalls`.
 */
export function assignBalanced({
  jurorIds,
  entryIds,
  perEntry,
  maxLoad,
  isConflicted,
  seed,
}: {
  jurorIds: readonly number[];
  entryIds: readonly number[];
  perEntry: number;
  maxLoad: number | null;
  isConflicted: IsConflicted;
  seed: string | number;
}): BalancedAssignment {
  validateOptions({ perEntry, maxLoad });
  const random = seededRandom(seed);
  const entries = uniqueSorted(entryIds);
  // The seeded juror order decides which juror a chain search tries first.
  const jurorOrder = shuffled(uniqueSorted(jurorIds), random);
  const plan = createPlan({ jurors: jurorOrder, entries, perEntry, maxLoad, isConflicted });
  const order = entryOrder(plan, entries, random);
  greedyFill(plan, order, random);
  fillShortEntries(plan, order);
  balanceLoads(plan, jurorOrder);
  return collectResult(plan, entries, perEntry);
}

function pairKey(pair: JurorEntryPair): string {
  return `${pair.jurorId}:${pair.entryId}`;
}

function pairsMissingFrom(pairs: readonly JurorEntryPair[], other: ReadonlySet<string>): JurorEntryPair[] {
  const result = new Map<string, JurorEntryPair>();
  for (const pair of pairs) {
    const key = pairKey(pair);
    if (!other.has(key)) result.set(key, { jurorId: pair.jurorId, entryId: pair.entryId });
  }
  return [...result.values()].sort(comparePairs);
}

/** What a hand adjustment (or a re-run) changed, for the audit log. Duplicates in the input count once. */
export function diffAssignments(
  before: readonly JurorEntryPair[],
  after: readonly JurorEntryPair[],
): AssignmentDiff {
  const beforeKeys = new Set(before.map(pairKey));
  const afterKeys = new Set(after.map(pairKey));
  return { added: pairsMissingFrom(after, beforeKeys), removed: pairsMissingFrom(before, afterKeys) };
}
