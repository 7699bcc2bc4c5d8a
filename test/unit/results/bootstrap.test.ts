import { bootstrapRanking } from '../../../src/results/bootstrap';
import { buildScoreTable } from '../../../src/results/scoreTable';
import { weighSheets } from '../../../src/results/weighted';
import { A, B, C, SINGLE, single } from './fixtures';

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
