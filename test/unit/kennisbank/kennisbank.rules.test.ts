import type { LibraryItem } from '../../../src/kennisbank/kennisbank.repo';
import {
  applyLibrary,
  FACETS,
  facetTable,
  facetValue,
  isPublicQuestion,
  libraryOrder,
  parseLibraryFilters,
  rankHits,
} from '../../../src/kennisbank/kennisbank.rules';

const item = (id: number, over: Partial<LibraryItem>): LibraryItem => ({
  id,
  editionYear: 2026,
  editionName: 'Innovatieprijs 2026',
  title: `Project ${id}`,
  organisationId: id,
  organisationName: `Org ${id}`,
  organisationType: 'gemeente',
  provinceCode: 'PV26',
  provinceName: 'Utrecht',
  categoryCode: 'inkoop',
  categoryNameNl: 'Inkoop',
  categoryNameEn: 'Procurement',
  result: 'entered',
  licence: 'cc-by',
  publishedAt: new Date('2026-11-01T12:00:00Z'),
  ...over,
});

const items = libraryOrder([
  item(1, { editionYear: 2025, result: 'winner' }),
  item(2, { organisationType: 'ssc', provinceCode: null, provinceName: null, result: 'nominee' }),
  item(3, { provinceCode: 'PV23', provinceName: 'Overijssel', categoryCode: 'hr' }),
  item(4, { result: 'winner', title: 'Aaa' }),
]);

describe('libraryOrder', () => {
  it('puts the newest edition first, winners and nominees first, then by title', () => {
    expect(items.map((i) => i.id)).toEqual([4, 2, 3, 1]);
  });
});

describe('applyLibrary', () => {
  it('counts each facet among the items that pass every other filter', () => {
    const { items: shown, counts } = applyLibrary(
      facetTable(items),
      null,
      parseLibraryFilters({ soort: 'gemeente' }),
    );
    expect(shown.map((i) => i.id)).toEqual([4, 3, 1]);
    expect(Object.fromEntries(counts.type)).toEqual({ gemeente: 3, ssc: 1 });
    expect(Object.fromEntries(counts.province)).toEqual({ PV26: 2, PV23: 1 });
    expect(Object.fromEntries(counts.result)).toEqual({ winner: 2, entered: 1 });
    expect(Object.fromEntries(counts.edition)).toEqual({ '2026': 2, '2025': 1 });
  });

  it('orders search hits title hits first, then by score, and keeps only known items', () => {
    const hits = [
      { id: 3, titleHit: false, score: 9 },
      { id: 1, titleHit: true, score: 1 },
      { id: 99, titleHit: true, score: 50 },
      { id: 2, titleHit: true, score: 2 },
    ];
    const { items: shown, counts } = applyLibrary(facetTable(items), rankHits(hits), parseLibraryFilters({}));
    expect(shown.map((i) => i.id)).toEqual([2, 1, 3]);
    expect(Object.fromEntries(counts.type)).toEqual({ gemeente: 2, ssc: 1 });
  });

  it('agrees with counting every facet by hand, for random items, hits and filter combinations', () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const years = [2024, 2025, 2026];
    const types = ['gemeente', 'ssc', 'provincie'] as const;
    const provinces = ['PV20', 'PV21', null];
    const categories = ['inkoop', 'hr', null];
    const outcomes = ['winner', 'nominee', 'entered'] as const;
    const many = libraryOrder(
      Array.from({ length: 300 }, (_, n) =>
        item(n + 1, {
          editionYear: years[rnd(3)]!,
          organisationType: types[rnd(3)]!,
          provinceCode: provinces[rnd(3)]!,
          categoryCode: categories[rnd(3)]!,
          result: outcomes[rnd(3)]!,
        }),
      ),
    );
    const table = facetTable(many);
    const value = (i: LibraryItem, f: (typeof FACETS)[number]) => facetValue(i, f);
    for (let round = 0; round < 200; round++) {
      const filters = parseLibraryFilters({
        soort: ['', 'gemeente', 'ssc', 'waterschap'][rnd(4)],
        provincie: ['', 'PV20', 'PV21'][rnd(3)],
        categorie: ['', 'inkoop', 'hr'][rnd(3)],
        editie: ['', '2025', '2026', '1999'][rnd(4)],
        resultaat: ['', 'winner', 'entered'][rnd(3)],
      });
      const hits =
        round % 2
          ? null
          : rankHits(
              many.filter(() => rnd(3) > 0).map((i) => ({ id: i.id, titleHit: false, score: rnd(10) })),
            );
      const pool = hits ? hits.map((h) => many.find((i) => i.id === h.id)!) : many;
      const passes = (i: LibraryItem, except: string | null) =>
        FACETS.every((f) => f === except || filters[f] === '' || value(i, f) === filters[f]);
      const { items: shown, counts } = applyLibrary(table, hits, filters);
      expect(shown.map((i) => i.id)).toEqual(pool.filter((i) => passes(i, null)).map((i) => i.id));
      for (const f of FACETS) {
        const expected = new Map<string, number>();
        for (const i of pool)
          if (passes(i, f)) expected.set(value(i, f), (expected.get(value(i, f)) ?? 0) + 1);
        expect(Object.fromEntries(counts[f])).toEqual(Object.fromEntries(expected));
      }
    }
  });

  it('drops filter values that are not of the expected form', () => {
    expect(
      parseLibraryFilters({ provincie: 'x', editie: '20261', soort: 'GEMEENTE', q: 'a\u0000b' }),
    ).toEqual({
      q: '',
      category: '',
      type: '',
      province: '',
      edition: '',
      result: '',
    });
  });
});

describe('isPublicQuestion', () => {
  const q = (field: string | null, hiddenFromJurors: boolean) => ({ field, hiddenFromJurors });
  it('shows the contact person only with consent, even though it is hidden from jurors by default', () => {
    expect(isPublicQuestion(q('contactName', true), { showContact: true })).toBe(true);
    expect(isPublicQuestion(q('contactName', true), { showContact: false })).toBe(false);
    expect(isPublicQuestion(q('contactName', false), { showContact: false })).toBe(false);
  });
  it('never shows the phone number, nor any other question hidden from jurors', () => {
    for (const showContact of [true, false]) {
      expect(isPublicQuestion(q('contactPhone', false), { showContact })).toBe(false);
      expect(isPublicQuestion(q(null, true), { showContact })).toBe(false);
      expect(isPublicQuestion(q('problem', true), { showContact })).toBe(false);
      expect(isPublicQuestion(q(null, false), { showContact })).toBe(true);
      expect(isPublicQuestion(q('summary', false), { showContact })).toBe(true);
    }
  });
});
