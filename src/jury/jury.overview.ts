/**
 * One read of everything the jury pages show for an edition: the active jurors, the entries they score, the
 * conflicts, the assignment and the sheets. The organiser's progress matrix, the assignment page and the
 * juror's dashboard all derive their numbers from this, so they cannot disagree.
 */
import type { Queryable as Db } from '../db/db';
import type { Edition } from '../editions/edition.types';
import { listEntrySummaries } from '../entries/entry.repo';
import type { EntrySummary } from '../entries/entry.types';
import { conflictKey } from './conflicts';
import { findSettings, listAssignments, type StoredAssignment } from './assignment.repo';
import { conflictTable, type ConflictTable } from './conflict.service';
import { listJurors } from './juror.repo';
import type { EditionJuror, JurySettings, PairState, ScoreSheet } from './jury.types';
import { listSheetStates } from './score.repo';
import { completion, pairState } from './scoring.rules';

/** Settings of an edition that never saved any: everyone scores everything; the seed is the year. */
export function defaultSettings(edition: Pick<Edition, 'id' | 'year'>): JurySettings {
  return {
    editionId: edition.id,
    mode: 'all',
    jurorsPerEntry: 3,
    maxLoad: null,
    seed: String(edition.year),
    generatedAt: null,
  };
}

export interface JuryOverview {
  edition: Edition;
  settings: JurySettings;
  /** Every seat, revoked ones included (the juror list shows them). */
  allJurors: EditionJuror[];
  /** Seats that count: not revoked. */
  jurors: EditionJuror[];
  /** The entries the jury scores: submitted and admitted. */
  entries: EntrySummary[];
  conflicts: ConflictTable;
  assignments: StoredAssignment[];
  isAssigned(jurorId: number, entryId: number): boolean;
  /** The pair's sheet, when one was started: its state only (the overview pages never show scores). */
  sheet(jurorId: number, entryId: number): Pick<ScoreSheet, 'status'> | undefined;
  /** The state of a pair, or null when the pair is neither assigned nor conflicted (nothing to do). */
  state(jurorId: number, entryId: number): PairState | null;
}

export async function loadOverview(
  db: Db,
  edition: Edition,
  options: { jurorId?: number } = {},
): Promise<JuryOverview> {
  const allJurors = (await listJurors(db, edition.id)).filter(
    (j) => options.jurorId === undefined || j.userId === options.jurorId,
  );
  const jurors = allJurors.filter((j) => !j.revokedAt);
  const entries = await listEntrySummaries(db, {
    editionId: edition.id,
    status: 'submitted',
    eligibility: 'eligible',
  });
  const conflicts = await conflictTable(db, { editionId: edition.id, jurors, entries });
  const assignments = await listAssignments(db, { editionId: edition.id, jurorId: options.jurorId });
  const assigned = new Set(assignments.map((a) => conflictKey(a.jurorId, a.entryId)));
  const sheets = new Map(
    (await listSheetStates(db, { editionId: edition.id, jurorId: options.jurorId })).map((s) => [
      conflictKey(s.jurorId, s.entryId),
      s,
    ]),
  );
  const overview: JuryOverview = {
    edition,
    settings: (await findSettings(db, edition.id)) ?? defaultSettings(edition),
    allJurors,
    jurors,
    entries,
    conflicts,
    assignments,
    isAssigned: (jurorId, entryId) => assigned.has(conflictKey(jurorId, entryId)),
    sheet: (jurorId, entryId) => sheets.get(conflictKey(jurorId, entryId)),
    state(jurorId, entryId) {
      const conflicted = conflicts.isConflicted(jurorId, entryId);
      if (!conflicted && !overview.isAssigned(jurorId, entryId)) return null;
      return pairState({ conflicted, status: overview.sheet(jurorId, entryId)?.status ?? null });
    },
  };
  return overview;
}

export interface ProgressRow {
  entry: EntrySummary;
  cells: Array<{ jurorId: number; state: PairState | null }>;
  completion: ReturnType<typeof completion>;
}

export interface Progress {
  rows: ProgressRow[];
  jurorCompletion: Map<number, ReturnType<typeof completion>>;
  total: ReturnType<typeof completion>;
  /** Active jurors with assigned, non-conflicted entries that are not final or abstained. */
  unfinished: Array<{ juror: EditionJuror; open: number }>;
}

/** The organiser's juror × entry matrix with completion per entry, per juror and overall. */
export function progress(overview: JuryOverview): Progress {
  const rows = overview.entries.map((entry) => {
    const cells = overview.jurors.map((j) => ({
      jurorId: j.userId,
      state: overview.state(j.userId, entry.id),
    }));
    return {
      entry,
      cells,
      completion: completion(cells.flatMap((c) => (c.state ? [c.state] : []))),
    };
  });
  const jurorCompletion = new Map<number, ReturnType<typeof completion>>();
  const unfinished: Progress['unfinished'] = [];
  for (const j of overview.jurors) {
    const states = overview.entries.flatMap((e) => {
      const s = overview.state(j.userId, e.id);
      return s ? [s] : [];
    });
    const c = completion(states);
    jurorCompletion.set(j.userId, c);
    if (c.total > c.done) unfinished.push({ juror: j, open: c.total - c.done });
  }
  const all = rows.flatMap((r) => r.cells.flatMap((c) => (c.state ? [c.state] : [])));
  return { rows, jurorCompletion, total: completion(all), unfinished };
}

export interface Shortfall {
  entry: EntrySummary;
  assigned: number;
  wanted: number;
  eligible: number;
}

/**
 * Entries with fewer jurors than the settings ask for, from the assignment as it stands (after hand changes):
 * N in balanced mode, every juror without a conflict (at least one) in 'all' mode. Conflicted pairs do not count.
 */
export function shortfalls(overview: JuryOverview): Shortfall[] {
  const result: Shortfall[] = [];
  for (const entry of overview.entries) {
    const eligible = overview.jurors.filter((j) => !overview.conflicts.isConflicted(j.userId, entry.id));
    const assigned = eligible.filter((j) => overview.isAssigned(j.userId, entry.id)).length;
    // In 'all' mode every juror without a conflict, and at least one: an entry nobody may score is short too.
    const wanted =
      overview.settings.mode === 'balanced' ? overview.settings.jurorsPerEntry : Math.max(eligible.length, 1);
    if (assigned < wanted) result.push({ entry, assigned, wanted, eligible: eligible.length });
  }
  return result;
}

/** An entry that cannot reach the edition's minimum number of scores, and the conflicts that cause it. */
export interface BelowMinimum {
  entry: EntrySummary;
  /** Active jurors without a conflict for this entry. */
  eligible: number;
  minScores: number;
  /** The active jurors who may not score it, each with their conflict (the same rule as the conflicts page). */
  conflicted: Array<{ juror: EditionJuror; conflict: ReturnType<ConflictTable['get']> }>;
}

/**
 * Entries with fewer eligible jurors than the edition's minimum number of scores: whatever the assignment, they
 * will be shown apart as "te weinig beoordelingen" and cannot win. The organiser is warned at assignment time,
 * with the conflicts that cause it, so a juror can be added before scoring starts.
 */
export function entriesBelowMinimum(overview: JuryOverview, minScores: number): BelowMinimum[] {
  const result: BelowMinimum[] = [];
  for (const entry of overview.entries) {
    const conflicted = overview.jurors
      .filter((juror) => overview.conflicts.isConflicted(juror.userId, entry.id))
      .map((juror) => ({ juror, conflict: overview.conflicts.get(juror.userId, entry.id) }));
    const eligible = overview.jurors.length - conflicted.length;
    if (eligible < minScores) result.push({ entry, eligible, minScores, conflicted });
  }
  return result;
}
