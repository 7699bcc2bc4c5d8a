/**
 * Honest uncertainty, pure: resample the jury (draw as many jurors as there are, with replacement, from a seeded
 * generator), rank again under the fixed aggregation, and count per entry how often it comes first and where its
 * value lands: "B wint in 71 % van de herberekeningen", with a 95 % interval for its score.
 *
 * A juror drawn twice counts twice, one never drawn not at all. Each juror's z-scores and Borda points are their
 * own (relative to the entries they scored), so a round only reweighs contributions already in the score table:
 * O(sheets) per round for every aggregation (the median as a weighted median), which keeps a few thousand rounds
 * at 500 × 25 within a computation that is done once per ranking and kept with it.
 * The calibrated method refits its least-squares model per round (the drawn jurors weighted by how often they were
 * drawn), warm-started from the full fit, which a resampled jury stays close to.
 * An entry none of whose jurors was drawn has no value in that round and cannot win it.
 *
 * Ties for first place in a round are settled the way the edition settles them (ties.ts: breakTie), with the
 * tie-break numbers of that round's jury (a criterion's mean and the first places, each drawn juror counted as
 * often as drawn): the entry the rules put first wins the round. Entries the rules leave sharing the first place —
 * the rules end in "the jury decides", or no rule separates them — split that round's win evenly: the bootstrap
 * cannot guess what the jury would decide, and giving it to one of them would be an arbitrary choice.
 */
import { seededRandom } from '../jury/seeded-random';
import { fitDesign, tableFit } from './calibrated';
import { roundForCompare } from './rounding';
import type { Aggregation, CriterionSpec, TieBreakRule } from './results.types';
import type { EntryScores, ScoreTable } from './scoreTable';
import { breakTie, type TieContext } from './ties';
import { normaliseValue } from './weighted';

export const BOOTSTRAP_ROUNDS = 2000;
export const BOOTSTRAP_SEED = 'innovatieprijs-bootstrap';

export interface EntryUncertainty {
  /** Share of rounds this entry came first, 0..1. */
  winShare: number;
  /** 2.5th and 97.5th percentile of its value over the rounds it had one (the aggregation's own scale). */
  low: number;
  high: number;
}

export interface Bootstrap {
  rounds: number;
  seed: string;
  perEntry: Map<number, EntryUncertainty>;
}

interface Prepared {
  entryId: number;
  juror: Int32Array;
  value: Float64Array;
  counts: Uint8Array;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index] as number;
}

function entryValue(entry: Prepared, aggregation: Aggregation, weight: Float64Array): number | undefined {
  const n = entry.juror.length;
  if (aggregation === 'median') {
    // `value` is sorted ascending for the median: walk the cumulative weight to half.
    let total = 0;
    for (let k = 0; k < n; k += 1) total += weight[entry.juror[k] as number] as number;
    if (total === 0) return undefined;
    let cumulative = 0;
    for (let k = 0; k < n; k += 1) {
      const w = weight[entry.juror[k] as number] as number;
      if (w === 0) continue;
      cumulative += w;
      if (cumulative > total / 2) return entry.value[k] as number;
      if (cumulative === total / 2) {
        for (let next = k + 1; next < n; next += 1)
          if ((weight[entry.juror[next] as number] as number) > 0)
            return ((entry.value[k] as number) + (entry.value[next] as number)) / 2;
      }
    }
    return entry.value[n - 1] as number;
  }
  let sum = 0;
  let total = 0;
  let present = 0;
  for (let k = 0; k < n; k += 1) {
    const w = weight[entry.juror[k] as number] as number;
    if (w === 0) continue;
    present += w;
    if (!entry.counts[k]) continue;
    sum += w * (entry.value[k] as number);
    total += w;
  }
  if (present === 0) return undefined;
  if (total === 0) return aggregation === 'zscore' ? 0 : 0.5;
  return sum / total;
}

function prepare(table: ScoreTable, aggregation: Aggregation): { entries: Prepared[]; jurors: number } {
  const jurorIndex = new Map(table.jurorIds.map((id, index) => [id, index]));
  const entries = table.entries.map((entry): Prepared => {
    const contributions =
      aggregation === 'median'
        ? [...entry.contributions].sort(
            (a, b) => a.sheet.score - b.sheet.score || a.sheet.jurorId - b.sheet.jurorId,
          )
        : entry.contributions;
    // The calibrated value is refitted per round (calibratedRound); the score is only a placeholder here.
    const pick = (c: (typeof contributions)[number]) =>
      aggregation === 'zscore' ? c.z : aggregation === 'borda' ? c.borda : c.sheet.score;
    return {
      entryId: entry.entryId,
      juror: Int32Array.from(contributions, (c) => jurorIndex.get(c.sheet.jurorId) as number),
      value: Float64Array.from(contributions, pick),
      // Mean and median count every juror; z-score and Borda leave out jurors without a preference.
      counts: Uint8Array.from(contributions, (c) =>
        aggregation === 'zscore' || aggregation === 'borda' ? Number(c.counts) : 1,
      ),
    };
  });
  return { entries, jurors: table.jurorIds.length };
}

/**
 * The numbers the tie-break rules compare, for one round's jury: each drawn juror's sheet counted as often as the
 * juror was drawn (`weight` by the table's juror index); sheets of jurors not drawn do not count.
 */
function roundTieContext({
  table,
  criteria,
  weight,
  jurorIndex,
}: {
  table: ScoreTable;
  criteria: readonly CriterionSpec[];
  weight: Float64Array;
  jurorIndex: ReadonlyMap<number, number>;
}): TieContext {
  const entriesById = new Map(table.entries.map((entry) => [entry.entryId, entry]));
  const weighted = (entryId: number, each: (c: EntryScores['contributions'][number]) => number) => {
    const entry = entriesById.get(entryId);
    if (!entry) throw new Error(`entry ${entryId} has no sheets to break a tie with`);
    let sum = 0;
    let total = 0;
    for (const contribution of entry.contributions) {
      const w = weight[jurorIndex.get(contribution.sheet.jurorId) as number] as number;
      if (w === 0) continue;
      sum += w * each(contribution);
      total += w;
    }
    return { sum, total };
  };
  return {
    criterionMean(entryId, criterionId) {
      const criterion = criteria.find((candidate) => candidate.id === criterionId);
      if (!criterion) throw new Error(`unknown criterion ${criterionId}`);
      const { sum, total } = weighted(entryId, (c) =>
        normaliseValue(c.sheet.values[criterionId] as number, criterion),
      );
      return sum / total;
    },
    firstPlaces(entryId) {
      return weighted(entryId, (c) => (c.jurorFirst ? 1 : 0)).sum;
    },
  };
}

/**
 * The entries (indexes) that win a round: the one alone at the top, or the first the tie-break rules single out
 * from a shared top; several when the rules leave them sharing it (they split the round).
 */
function roundWinners({
  top,
  entries,
  tieBreak,
  context,
}: {
  top: readonly number[];
  entries: readonly Prepared[];
  tieBreak: readonly TieBreakRule[];
  context: () => TieContext;
}): number[] {
  if (top.length <= 1 || tieBreak.length === 0) return [...top];
  const indexOf = new Map(top.map((index) => [(entries[index] as Prepared).entryId, index]));
  const { tiers } = breakTie({ entryIds: [...indexOf.keys()], rules: tieBreak, context: context() });
  return (tiers[0]?.entryIds ?? []).map((entryId) => indexOf.get(entryId) as number);
}

export function bootstrapRanking({
  table,
  aggregation,
  criteria = [],
  tieBreak = [],
  rounds = BOOTSTRAP_ROUNDS,
  seed = BOOTSTRAP_SEED,
}: {
  table: ScoreTable;
  aggregation: Aggregation;
  /** The edition's criteria and tie-break rules: a round's shared first place is settled by them. */
  criteria?: readonly CriterionSpec[];
  tieBreak?: readonly TieBreakRule[];
  rounds?: number;
  seed?: string;
}): Bootstrap {
  const { entries, jurors } = prepare(table, aggregation);
  const jurorIndex = new Map(table.jurorIds.map((id, index) => [id, index]));
  const calibrated = aggregation === 'calibrated' ? tableFit(table) : null;
  const random = seededRandom(seed);
  const count = entries.length;
  const wins = new Float64Array(count);
  // One flat block of round values per entry (NaN: no value that round), sorted per entry afterwards.
  const values = new Float64Array(count * rounds).fill(Number.NaN);
  const weight = new Float64Array(jurors);
  // Flat arrays for the weighted means: the loop below runs rounds × sheets times.
  const start = new Int32Array(count + 1);
  entries.forEach((entry, index) => (start[index + 1] = (start[index] as number) + entry.juror.length));
  const flatJuror = new Int32Array(start[count] as number);
  const flatValue = new Float64Array(start[count] as number);
  const flatCounts = new Uint8Array(start[count] as number);
  entries.forEach((entry, index) => {
    flatJuror.set(entry.juror, start[index] as number);
    flatValue.set(entry.value, start[index] as number);
    flatCounts.set(entry.counts, start[index] as number);
  });
  const neutral = aggregation === 'zscore' ? 0 : 0.5;
  const top: number[] = [];
  for (let round = 0; round < rounds && jurors > 0; round += 1) {
    weight.fill(0);
    for (let draw = 0; draw < jurors; draw += 1) {
      const j = Math.floor(random() * jurors);
      weight[j] = (weight[j] as number) + 1;
    }
    let best = -Infinity;
    top.length = 0;
    const fit = calibrated ? fitDesign(calibrated.design, weight, calibrated.full) : null;
    for (let index = 0; index < count; index += 1) {
      let value: number;
      if (fit) {
        // The design's entries are the table's, in the same order.
        if (!fit.present[index]) continue;
        value = fit.quality[index] as number;
      } else if (aggregation === 'median') {
        const median = entryValue(entries[index] as Prepared, aggregation, weight);
        if (median === undefined) continue;
        value = median;
      } else {
        let sum = 0;
        let total = 0;
        let present = 0;
        const end = start[index + 1] as number;
        for (let k = start[index] as number; k < end; k += 1) {
          const w = weight[flatJuror[k] as number] as number;
          if (w === 0) continue;
          present += w;
          if (flatCounts[k] === 0) continue;
          sum += w * (flatValue[k] as number);
          total += w;
        }
        if (present === 0) continue;
        value = total === 0 ? neutral : sum / total;
      }
      values[index * rounds + round] = value;
      const key = roundForCompare(value);
      if (key > best) {
        best = key;
        top.length = 0;
        top.push(index);
      } else if (key === best) top.push(index);
    }
    const winners = roundWinners({
      top,
      entries,
      tieBreak,
      context: () => roundTieContext({ table, criteria, weight, jurorIndex }),
    });
    for (const index of winners) wins[index] = (wins[index] as number) + 1 / winners.length;
  }
  const perEntry = new Map<number, EntryUncertainty>();
  entries.forEach((entry, index) => {
    const seen = values
      .subarray(index * rounds, (index + 1) * rounds)
      .filter((v) => !Number.isNaN(v))
      .sort();
    perEntry.set(entry.entryId, {
      winShare: rounds === 0 ? 0 : (wins[index] as number) / rounds,
      low: percentile(seen, 0.025),
      high: percentile(seen, 0.975),
    });
  });
  return { rounds, seed, perEntry };
}
