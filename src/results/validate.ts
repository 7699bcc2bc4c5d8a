import { ResultsInputError } from './results.errors';
import { AGGREGATIONS, type Aggregation, type CriterionSpec, type TieBreakRule } from './results.types';

function assertId(value: unknown, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new ResultsInputError('invalid_id', `${what} must be an integer id, got ${String(value)}`);
  }
}

function assertCriterionShape(criterion: CriterionSpec): void {
  assertId(criterion.id, 'criterion id');
  const { id, weight, scaleMin, scaleMax } = criterion;
  if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
    throw new ResultsInputError('invalid_weight', `criterion ${id}: weight must be a whole percent 0..100`, {
      criterionId: id,
    });
  }
  if (!Number.isFinite(scaleMin) || !Number.isFinite(scaleMax) || scaleMin >= scaleMax) {
    // scaleMin === scaleMax would divide by zero when normalising.
    throw new ResultsInputError('invalid_scale', `criterion ${id}: scaleMin must be below scaleMax`, {
      criterionId: id,
    });
  }
}

/** Criteria of an edition: at least one, unique ids, valid scales, whole-percent weights summing to 100. */
export function validateCriteria(criteria: readonly CriterionSpec[]): void {
  if (criteria.length === 0)
    throw new ResultsInputError('no_criteria', 'an edition needs at least one criterion');
  const seen = new Set<number>();
  let weightSum = 0;
  for (const criterion of criteria) {
    assertCriterionShape(criterion);
    if (seen.has(criterion.id)) {
      throw new ResultsInputError('duplicate_criterion', `criterion ${criterion.id} is listed twice`, {
        criterionId: criterion.id,
      });
    }
    seen.add(criterion.id);
    weightSum += criterion.weight;
  }
  if (weightSum !== 100) {
    throw new ResultsInputError('weights_not_100', `criterion weights sum to ${weightSum}, not 100`, {
      weightSum,
    });
  }
}

export function validateEntryIds(entryIds: readonly number[]): ReadonlySet<number> {
  const seen = new Set<number>();
  for (const entryId of entryIds) {
    assertId(entryId, 'entry id');
    if (seen.has(entryId)) {
      throw new ResultsInputError('duplicate_entry', `entry ${entryId} is listed twice`, { entryId });
    }
    seen.add(entryId);
  }
  return seen;
}

function assertValueOnScale(value: unknown, criterion: CriterionSpec, where: Record<string, number>): void {
  if (value === undefined) {
    throw new ResultsInputError('missing_criterion', `no value for criterion ${criterion.id}`, {
      ...where,
      criterionId: criterion.id,
    });
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ResultsInputError('value_not_a_number', `value for criterion ${criterion.id} is not a number`, {
      ...where,
      criterionId: criterion.id,
    });
  }
  if (value < criterion.scaleMin || value > criterion.scaleMax) {
    throw new ResultsInputError(
      'value_out_of_scale',
      `value ${value} for criterion ${criterion.id} is outside ${criterion.scaleMin}..${criterion.scaleMax}`,
      { ...where, criterionId: criterion.id, value },
    );
  }
}

/**
 * Every criterion present and on its scale, nothing else. A stray key means the sheet belongs to another
 * edition's criteria, which would make its weighted score meaningless.
 */
export function validateValues({
  criteria,
  values,
  where = {},
}: {
  criteria: readonly CriterionSpec[];
  values: Readonly<Record<number, number>>;
  /** Identifies the sheet in the error details (jurorId, entryId). */
  where?: Record<string, number>;
}): void {
  for (const criterion of criteria) assertValueOnScale(values[criterion.id], criterion, where);
  const keys = Object.keys(values);
  if (keys.length === criteria.length) return;
  const known = new Set(criteria.map((criterion) => String(criterion.id)));
  const stray = keys.find((key) => !known.has(key)) ?? '?';
  throw new ResultsInputError('unknown_criterion', `value for unknown criterion ${stray}`, {
    ...where,
    criterionId: stray,
  });
}

export function validateAggregation(aggregation: Aggregation): void {
  if (!AGGREGATIONS.includes(aggregation)) {
    throw new ResultsInputError('unknown_aggregation', `unknown aggregation ${String(aggregation)}`);
  }
}

/** Rules after a 'juryDecision' are allowed but never reached: the jury decision ends the chain. */
export function validateTieBreak({
  tieBreak,
  criteria,
}: {
  tieBreak: readonly TieBreakRule[];
  criteria: readonly CriterionSpec[];
}): void {
  for (const rule of tieBreak) {
    const kind: string = rule.kind;
    if (kind !== 'criterion' && kind !== 'firstPlaces' && kind !== 'juryDecision') {
      throw new ResultsInputError('invalid_tie_break_rule', `unknown tie-break rule ${kind}`);
    }
    if (rule.kind === 'criterion' && !criteria.some((criterion) => criterion.id === rule.criterionId)) {
      throw new ResultsInputError(
        'unknown_tie_break_criterion',
        `tie-break rule refers to unknown criterion ${rule.criterionId}`,
        { criterionId: rule.criterionId },
      );
    }
  }
}
