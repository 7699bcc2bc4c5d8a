import { ResultsInputError } from './results.errors';
import type { CriterionSpec, ScoreSheet, WeightedSheet } from './results.types';
import { validateCriteria, validateEntryIds, validateValues } from './validate';

/** A value on the criterion's own scale mapped to 0..100, so a 1-5 and a 0-10 criterion weigh alike. */
export function normaliseValue(value: number, criterion: CriterionSpec): number {
  return ((value - criterion.scaleMin) / (criterion.scaleMax - criterion.scaleMin)) * 100;
}

/**
 * Criteria in id order for summing: the caller's order may differ between databases, and a different order
 * of float additions can turn 40.5 into 40.49999999999999.
 */
function summationOrder(criteria: readonly CriterionSpec[]): CriterionSpec[] {
  return [...criteria].sort((a, b) => a.id - b.id);
}

/** `ordered` comes from summationOrder. */
function sumWeighted(ordered: readonly CriterionSpec[], values: Readonly<Record<number, number>>): number {
  let total = 0;
  for (const criterion of ordered) {
    // Validated before: every criterion has a value.
    const value = values[criterion.id] as number;
    total += (normaliseValue(value, criterion) * criterion.weight) / 100;
  }
  return total;
}

/** One sheet's weighted score, 0..100: normalised criterion values times weight/100, summed. */
export function weightedScore({
  criteria,
  values,
}: {
  criteria: readonly CriterionSpec[];
  values: Readonly<Record<number, number>>;
}): number {
  validateCriteria(criteria);
  validateValues({ criteria, values });
  return sumWeighted(summationOrder(criteria), values);
}

function assertSheetIdentity({
  sheet,
  entryIds,
  seen,
}: {
  sheet: ScoreSheet;
  entryIds: ReadonlySet<number>;
  /** jurorId -> entries already seen for that juror. */
  seen: Map<number, Set<number>>;
}): void {
  const { jurorId, entryId } = sheet;
  if (!Number.isSafeInteger(jurorId)) {
    throw new ResultsInputError('invalid_id', `juror id must be an integer id, got ${String(jurorId)}`);
  }
  if (!entryIds.has(entryId)) {
    throw new ResultsInputError(
      'unknown_entry',
      `sheet of juror ${jurorId} is for unknown entry ${entryId}`,
      {
        jurorId,
        entryId,
      },
    );
  }
  const jurorEntries = seen.get(jurorId) ?? new Set<number>();
  if (jurorEntries.has(entryId)) {
    // Two final sheets from one juror for one entry would give that juror double weight.
    throw new ResultsInputError('duplicate_sheet', `juror ${jurorId} has two sheets for entry ${entryId}`, {
      jurorId,
      entryId,
    });
  }
  jurorEntries.add(entryId);
  seen.set(jurorId, jurorEntries);
}

/** Validates all input and attaches each sheet's weighted score (order kept; buildScoreTable sorts). */
export function weighSheets({
  criteria,
  sheets,
  entryIds,
}: {
  criteria: readonly CriterionSpec[];
  sheets: readonly ScoreSheet[];
  entryIds: readonly number[];
}): WeightedSheet[] {
  validateCriteria(criteria);
  const knownEntries = validateEntryIds(entryIds);
  const seen = new Map<number, Set<number>>();
  const ordered = summationOrder(criteria);
  return sheets.map((sheet): WeightedSheet => {
    assertSheetIdentity({ sheet, entryIds: knownEntries, seen });
    validateValues({
      criteria,
      values: sheet.values,
      where: { jurorId: sheet.jurorId, entryId: sheet.entryId },
    });
    const { jurorId, entryId, values } = sheet;
    return { jurorId, entryId, values, score: sumWeighted(ordered, values) };
  });
}
