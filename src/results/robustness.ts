import {
  AGGREGATIONS,
  type Aggregation,
  type CriterionSpec,
  type Robustness,
  type RobustnessCheck,
  type TieBreakRule,
} from './results.types';
import type { ScoreTable } from './scoreTable';
import { findWinner } from './standings';

interface RobustnessInput {
  table: ScoreTable;
  criteria: readonly CriterionSpec[];
  aggregation: Aggregation;
  tieBreak: readonly TieBreakRule[];
}

function aggregationChecks(input: RobustnessInput, winnerEntryId: number): RobustnessCheck[] {
  return AGGREGATIONS.filter((other) => other !== input.aggregation).map((aggregation) => {
    const winner = findWinner({ ...input, aggregation });
    return { kind: 'aggregation', aggregation, winnerEntryId: winner, same: winner === winnerEntryId };
  });
}

/**
 * Leaves out one juror at a time and ranks again under the chosen aggregation, tie-break numbers included.
 * With a single juror nothing is left, so such a result is never called robust.
 */
function leaveOutChecks(input: RobustnessInput, winnerEntryId: number): RobustnessCheck[] {
  return input.table.jurorIds.map((jurorId) => {
    const winner = findWinner({ ...input, excludeJurorId: jurorId });
    return { kind: 'leaveOut', jurorId, winnerEntryId: winner, same: winner === winnerEntryId };
  });
}

/**
 * Would the winner still win under another aggregation, or without any one juror? Organisers want to know
 * before announcing whether the result hangs on a choice of method or on one person.
 */
export function assessRobustness(input: RobustnessInput): Robustness {
  const winnerEntryId = findWinner(input);
  if (winnerEntryId === null)
    return { winnerEntryId: null, robust: false, reason: 'no_unique_winner', checks: [] };
  const checks = [...aggregationChecks(input, winnerEntryId), ...leaveOutChecks(input, winnerEntryId)];
  return { winnerEntryId, robust: checks.every((check) => check.same), checks };
}
