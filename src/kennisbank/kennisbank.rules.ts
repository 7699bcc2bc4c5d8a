import type { LibraryItem, LibraryResult, SearchHit } from './kennisbank.repo';

/** The library's filters, one value each (empty = all), as the query string carries them. */
export interface LibraryFilters {
  q: string;
  category: string;
  type: string;
  province: string;
  edition: string;
  result: string;
}

export const FACETS = ['category', 'type', 'province', 'edition', 'result'] as const;
export type Facet = (typeof FACETS)[number];

/** The value of an item for a facet ('' when it has none: no category, no province). */
export function facetValue(item: LibraryItem, facet: Facet): string {
  switch (facet) {
    case 'category':
      return item.categoryCode ?? '';
    case 'type':
      return item.organisationType;
    case 'province':
      return item.provinceCode ?? '';
    case 'edition':
      return String(item.editionYear);
    case 'result':
      return item.result;
  }
}

/** Reads the filters from a query string; anything odd is dropped (the page shows everything rather than a 400). */
export function parseLibraryFilters(query: Record<string, unknown>): LibraryFilters {
  const one = (key: string, max: number, pattern: RegExp) => {
    const raw = Array.isArray(query[key]) ? (query[key] as unknown[])[0] : query[key];
    const trimmed = typeof raw === 'string' ? raw.trim() : '';
    // A long search is cut to its start; any other value that long is not one of ours.
    const value = key === 'q' ? trimmed.slice(0, max) : trimmed.length > max ? '' : trimmed;
    return pattern.test(value) ? value : '';
  };
  return {
    // eslint-disable-next-line no-control-regex -- a search with control characters is no search
    q: one('q', 200, /^[^\u0000-\u001f]*$/),
    category: one('categorie', 60, /^[\w-]+$/),
    type: one('soort', 20, /^[a-z]+$/),
    province: one('provincie', 10, /^[A-Z]{2}\d{2}$/),
    edition: one('editie', 4, /^\d{4}$/),
    result: one('resultaat', 20, /^[a-z_]+$/),
  };
}

/** The query-string names of the filters (Dutch, like the page's address). */
export const FILTER_PARAMS: Record<Facet, string> = {
  category: 'categorie',
  type: 'soort',
  province: 'provincie',
  edition: 'editie',
  result: 'resultaat',
};

const RESULT_ORDER: Record<LibraryResult, number> = {
  winner: 0,
  nominee: 1,
  honourable_mention: 2,
  entered: 3,
};

/** The library's order without a search: newest edition first, winners then nominees first, then by title. */
export function libraryOrder(items: readonly LibraryItem[]): LibraryItem[] {
  const collator = new Intl.Collator('nl');
  return [...items].sort(
    (a, b) =>
      b.editionYear - a.editionYear ||
      RESULT_ORDER[a.result] - RESULT_ORDER[b.result] ||
      collator.compare(a.title, b.title) ||
      a.id - b.id,
  );
}

/** Search hits in the library's order: title hits first, then by relevance, then by id. Pure. */
export function rankHits(hits: readonly SearchHit[]): SearchHit[] {
  return [...hits].sort(
    (a, b) => Number(b.titleHit) - Number(a.titleHit) || b.score - a.score || a.id - b.id,
  );
}

/**
 * The library as a visitor asked for it: the items matching the search (`hits` in rankHits order) and
 * every filter, and per facet the count of each value among the items matching the search and all *other*
 * filters, so each count says how many a click on it would show. Without a search, in the order given (see
 * libraryOrder). Pure.
 */
export function applyLibrary(
  items: readonly LibraryItem[],
  hits: readonly SearchHit[] | null,
  filters: LibraryFilters,
  /** The items by id, when the caller keeps it (made here otherwise). */
  itemsById?: ReadonlyMap<number, LibraryItem>,
): { items: LibraryItem[]; counts: Record<Facet, Map<string, number>> } {
  let matching: LibraryItem[];
  if (hits) {
    const byId = itemsById ?? new Map(items.map((i) => [i.id, i]));
    matching = [];
    for (const h of hits) {
      const item = byId.get(h.id);
      if (item) matching.push(item);
    }
  } else {
    matching = [...items];
  }
  const active = FACETS.filter((f) => filters[f] !== '');
  const passes = (item: LibraryItem, except: Facet | null) =>
    active.every((f) => f === except || facetValue(item, f) === filters[f]);
  const counts = Object.fromEntries(FACETS.map((f) => [f, new Map<string, number>()])) as Record<
    Facet,
    Map<string, number>
  >;
  for (const item of matching)
    for (const facet of FACETS)
      if (passes(item, facet)) {
        const value = facetValue(item, facet);
        counts[facet].set(value, (counts[facet].get(value) ?? 0) + 1);
      }
  return { items: matching.filter((i) => passes(i, null)), counts };
}
