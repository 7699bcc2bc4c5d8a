import type { Criterion } from '../../../src/editions/edition.types';
import { createI18n } from '../../../src/i18n/i18n';
import { buildRankingInput } from '../../../src/results/inputs';
import { computeResults } from '../../../src/results/ranking';
import {
  buildCharts,
  buildResultsView,
  formatScore,
  type ResultsEntry,
} from '../../../src/results/results.view';

const i18n = createI18n();
const nl = i18n.getFixedT('nl');
const en = i18n.getFixedT('en');

function criterion(id: number, nameNl: string, weight: number): Criterion {
  return {
    id,
    editionId: 1,
    position: id,
    nameNl,
    nameEn: `${nameNl} (en)`,
    descriptionNl: '',
    descriptionEn: '',
    weight,
    anchorLowNl: '',
    anchorMidNl: '',
    anchorHighNl: '',
    anchorLowEn: '',
    anchorMidEn: '',
    anchorHighEn: '',
  };
}

const A = 1;
const B = 2;
const C = 3;
const ANNA = 11;
const BRAM = 12;
const criteria = [criterion(101, 'Innovatiekracht', 50), criterion(102, 'Impact', 50)];
const entries: ResultsEntry[] = [
  {
    id: A,
    numberLabel: '2027-001',
    title: 'Alpha',
    organisationName: 'Gemeente Aa',
    summary: '',
    consentPublish: true,
  },
  {
    id: B,
    numberLabel: '2027-002',
    title: 'Beta',
    organisationName: 'Gemeente Bee',
    summary: '',
    consentPublish: true,
  },
  {
    id: C,
    numberLabel: '2027-003',
    title: 'Gamma',
    organisationName: 'SSC Cee',
    summary: '',
    consentPublish: true,
  },
];

// Scale 0–10, weights 50/50: weighted = 5 × (v1 + v2).
//            Anna        Bram
//   A   [10, 6] = 80   [7, 7]  = 70   → mean 75, Innovatiekracht (10 + 7) / 2 = 8.5
//   B   [6, 6]  = 60   [10, 8] = 90   → mean 75, Innovatiekracht (6 + 10) / 2 = 8
//   C   not scored
// Tied at 75: the edition's first rule (higher mean on Innovatiekracht) puts A first.
// Without Anna: A 70, B 90 → B wins, so A's win is not robust.
const input = buildRankingInput({
  criteria,
  scale: { min: 0, max: 10 },
  entryIds: [A, B, C],
  jurorIds: [ANNA, BRAM],
  finalSheets: [
    {
      jurorId: ANNA,
      entryId: A,
      values: new Map([
        [101, 10],
        [102, 6],
      ]),
    },
    {
      jurorId: ANNA,
      entryId: B,
      values: new Map([
        [101, 6],
        [102, 6],
      ]),
    },
    {
      jurorId: BRAM,
      entryId: A,
      values: new Map([
        [101, 7],
        [102, 7],
      ]),
    },
    {
      jurorId: BRAM,
      entryId: B,
      values: new Map([
        [101, 10],
        [102, 8],
      ]),
    },
  ],
  abstentions: [{ jurorId: BRAM, entryId: C }],
  isConflicted: () => false,
});
const results = computeResults({
  criteria: input.criteria,
  sheets: input.sheets,
  entryIds: input.entryIds,
  aggregation: 'mean',
  tieBreak: [{ kind: 'criterion', criterionId: 101 }, { kind: 'firstPlaces' }, { kind: 'juryDecision' }],
});

function viewIn(lng: 'nl' | 'en') {
  return buildResultsView({
    results,
    input,
    criteria,
    entries,
    jurors: [
      { userId: ANNA, name: 'Anna de Vries' },
      { userId: BRAM, name: 'Bram Jansen' },
    ],
    nominations: new Map([[A, 'nominee' as const]]),
    notes: new Map(),
    decision: null,
    t: lng === 'nl' ? nl : en,
    lng,
  });
}

describe('formatScore', () => {
  it('writes 2 decimals in the reader’s language and a dash for no value', () => {
    expect(formatScore(75, 'nl')).toBe('75,00');
    expect(formatScore(7.07, 'en')).toBe('7.07');
    expect(formatScore(1234.5, 'nl')).toBe('1234,50');
    expect(formatScore(null, 'nl')).toBe('–');
  });
});

describe('buildResultsView', () => {
  const view = viewIn('nl');

  it('lists the rows in rank order with display numbers, the unscored entry last', () => {
    expect(
      view.rows.map((row) => [row.entry.numberLabel, row.rank, row.score, row.n, row.sd, row.nomination]),
    ).toEqual([
      ['2027-001', 1, 75, 2, 7.07, 'nominee'],
      ['2027-002', 2, 75, 2, 21.21, null],
      ['2027-003', null, null, 0, null, null],
    ]);
    expect(view.rows[2]?.abstained).toBe(1);
    expect(view.rankedRows).toHaveLength(2);
  });

  it('gives the per-criterion means on the edition scale and on 0–100', () => {
    expect(view.rows[0]?.criteria).toEqual([
      { criterionId: 101, mean: 8.5, normalisedMean: 85 },
      { criterionId: 102, mean: 6.5, normalisedMean: 65 },
    ]);
  });

  it('says in words which rule broke the tie', () => {
    expect(view.rows[0]?.decidedBy).toBe('tieBreak');
    expect(view.rows[0]?.tieNote).toBe(
      'Gelijk met 2027-002 Beta; beslist door: hogere gemiddelde score op Innovatiekracht.',
    );
    expect(view.rows[1]?.tieNote).toBe(
      'Gelijk met 2027-001 Alpha; beslist door: hogere gemiddelde score op Innovatiekracht.',
    );
    expect(view.tieRules).toEqual([
      'hogere gemiddelde score op Innovatiekracht',
      'vaker als beste beoordeeld door een jurylid (meer eerste plaatsen)',
      'besluit van de jury',
    ]);
  });

  it('names exactly the change that flips the winner, and leaves the name out of the anonymous version', () => {
    expect(view.computedWinner?.entry.id).toBe(A);
    expect(view.robustness.verdict).toBe('notRobust');
    expect(view.robustness.summary).toBe(
      '2027-001 Alpha staat bovenaan, maar dit verandert de winnaar: Zonder Anna de Vries: winnaar wordt 2027-002 Beta.',
    );
    expect(view.robustness.anonymousSummary).not.toContain('Anna');
    expect(view.robustness.anonymousSummary).toContain(
      'zonder één bepaald jurylid (1 van de 2) verandert de winnaar',
    );
    expect(view.robustness.lines.filter((line) => !line.same).map((line) => line.label)).toEqual([
      'Zonder Anna de Vries',
    ]);
  });

  it('keeps every counted score for the heat map and exports', () => {
    expect(view.scoreOf(ANNA, A)).toBe(80);
    expect(view.scoreOf(BRAM, B)).toBe(90);
    expect(view.scoreOf(BRAM, C)).toBeUndefined();
    expect(view.sheetsOf(B).map((s) => [s.jurorName, s.score])).toEqual([
      ['Anna de Vries', 60],
      ['Bram Jansen', 90],
    ]);
    expect(view.sheets.map((s) => [s.entry.id, s.jurorName, s.values, s.score])).toEqual([
      [A, 'Anna de Vries', [10, 6], 80],
      [A, 'Bram Jansen', [7, 7], 70],
      [B, 'Anna de Vries', [6, 6], 60],
      [B, 'Bram Jansen', [10, 8], 90],
    ]);
  });

  it('speaks English when asked', () => {
    const english = viewIn('en');
    expect(english.rows[0]?.tieNote).toBe(
      'Tied with 2027-002 Beta; decided by: higher mean score on Innovatiekracht (en).',
    );
    expect(english.robustness.summary).toContain('Without Anna de Vries: winner becomes 2027-002 Beta');
  });
});

describe('buildCharts', () => {
  const view = viewIn('nl');
  const charts = buildCharts(view, nl, 'nl');

  it('draws the same rows and numbers as the tables beside them', () => {
    expect(charts.scores.rows.map((row) => row.entry.id)).toEqual([A, B]);
    expect(charts.scores.withSpread).toBe(true);
    expect(charts.scores.svg).toContain('>75,00</text>');
    expect(charts.criteria.svg).toContain('>8,50</text>');
    expect(charts.heat.svg).toContain('>Anna de Vries</text>');
    expect(charts.heat.svg).toContain('>90,00</text>');
  });

  it('titles and describes each chart', () => {
    expect(charts.scores.svg).toContain('<title id="chart-scores-title">Scores volgens Gemiddelde</title>');
    expect(charts.heat.svg).toMatch(/<desc id="chart-heat-desc">Warmtekaart: .*2 inzendingen, 2 juryleden/);
  });
});
