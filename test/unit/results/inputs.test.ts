import { buildRankingInput, type FinalSheetRow } from '../../../src/results/inputs';

const A = 1;
const B = 2;
const WITHDRAWN = 9;
const ANNA = 11;
const BRAM = 12;
const REVOKED = 13;
const criteria = [
  { id: 101, weight: 60 },
  { id: 102, weight: 40 },
];

function sheet(jurorId: number, entryId: number, values: Array<[number, number | null]>): FinalSheetRow {
  return { jurorId, entryId, values: new Map(values) };
}

describe('buildRankingInput: which sheets count', () => {
  const conflicts = new Set([`${BRAM}:${B}`]);
  const input = buildRankingInput({
    criteria,
    scale: { min: 1, max: 10 },
    entryIds: [A, B],
    jurorIds: [ANNA, BRAM],
    finalSheets: [
      sheet(ANNA, A, [
        [101, 8],
        [102, 6],
      ]),
      sheet(ANNA, B, [
        [101, 7],
        [102, null],
      ]), // a value missing
      sheet(BRAM, A, [
        [101, 9],
        [102, 11],
      ]), // off the scale
      sheet(BRAM, B, [
        [101, 5],
        [102, 5],
      ]), // conflicted now
      sheet(REVOKED, A, [
        [101, 2],
        [102, 2],
      ]), // no longer on the jury
      sheet(ANNA, WITHDRAWN, [
        [101, 5],
        [102, 5],
      ]), // not in the ranking
    ],
    abstentions: [
      { jurorId: ANNA, entryId: B },
      { jurorId: BRAM, entryId: B }, // conflicted: counted as a conflict, not an abstention
      { jurorId: REVOKED, entryId: B },
    ],
    isConflicted: (jurorId, entryId) => conflicts.has(`${jurorId}:${entryId}`),
  });

  it('keeps only complete final sheets of active jurors without a conflict, on the edition scale', () => {
    expect(input.sheets).toEqual([{ jurorId: ANNA, entryId: A, values: { 101: 8, 102: 6 } }]);
    expect(input.criteria).toEqual([
      { id: 101, weight: 60, scaleMin: 1, scaleMax: 10 },
      { id: 102, weight: 40, scaleMin: 1, scaleMax: 10 },
    ]);
    expect(input.entryIds).toEqual([A, B]);
  });

  it('reports what it left out and why', () => {
    expect(input.droppedForConflict).toEqual([{ jurorId: BRAM, entryId: B }]);
    expect(input.droppedNotOnJury).toEqual([{ jurorId: REVOKED, entryId: A }]);
    // By entry, then juror.
    expect(input.droppedIncomplete).toEqual([
      { jurorId: BRAM, entryId: A },
      { jurorId: ANNA, entryId: B },
    ]);
  });

  it('counts abstentions and conflicted jurors per entry, without double counting', () => {
    expect(input.perEntry.get(A)).toEqual({ abstained: 0, conflictedJurors: 0 });
    expect(input.perEntry.get(B)).toEqual({ abstained: 1, conflictedJurors: 1 });
  });
});
