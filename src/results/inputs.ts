/**
 * Which of the jury's sheets count, pure: only final sheets of active jurors on entries in the ranking, without a
 * conflict of interest as things stand now, with a value for every criterion. Everything left out is counted,
 * so the results page can say what was not used and why.
 */
import type { CriterionSpec, ScoreSheet } from './results.types';

/** A final sheet as stored: criterionId -> value (null while a value is missing). */
export interface FinalSheetRow {
  jurorId: number;
  entryId: number;
  values: ReadonlyMap<number, number | null>;
}

export interface PairRef {
  jurorId: number;
  entryId: number;
}

export interface EntryExclusions {
  /** Jurors who abstained on the entry (no score). */
  abstained: number;
  /** Active jurors with a conflict of interest with the entry (they do not score it). */
  conflictedJurors: number;
}

export interface RankingInput {
  criteria: CriterionSpec[];
  sheets: ScoreSheet[];
  entryIds: number[];
  perEntry: Map<number, EntryExclusions>;
  /** Final sheets left out because the pair is conflicted now (declared or decided after the juror scored). */
  droppedForConflict: PairRef[];
  /** Final sheets of people no longer on the jury (revoked). */
  droppedNotOnJury: PairRef[];
  /** Final sheets without a valid value for every criterion (should not happen; never guessed). */
  droppedIncomplete: PairRef[];
}

function completeValues(
  values: ReadonlyMap<number, number | null>,
  criteria: readonly CriterionSpec[],
): Record<number, number> | null {
  const result: Record<number, number> = {};
  for (const criterion of criteria) {
    const value = values.get(criterion.id);
    if (value === undefined || value === null || value < criterion.scaleMin || value > criterion.scaleMax) {
      return null;
    }
    result[criterion.id] = value;
  }
  return result;
}

export function buildRankingInput({
  criteria,
  scale,
  entryIds,
  jurorIds,
  finalSheets,
  abstentions,
  isConflicted,
}: {
  /** The edition's criteria in display order. */
  criteria: ReadonlyArray<{ id: number; weight: number }>;
  /** The edition's scale; every criterion uses it. */
  scale: { min: number; max: number };
  /** The entries in the ranking (submitted and admitted). */
  entryIds: readonly number[];
  /** Active jurors (not revoked). */
  jurorIds: readonly number[];
  finalSheets: readonly FinalSheetRow[];
  abstentions: readonly PairRef[];
  isConflicted: (jurorId: number, entryId: number) => boolean;
}): RankingInput {
  const specs: CriterionSpec[] = criteria.map((c) => ({
    id: c.id,
    weight: c.weight,
    scaleMin: scale.min,
    scaleMax: scale.max,
  }));
  const inRanking = new Set(entryIds);
  const onJury = new Set(jurorIds);
  const input: RankingInput = {
    criteria: specs,
    sheets: [],
    entryIds: [...entryIds],
    perEntry: new Map(entryIds.map((id) => [id, { abstained: 0, conflictedJurors: 0 }])),
    droppedForConflict: [],
    droppedNotOnJury: [],
    droppedIncomplete: [],
  };
  for (const entryId of entryIds) {
    const counts = input.perEntry.get(entryId) as EntryExclusions;
    for (const jurorId of jurorIds) if (isConflicted(jurorId, entryId)) counts.conflictedJurors += 1;
  }
  for (const { jurorId, entryId, values } of finalSheets) {
    const pair = { jurorId, entryId };
    // Withdrawn or not admitted: not in the ranking at all, so nothing to report.
    if (!inRanking.has(pair.entryId)) continue;
    if (!onJury.has(pair.jurorId)) input.droppedNotOnJury.push(pair);
    else if (isConflicted(pair.jurorId, pair.entryId)) input.droppedForConflict.push(pair);
    else {
      const complete = completeValues(values, specs);
      if (complete) input.sheets.push({ ...pair, values: complete });
      else input.droppedIncomplete.push(pair);
    }
  }
  for (const pair of abstentions) {
    if (!inRanking.has(pair.entryId) || !onJury.has(pair.jurorId)) continue;
    if (isConflicted(pair.jurorId, pair.entryId)) continue;
    (input.perEntry.get(pair.entryId) as EntryExclusions).abstained += 1;
  }
  const byPair = (a: PairRef, b: PairRef) => a.entryId - b.entryId || a.jurorId - b.jurorId;
  input.droppedForConflict.sort(byPair);
  input.droppedNotOnJury.sort(byPair);
  input.droppedIncomplete.sort(byPair);
  return input;
}
