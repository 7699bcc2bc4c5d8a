/**
 * The ranking rules an edition fixes in advance, next to its tie-break, pure: the aggregation the result is
 * recorded under and the minimum number of final scores an entry needs. Once scoring started (the first score
 * locks the criteria) a change is still possible, but only with a reason, which is audited and printed in the
 * jury report: nobody can look at the ranking, pick the method that suits, and leave no trace.
 */
import type { Aggregation } from '../results/results.types';
import type { Edition } from './edition.types';

/** A new edition asks for three final scores per entry: fewer cannot tell a juror's taste from an entry's quality. */
export const DEFAULT_MIN_SCORES = 3;

export type RankingRuleField = 'aggregation' | 'minScores';

export interface RankingRules {
  aggregation: Aggregation;
  minScores: number;
}

/** The posted rules with what was not posted kept from the stored ones (or the defaults for a new edition). */
export function resolveRankingRules(
  stored: RankingRules,
  posted: { aggregation: Aggregation | null; minScores: number | null },
): RankingRules {
  return {
    aggregation: posted.aggregation ?? stored.aggregation,
    minScores: posted.minScores ?? stored.minScores,
  };
}

export interface RankingRuleChange {
  field: RankingRuleField;
  before: string;
  after: string;
}

/** Which rules a save changes, in a fixed order. */
export function rankingRuleChanges(before: RankingRules, after: RankingRules): RankingRuleChange[] {
  const changes: RankingRuleChange[] = [];
  if (before.aggregation !== after.aggregation)
    changes.push({ field: 'aggregation', before: before.aggregation, after: after.aggregation });
  if (before.minScores !== after.minScores)
    changes.push({ field: 'minScores', before: String(before.minScores), after: String(after.minScores) });
  return changes;
}

/** Whether the rules are locked: scoring has started (the first score locked the criteria). */
export function rankingRulesLocked(edition: Pick<Edition, 'criteriaLockedAt'>): boolean {
  return edition.criteriaLockedAt !== null;
}

/** A locked rule changes only with a reason; before scoring starts the rules are free. */
export function rankingRuleChangeProblem(input: {
  locked: boolean;
  changes: readonly RankingRuleChange[];
  reason: string;
}): 'reasonRequired' | null {
  if (!input.locked || input.changes.length === 0) return null;
  return input.reason.trim() === '' ? 'reasonRequired' : null;
}
