import { computeResults } from '../../../src/results/ranking';
import type {
  Aggregation,
  CriterionSpec,
  ResultRow,
  ScoreSheet,
  Standing,
  TieBreakRule,
} from '../../../src/results/results.types';
import { rankEntries } from '../../../src/results/standings';
import type { TieContext } from '../../../src/results/ties';
import { A, B, C, D, HALVES, SINGLE, halves, single } from './fixtures';

const BY_CRITERION_1: TieBreakRule = { kind: 'criterion', criterionId: 1 };
const BY_CRITERION_2: TieBreakRule = { kind: 'criterion', criterionId: 2 };
const FIRST_PLACES: TieBreakRule = { kind: 'firstPlaces' };
const JURY: TieBreakRule = { kind: 'juryDecision' };

function standingsOf({
  criteria,
  sheets,
  tieBreak,
  aggregation = 'mean',
}: {
  criteria: CriterionSpec[];
  sheets: ScoreSheet[];
  tieBreak: TieBreakRule[];
  aggregation?: Aggregation;
}): Standing[] {
  const entryIds = [...new Set(sheets.map((sheet) => sheet.entryId))];
  const { rows } = computeResults({ criteria, sheets, entryIds, aggregation, tieBreak });
  return rows.flatMap((row: ResultRow) => (row.status === 'ranked' ? [row.standing] : []));
}

function ranksOf(standings: Standing[]): Array<[number, number]> {
  return standings.map((standing) => [standing.entryId, standing.rank]);
}

describe('rank numbering', () => {
  // Weighted (SINGLE): A 80, B 80, C 50.
  const sheets = [single(1, A, 8), single(1, B, 8), single(1, C, 5)];

  it('lets tied entries share a rank and skips the next (1, 1, 3) when no rule is left', () => {
    const standings = standingsOf({ criteria: SINGLE, sheets, tieBreak: [] });
    expect(ranksOf(standings)).toEqual([
      [A, 1],
      [B, 1],
      [C, 3],
    ]);
    expect(standings[0]).toMatchObject({ decidedBy: 'exAequo', tiedWith: [B], tieBrokenBy: null });
    expect(standings[1]).toMatchObject({ decidedBy: 'exAequo', tiedWith: [A] });
    expect(standings[2]).toMatchObject({ decidedBy: 'score', tiedWith: [], tieBreakSteps: [] });
  });

  it('treats values that differ only by float noise as tied', () => {
    const noContext: TieContext = {
      criterionMean: () => 0,
      firstPlaces: () => 0,
    };
    const values = new Map([
      [3, 0.1],
      [2, 0.3],
      [1, 0.1 + 0.2], // 0.30000000000000004
    ]);
    const standings = rankEntries({ values, aggregation: 'mean', tieBreak: [], tieContext: noContext });
    expect(ranksOf(standings)).toEqual([
      [1, 1],
      [2, 1],
      [3, 3],
    ]);
  });
});

describe('tie-break by criterion', () => {
  // HALVES: weighted = 5 × (v1 + v2).
  // J1: A (8,4) = 60, B (4,8) = 60;  J2: A (6,6) = 60, B (6,6) = 60 → both mean 60.
  // Criterion 1 normalised means: A (80 + 60) / 2 = 70, B (40 + 60) / 2 = 50; criterion 2 the reverse.
  const sheets = [halves(1, A, [8, 4]), halves(1, B, [4, 8]), halves(2, A, [6, 6]), halves(2, B, [6, 6])];

  it('puts the higher mean on the criterion first', () => {
    const standings = standingsOf({ criteria: HALVES, sheets, tieBreak: [BY_CRITERION_1] });
    expect(ranksOf(standings)).toEqual([
      [A, 1],
      [B, 2],
    ]);
    expect(standings[0]).toMatchObject({
      decidedBy: 'tieBreak',
      tieBrokenBy: { rule: BY_CRITERION_1, against: [B] },
      tiedWith: [],
    });
    expect(standings[1]).toMatchObject({
      decidedBy: 'tieBreak',
      tieBrokenBy: { rule: BY_CRITERION_1, against: [A] },
    });
  });

  it('follows the rule the edition chose', () => {
    const standings = standingsOf({ criteria: HALVES, sheets, tieBreak: [BY_CRITERION_2] });
    expect(ranksOf(standings)).toEqual([
      [B, 1],
      [A, 2],
    ]);
  });

  it('goes on to the next rule when a rule cannot separate', () => {
    // Both have 2 first places (each juror's firsts are shared), so criterion 2 decides.
    const standings = standingsOf({ criteria: HALVES, sheets, tieBreak: [FIRST_PLACES, BY_CRITERION_2] });
    expect(ranksOf(standings)).toEqual([
      [B, 1],
      [A, 2],
    ]);
    expect(standings[0]?.tieBreakSteps).toEqual([{ rule: BY_CRITERION_2, against: [A] }]);
  });
});

describe('tie-break by first places', () => {
  // SINGLE: weighted = 10 × value.
  // J1: B 80, C 80, A 60 → firsts B and C (shared)
  // J2: B 70, D 70, A 50 → firsts B and D (shared)
  // J3: A 90, B 50       → first A
  // Means: A (60 + 50 + 90) / 3 = 66.67, B (80 + 70 + 50) / 3 = 66.67, C 80, D 70.
  // First places: A 1, B 2 (shared firsts count for each entry sharing them).
  const sheets = [
    single(1, B, 8),
    single(1, C, 8),
    single(1, A, 6),
    single(2, B, 7),
    single(2, D, 7),
    single(2, A, 5),
    single(3, A, 9),
    single(3, B, 5),
  ];

  it('puts the entry more jurors placed first ahead, counting shared firsts for each', () => {
    const standings = standingsOf({ criteria: SINGLE, sheets, tieBreak: [FIRST_PLACES] });
    // Not counting shared firsts would give A 1, B 0 and put A ahead; half points would tie them.
    expect(ranksOf(standings)).toEqual([
      [C, 1],
      [D, 2],
      [B, 3],
      [A, 4],
    ]);
    expect(standings[2]).toMatchObject({ tieBrokenBy: { rule: FIRST_PLACES, against: [A] } });
  });

  it('reports the first places in the stats', () => {
    const { rows } = computeResults({
      criteria: SINGLE,
      sheets,
      entryIds: [A, B, C, D],
      aggregation: 'mean',
      tieBreak: [FIRST_PLACES],
    });
    expect(rows.map((row) => [row.entryId, row.stats.firstPlaces])).toEqual([
      [C, 1],
      [D, 1],
      [B, 2],
      [A, 1],
    ]);
  });
});

describe('a three-way tie', () => {
  // HALVES: weighted = 5 × (v1 + v2).
  // J1: A (8,4) = 60, B (6,8) = 70, C (6,4) = 50, D (2,2) = 20
  // J2: A (8,4) = 60, B (6,8) = 70, C (6,4) = 50
  // J3: A (8,4) = 60, B (6,2) = 40, C (6,10) = 80
  // Means: A 60, B (70 + 70 + 40) / 3 = 60, C (50 + 50 + 80) / 3 = 60, D 20.
  // Criterion 1 normalised means: A 80, B 60, C 60.  First places: J1 → B, J2 → B, J3 → C: A 0, B 2, C 1.
  const sheets = [
    halves(1, A, [8, 4]),
    halves(1, B, [6, 8]),
    halves(1, C, [6, 4]),
    halves(1, D, [2, 2]),
    halves(2, A, [8, 4]),
    halves(2, B, [6, 8]),
    halves(2, C, [6, 4]),
    halves(3, A, [8, 4]),
    halves(3, B, [6, 2]),
    halves(3, C, [6, 10]),
  ];

  it('is resolved in two steps: criterion 1 separates A, first places then separate B and C', () => {
    const standings = standingsOf({ criteria: HALVES, sheets, tieBreak: [BY_CRITERION_1, FIRST_PLACES] });
    expect(ranksOf(standings)).toEqual([
      [A, 1],
      [B, 2],
      [C, 3],
      [D, 4],
    ]);
    const [a, b, c, d] = standings;
    expect(a).toMatchObject({
      decidedBy: 'tieBreak',
      tieBrokenBy: { rule: BY_CRITERION_1, against: [B, C] },
    });
    expect(a?.tieBreakSteps).toHaveLength(1);
    expect(b).toMatchObject({ decidedBy: 'tieBreak', tieBrokenBy: { rule: FIRST_PLACES, against: [C] } });
    expect(b?.tieBreakSteps).toEqual([
      { rule: BY_CRITERION_1, against: [A] },
      { rule: FIRST_PLACES, against: [C] },
    ]);
    expect(c?.tieBreakSteps).toEqual([
      { rule: BY_CRITERION_1, against: [A] },
      { rule: FIRST_PLACES, against: [B] },
    ]);
    expect(d).toMatchObject({ decidedBy: 'score', tieBrokenBy: null });
  });

  it('leaves the two that criterion 1 cannot separate to the jury, sharing rank 2', () => {
    const standings = standingsOf({
      criteria: HALVES,
      sheets,
      tieBreak: [BY_CRITERION_1, JURY, FIRST_PLACES],
    });
    expect(ranksOf(standings)).toEqual([
      [A, 1],
      [B, 2],
      [C, 2],
      [D, 4],
    ]);
    expect(standings[1]).toMatchObject({
      decidedBy: 'juryDecision',
      tiedWith: [C],
      tieBrokenBy: { rule: BY_CRITERION_1, against: [A] },
    });
    expect(standings[2]).toMatchObject({ decidedBy: 'juryDecision', tiedWith: [B] });
  });

  it('stays a shared first place when the jury decides first', () => {
    const standings = standingsOf({ criteria: HALVES, sheets, tieBreak: [JURY, BY_CRITERION_1] });
    expect(ranksOf(standings)).toEqual([
      [A, 1],
      [B, 1],
      [C, 1],
      [D, 4],
    ]);
    expect(standings[0]).toMatchObject({ decidedBy: 'juryDecision', tiedWith: [B, C], tieBreakSteps: [] });
  });

  it('depends on the order of the rules', () => {
    // First places alone: B 2, C 1, A 0.
    const standings = standingsOf({ criteria: HALVES, sheets, tieBreak: [FIRST_PLACES, BY_CRITERION_1] });
    expect(ranksOf(standings)).toEqual([
      [B, 1],
      [C, 2],
      [A, 3],
      [D, 4],
    ]);
    expect(standings[0]?.tieBrokenBy).toEqual({ rule: FIRST_PLACES, against: [A, C] });
  });
});
