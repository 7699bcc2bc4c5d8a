import { aggregateTable, toDisplayValue } from './aggregate';
import { roundForCompare } from './rounding';
import type {
  Aggregation,
  CriterionSpec,
  RankDecision,
  Standing,
  TieBreakRule,
  TieBreakStep,
} from './results.types';
import type { ScoreTable } from './scoreTable';
import { breakTie, createTieContext, groupByKeyDescending, type TieContext } from './ties';

interface Tier {
  entryIds: number[];
  decidedBy: RankDecision;
}

/** The entries sharing the highest value (rounded to 6 decimals), ascending. */
function topGroup(values: ReadonlyMap<number, number>): number[] {
  let best = -Infinity;
  let top: number[] = [];
  for (const [entryId, value] of values) {
    const key = roundForCompare(value);
    if (key > best) {
      best = key;
      top = [entryId];
    } else if (key === best) top.push(entryId);
  }
  return top.sort((a, b) => a - b);
}

function tiersOf({
  group,
  tieBreak,
  tieContext,
}: {
  group: number[];
  tieBreak: readonly TieBreakRule[];
  tieContext: TieContext;
}): { tiers: Tier[]; steps: ReadonlyMap<number, TieBreakStep[]> } {
  if (group.length === 1) return { tiers: [{ entryIds: group, decidedBy: 'score' }], steps: new Map() };
  return breakTie({ entryIds: group, rules: tieBreak, context: tieContext });
}

/**
 * Ranks the entries that have a value: descending, ties resolved by the edition's rules, competition
 * ranking (1, 1, 3) for ties that remain. Entries without a value are not in the result.
 */
export function rankEntries({
  values,
  aggregation,
  tieBreak,
  tieContext,
}: {
  values: ReadonlyMap<number, number>;
  aggregation: Aggregation;
  tieBreak: readonly TieBreakRule[];
  tieContext: TieContext;
}): Standing[] {
  const standings: Standing[] = [];
  const keyed = [...values].map(([entryId, value]) => ({ entryId, key: value }));
  for (const group of groupByKeyDescending(keyed)) {
    const { tiers, steps } = tiersOf({ group, tieBreak, tieContext });
    for (const { entryIds, decidedBy } of tiers) {
      const rank = standings.length + 1;
      for (const entryId of entryIds) {
        const value = values.get(entryId) as number;
        const tieBreakSteps = steps.get(entryId) ?? [];
        standings.push({
          entryId,
          rank,
          value,
          displayValue: toDisplayValue({ aggregation, value }),
          decidedBy,
          tieBrokenBy: tieBreakSteps[tieBreakSteps.length - 1] ?? null,
          tieBreakSteps,
          tiedWith: entryIds.length > 1 ? entryIds.filter((other) => other !== entryId) : [],
        });
      }
    }
  }
  return standings;
}

/** Aggregates and ranks one set of sheets; tie-break numbers come from the same sheets. */
export function computeStandings({
  table,
  criteria,
  aggregation,
  tieBreak,
}: {
  table: ScoreTable;
  criteria: readonly CriterionSpec[];
  aggregation: Aggregation;
  tieBreak: readonly TieBreakRule[];
}): Standing[] {
  return rankEntries({
    values: aggregateTable({ table, aggregation }),
    aggregation,
    tieBreak,
    tieContext: createTieContext({ table, criteria }),
  });
}

/** The entry alone at rank 1, or null when rank 1 is shared (jury decision or ex aequo) or nobody scored. */
export function uniqueWinner(standings: readonly Standing[]): number | null {
  const [first, second] = standings;
  if (!first || second?.rank === 1) return null;
  return first.entryId;
}

/**
 * The same verdict as uniqueWinner(computeStandings(…)), optionally without one juror, but only the top
 * group is tie-broken: robustness asks this 25+ times per results page.
 */
export function findWinner({
  table,
  criteria,
  aggregation,
  tieBreak,
  excludeJurorId,
}: {
  table: ScoreTable;
  criteria: readonly CriterionSpec[];
  aggregation: Aggregation;
  tieBreak: readonly TieBreakRule[];
  excludeJurorId?: number;
}): number | null {
  const top = topGroup(aggregateTable({ table, aggregation, excludeJurorId }));
  if (top.length <= 1) return top[0] ?? null;
  const { tiers } = breakTie({
    entryIds: top,
    rules: tieBreak,
    context: createTieContext({ table, criteria, excludeJurorId }),
  });
  const [first] = tiers;
  return first?.entryIds.length === 1 ? (first.entryIds[0] as number) : null;
}
