import type { LibraryItem } from '../../../src/kennisbank/kennisbank.repo';
import {
  applyLibrary,
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
    const { items: shown, counts } = applyLibrary(items, null, parseLibraryFilters({ soort: 'gemeente' }));
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
    const { items: shown, counts } = applyLibrary(items, rankHits(hits), parseLibraryFilters({}));
    expect(shown.map((i) => i.id)).toEqual([2, 1, 3]);
    expect(Object.fromEntries(counts.type)).toEqual({ gemeente: 2, ssc: 1 });
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
