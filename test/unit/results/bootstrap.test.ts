import { bootstrapRanking } from '../../../src/results/bootstrap';
import { computeResults } from '../../../src/results/ranking';
import type { TieBreakRule } from '../../../src/results/results.types';
import { buildScoreTable } from '../../../src/results/scoreTable';
import { weighSheets } from '../../../src/results/weighted';
import { A, B, C, HALVES, SINGLE, halves, single } from './fixtures';

const table = (sheets: ReturnType<typeof single>[], entryIds = [A, B, C]) =>
  buildScoreTable(weighSheets({ criteria: SINGLE, sheets, entryIds }));

describe('the bootstrap over jurors', () => {
  // J1: A 80, B 60;  J2: A 60, B 70. Drawing two jurors with replacement:
  //   {J1, J1} ¼ → A 80 vs B 60: A;   {J2, J2} ¼ → A 60 vs B 70: B;   {J1, J2} ½ → A 70 vs B 65: A.
  // So A wins ¾ of the rounds, B ¼; A's mean is 60, 70 or 80 (interval 60–80), B's 60, 65 or 70.
  const two = table([single(1, A, 8), single(1, B, 6), single(2, A, 6), single(2, B, 7)], [A, B]);

  it('gives each entry its share of wins, close to the hand-worked ¾ and ¼', () => {
    const result = bootstrapRanking({ table: two, aggregation: 'mean', rounds: 4000 });
    expect(result.perEntry.get(A)!.winShare).toBeCloseTo(0.75, 1);
    expect(Math.abs(result.perEntry.get(A)!.winShare - 0.75)).toBeLessThan(0.03);
    expect(result.perEntry.get(A)!.winShare + result.perEntry.get(B)!.winShare).toBeCloseTo(1, 12);
    expect(result.perEntry.get(A)).toMatchObject({ low: 60, high: 80 });
    expect(result.perEntry.get(B)).toMatchObject({ low: 60, high: 70 });
  });

  it('is the same for the same seed, and says which seed and how many rounds', () => {
    const first = bootstrapRanking({ table: two, aggregation: 'mean', rounds: 500, seed: 's' });
    const second = bootstrapRanking({ table: two, aggregation: 'mean', rounds: 500, seed: 's' });
    expect(second).toEqual(first);
    expect(first).toMatchObject({ rounds: 500, seed: 's' });
  });

  it('with one juror there is nothing to resample: the leader wins every round', () => {
    const one = table([single(1, A, 8), single(1, B, 6)], [A, B]);
    const result = bootstrapRanking({ table: one, aggregation: 'mean', rounds: 200 });
    expect(result.perEntry.get(A)).toEqual({ winShare: 1, low: 80, high: 80 });
    expect(result.perEntry.get(B)!.winShare).toBe(0);
  });

  it('splits a shared first place, and gives an entry no round when none of its jurors was drawn', () => {
    // J1: A 80, B 80 (tied); J2 scored only C 50. A round without J1 has only C; with J1, A and B tie.
    const result = bootstrapRanking({
      table: table([single(1, A, 8), single(1, B, 8), single(2, C, 5)]),
      aggregation: 'mean',
      rounds: 4000,
    });
    const a = result.perEntry.get(A)!.winShare;
    const c = result.perEntry.get(C)!.winShare;
    expect(a).toBeCloseTo(result.perEntry.get(B)!.winShare, 12);
    // P(J1 drawn at least once) = ¾ → A and B ⅜ each; C wins only {J2, J2}: ¼.
    expect(Math.abs(a - 0.375)).toBeLessThan(0.03);
    expect(Math.abs(c - 0.25)).toBeLessThan(0.03);
  });

  it('uses the weighted median for the median', () => {
    // J1: A 80; J2: A 60; J3: A 70. Drawing {J1, J1, J2}: weighted median 80 (weight 2 of 3).
    const three = table([single(1, A, 8), single(2, A, 6), single(3, A, 7)], [A]);
    const result = bootstrapRanking({ table: three, aggregation: 'median', rounds: 2000 });
    expect(result.perEntry.get(A)).toMatchObject({ winShare: 1, low: 60, high: 80 });
  });
});

describe('the bootstrap settles a shared first place by the edition’s tie-break rules', () => {
  // HALVES (weighted = 5 × (v1 + v2)). J1: A (8, 6) = 70, B (6, 8) = 70;  J2: A (6, 6) = 60, B (6, 6) = 60.
  // A and B tie on the mean in every round. Rule "higher mean on criterion 1" (normalised: value × 10):
  //   {J1, J1} ¼ → A 80 vs B 60: A;   {J1, J2} ½ → A 70 vs B 60: A;   {J2, J2} ¼ → 60 vs 60: still tied, split.
  // So A wins ¾ + ⅛ = ⅞ of the rounds and B ⅛; without the rule (or when the jury decides) they split every round.
  const tied = buildScoreTable(
    weighSheets({
      criteria: HALVES,
      sheets: [halves(1, A, [8, 6]), halves(1, B, [6, 8]), halves(2, A, [6, 6]), halves(2, B, [6, 6])],
      entryIds: [A, B],
    }),
  );
  const shares = (tieBreak: TieBreakRule[]) => {
    const result = bootstrapRanking({
      table: tied,
      aggregation: 'mean',
      criteria: HALVES,
      tieBreak,
      rounds: 4000,
    });
    return [result.perEntry.get(A)!.winShare, result.perEntry.get(B)!.winShare];
  };

  it('gives the round to the entry the rules put first, with the numbers of that round’s jury', () => {
    const [a, b] = shares([{ kind: 'criterion', criterionId: 1 }]);
    expect(Math.abs(a! - 0.875)).toBeLessThan(0.03);
    expect(a! + b!).toBeCloseTo(1, 12);
  });

  it('splits the round evenly when the rules cannot separate the entries (a later rule that ties too)', () => {
    // In {J2, J2} both are J2's first place (60 = 60): "more first places" ties as well.
    const [a] = shares([{ kind: 'criterion', criterionId: 1 }, { kind: 'firstPlaces' }]);
    expect(Math.abs(a! - 0.875)).toBeLessThan(0.03);
  });

  it('splits every round when the rules leave it to the jury, or there are none', () => {
    expect(shares([{ kind: 'juryDecision' }])).toEqual([0.5, 0.5]);
    expect(shares([])).toEqual([0.5, 0.5]);
  });

  it('says the same as the ranking: A first by the tie rule, and its share', () => {
    const results = computeResults({
      criteria: HALVES,
      sheets: [halves(1, A, [8, 6]), halves(1, B, [6, 8]), halves(2, A, [6, 6]), halves(2, B, [6, 6])],
      entryIds: [A, B],
      aggregation: 'mean',
      tieBreak: [{ kind: 'criterion', criterionId: 1 }],
    });
    expect(results.rows[0]).toMatchObject({ entryId: A, standing: { rank: 1, decidedBy: 'tieBreak' } });
    // 2000 rounds: within 3 points of ⅞.
    expect(Math.abs(results.uncertainty.perEntry.get(A)!.winShare - 0.875)).toBeLessThan(0.03);
  });
});

describe('the bootstrap under the calibrated method', () => {
  it('equals the mean’s in a complete design (same seed, same draws)', () => {
    const complete = table([single(1, A, 8), single(1, B, 6), single(2, A, 6), single(2, B, 7)], [A, B]);
    const byMean = bootstrapRanking({ table: complete, aggregation: 'mean', rounds: 500 });
    const byCalibrated = bootstrapRanking({ table: complete, aggregation: 'calibrated', rounds: 500 });
    expect(byCalibrated.perEntry.get(A)!.winShare).toBe(byMean.perEntry.get(A)!.winShare);
    expect(byCalibrated.perEntry.get(A)!.low).toBeCloseTo(60, 8);
    expect(byCalibrated.perEntry.get(A)!.high).toBeCloseTo(80, 8);
  });

  it('refits per round: a lenient juror on one entry wins it only the rounds without the others', () => {
    // J1: A 60, B 70;  J2: A 60, B 70;  J3 (lenient) only A 100. Whenever J1 or J2 is drawn, J3's offset absorbs
    // the 100 and B is 10 ahead; only {J3, J3, J3} (1/27) leaves A alone with a value. The mean instead lets
    // A win every round with J3 drawn once beside one other (A (60 + 100) / 2 = 80 > 70) and more.
    const lenient = table(
      [single(1, A, 6), single(1, B, 7), single(2, A, 6), single(2, B, 7), single(3, A, 10)],
      [A, B],
    );
    const byCalibrated = bootstrapRanking({ table: lenient, aggregation: 'calibrated', rounds: 4000 });
    expect(Math.abs(byCalibrated.perEntry.get(A)!.winShare - 1 / 27)).toBeLessThan(0.015);
    const byMean = bootstrapRanking({ table: lenient, aggregation: 'mean', rounds: 4000 });
    expect(byMean.perEntry.get(A)!.winShare).toBeGreaterThan(0.4);
  });
});
