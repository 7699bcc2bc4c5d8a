/**
 * Dividing the entries over the jury: generating the assignment from the edition's settings (everyone scores
 * everything, or balanced with a seed) and adjusting it by hand. Both are one transaction with an audit record
 * that lists exactly which pairs were added and removed.
 */
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { findEdition } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { inTransaction, ok, refuse, type Result } from '../shared/result';
import type { User } from '../users/user.types';
import {
  assignAll,
  assignBalanced,
  comparePairs,
  diffAssignments,
  type JurorEntryPair,
  type Shortfall,
} from './assignment';
import { deleteAssignments, insertAssignments, saveSettings } from './assignment.repo';
import { conflictKey } from './conflicts';
import { loadOverview, type JuryOverview } from './jury.overview';
import type { JurySettings } from './jury.types';
import { isDeliberationPhase } from './scoring.rules';

type Deps = Pick<AppContext, 'db' | 'clock'>;

/** Once deliberation opens every juror reads every entry, and the assignment is history. */
function assignmentClosed(edition: Edition): boolean {
  return isDeliberationPhase(edition.phase);
}

/** The pairs the assignment page manages: active jurors × entries the jury scores. */
function inUniverse(overview: JuryOverview) {
  const jurors = new Set(overview.jurors.map((j) => j.userId));
  const entries = new Set(overview.entries.map((e) => e.id));
  return (p: JurorEntryPair) => jurors.has(p.jurorId) && entries.has(p.entryId);
}

export interface GenerateOutcome {
  added: number;
  removed: number;
  /** Pairs kept although the new assignment dropped them, because the juror already started on the entry. */
  kept: number;
  shortfalls: Shortfall[];
}

/**
 * Saves the settings and replaces the assignment with the one they produce. Reproducible: the same jurors,
 * entries, conflicts, settings and seed give the same pairs (assignBalanced sorts ids before its seeded
 * shuffle). A pair the juror already has a sheet for is never dropped silently: it is kept and counted.
 */
export async function generateAssignment(
  deps: Deps,
  input: { actor: User; editionId: number; settings: Omit<JurySettings, 'editionId' | 'generatedAt'> },
): Promise<Result<GenerateOutcome>> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return refuse('notFound', 'errors.404.message');
    // The settings may be fine: it is the edition that moved on (409, not a form to correct).
    if (assignmentClosed(edition))
      return refuse('conflict', 'jury.errors.assignmentClosed', { field: 'mode' });
    const overview = await loadOverview(trx, edition);
    const jurorIds = overview.jurors.map((j) => j.userId);
    const entryIds = overview.entries.map((e) => e.id);
    const isConflicted = (j: number, e: number) => overview.conflicts.isConflicted(j, e);
    const { mode, jurorsPerEntry, maxLoad, seed } = input.settings;
    const generated =
      mode === 'all'
        ? { pairs: assignAll({ jurorIds, entryIds, isConflicted }), shortfalls: [] }
        : assignBalanced({ jurorIds, entryIds, perEntry: jurorsPerEntry, maxLoad, isConflicted, seed });
    const universe = inUniverse(overview);
    const before = overview.assignments.filter(universe);
    const generatedKeys = new Set(generated.pairs.map((p) => conflictKey(p.jurorId, p.entryId)));
    const kept = before.filter(
      (p) =>
        !generatedKeys.has(conflictKey(p.jurorId, p.entryId)) &&
        overview.sheet(p.jurorId, p.entryId) !== undefined &&
        !isConflicted(p.jurorId, p.entryId),
    );
    const after = [...generated.pairs, ...kept].sort(comparePairs);
    const diff = diffAssignments(before, after);
    await deleteAssignments(trx, diff.removed);
    await insertAssignments(trx, { editionId: edition.id, pairs: diff.added, source: mode, now });
    await saveSettings(trx, { editionId: edition.id, ...input.settings, generatedAt: now }, now);
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'assignment.generate',
      subjectType: 'edition',
      subjectId: edition.id,
      before: { settings: overview.settings, pairs: before.length },
      after: {
        settings: input.settings,
        added: diff.added,
        removed: diff.removed,
        kept: kept.map(({ jurorId, entryId }) => ({ jurorId, entryId })),
        shortfalls: generated.shortfalls,
      },
      at: now,
    });
    return ok({
      added: diff.added.length,
      removed: diff.removed.length,
      kept: kept.length,
      shortfalls: generated.shortfalls,
    });
  });
}

/**
 * The organiser's hand adjustment: `pairs` is the whole wanted assignment among active jurors and the entries the
 * jury scores (pairs outside that, e.g. of a revoked juror, are left alone). Conflicted pairs are refused, and so
 * is removing a pair the juror already started on.
 */
export async function adjustAssignment(
  deps: Deps,
  input: { actor: User; editionId: number; pairs: JurorEntryPair[] },
): Promise<Result<{ added: number; removed: number }>> {
  const now = deps.clock.now();
  const refused = (messageKey: string) => refuse('invalid', messageKey, { field: 'pairs' });
  return inTransaction(deps.db, async (trx) => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return refuse('notFound', 'errors.404.message');
    // Shown on the matrix as it was posted (422), like every other refused hand change.
    if (assignmentClosed(edition)) return refused('jury.errors.assignmentClosed');
    const overview = await loadOverview(trx, edition);
    const universe = inUniverse(overview);
    if (!input.pairs.every(universe)) return refused('jury.errors.pairUnknown');
    const conflicted = input.pairs.find((p) => overview.conflicts.isConflicted(p.jurorId, p.entryId));
    if (conflicted) return refused('jury.errors.pairConflicted');
    const before = overview.assignments.filter(universe);
    const diff = diffAssignments(before, input.pairs);
    const started = diff.removed.find((p) => overview.sheet(p.jurorId, p.entryId) !== undefined);
    if (started) return refused('jury.errors.pairStarted');
    if (diff.added.length === 0 && diff.removed.length === 0) return ok({ added: 0, removed: 0 });
    await deleteAssignments(trx, diff.removed);
    await insertAssignments(trx, { editionId: edition.id, pairs: diff.added, source: 'manual', now });
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'assignment.adjust',
      subjectType: 'edition',
      subjectId: edition.id,
      before: { pairs: before.length },
      after: { added: diff.added, removed: diff.removed },
      at: now,
    });
    return ok({ added: diff.added.length, removed: diff.removed.length });
  });
}
