import { roundForCompare } from './rounding';
import type { CriterionSpec, RankDecision, TieBreakRule, TieBreakStep } from './results.types';
import {
  includedContributions,
  type EntryScores,
  type ScoreTable,
  type SheetContribution,
} from './scoreTable';
import { criterionNormalisedMean } from './stats';

/** The numbers tie-break rules compare, computed from the same sheets as the ranking. */
export interface TieContext {
  /** Mean of the criterion over the entry's sheets, normalised to 0..100. */
  criterionMean(entryId: number, criterionId: number): number;
  /** Jurors who gave the entry their highest weighted score; shared firsts count for each entry. */
  firstPlaces(entryId: number): number;
}

/** Lazy: most rankings have few ties, so numbers are only computed for entries a rule compares. */
export function createTieContext({
  table,
  criteria,
  excludeJurorId,
}: {
  table: ScoreTable;
  criteria: readonly CriterionSpec[];
  excludeJurorId?: number;
}): TieContext {
  let entriesById: Map<number, EntryScores> | undefined;
  const contributionsOf = (entryId: number): SheetContribution[] => {
    entriesById ??= new Map(table.entries.map((entry) => [entry.entryId, entry]));
    const entry = entriesById.get(entryId);
    if (!entry) throw new Error(`entry ${entryId} has no sheets to break a tie with`);
    return includedContributions(entry, excludeJurorId);
  };
  return {
    criterionMean(entryId, criterionId) {
      const criterion = criteria.find((candidate) => candidate.id === criterionId);
      if (!criterion) throw new Error(`unknown criterion ${criterionId}`);
      const sheets = contributionsOf(entryId).map((contribution) => contribution.sheet);
      return criterionNormalisedMean({ sheets, criterion });
    },
    firstPlaces(entryId) {
      return contributionsOf(entryId).filter((contribution) => contribution.jurorFirst).length;
    },
  };
}

/** A run of entries that end up on consecutive ranks, or sharing one rank when still tied. */
export interface TieTier {
  entryIds: number[];
  decidedBy: Exclude<RankDecision, 'score'>;
}

export interface TieResolution {
  /** Best first. */
  tiers: TieTier[];
  /** entryId -> the rules that separated it from others, in the order applied. */
  steps: Map<number, TieBreakStep[]>;
}

/**
 * Orders entries by key, highest first, and cuts them into runs of equal (6-decimal) key; each run
 * ascending by entryId so that equal entries always come out in the same order.
 */
export function groupByKeyDescending(keyed: ReadonlyArray<{ entryId: number; key: number }>): number[][] {
  const ordered = keyed
    .map(({ entryId, key }) => ({ entryId, key: roundForCompare(key) }))
    .sort((a, b) => b.key - a.key || a.entryId - b.entryId);
  const groups: number[][] = [];
  let previousKey: number | undefined;
  for (const { entryId, key } of ordered) {
    const last = groups[groups.length - 1];
    if (last && key === previousKey) last.push(entryId);
    else groups.push([entryId]);
    previousKey = key;
  }
  return groups;
}

function ruleKey(
  rule: Exclude<TieBreakRule, { kind: 'juryDecision' }>,
  context: TieContext,
  entryId: number,
): number {
  return rule.kind === 'criterion'
    ? context.criterionMean(entryId, rule.criterionId)
    : context.firstPlaces(entryId);
}

function recordSeparation({
  groups,
  rule,
  steps,
}: {
  groups: readonly number[][];
  rule: TieBreakRule;
  steps: Map<number, TieBreakStep[]>;
}): void {
  const all = groups.flat().sort((a, b) => a - b);
  for (const group of groups) {
    const against = all.filter((entryId) => !group.includes(entryId));
    for (const entryId of group) {
      const list = steps.get(entryId) ?? [];
      list.push({ rule, against });
      steps.set(entryId, list);
    }
  }
}

function resolveFrom({
  entryIds,
  rules,
  ruleIndex,
  context,
  steps,
}: {
  entryIds: number[];
  rules: readonly TieBreakRule[];
  ruleIndex: number;
  context: TieContext;
  steps: Map<number, TieBreakStep[]>;
}): TieTier[] {
  if (entryIds.length === 1) return [{ entryIds, decidedBy: 'tieBreak' }];
  const rule = rules[ruleIndex];
  if (!rule) return [{ entryIds, decidedBy: 'exAequo' }];
  // The jury decides on stage; later rules are deliberately never reached.
  if (rule.kind === 'juryDecision') return [{ entryIds, decidedBy: 'juryDecision' }];
  const groups = groupByKeyDescending(
    entryIds.map((entryId) => ({ entryId, key: ruleKey(rule, context, entryId) })),
  );
  if (groups.length > 1) recordSeparation({ groups, rule, steps });
  // Entries a rule could not separate go on to the next rule, and only against each other.
  return groups.flatMap((group) =>
    resolveFrom({ entryIds: group, rules, ruleIndex: ruleIndex + 1, context, steps }),
  );
}

/**
 * Applies the edition's tie-break rules, in order, to entries tied on their aggregated value. A rule that
 * separates some but not all of them leaves the rest for the next rule (a 3-way tie can take two rules).
 */
export function breakTie({
  entryIds,
  rules,
  context,
}: {
  entryIds: readonly number[];
  rules: readonly TieBreakRule[];
  context: TieContext;
}): TieResolution {
  const steps = new Map<number, TieBreakStep[]>();
  const sorted = [...entryIds].sort((a, b) => a - b);
  const tiers = resolveFrom({ entryIds: sorted, rules, ruleIndex: 0, context, steps });
  return { tiers, steps };
}
