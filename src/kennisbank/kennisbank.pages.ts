/**
 * View models of the kennisbank's public pages: the library (search, filters with counts, a page of results) and
 * one project. Built from the published entries (kennisbank.repo.ts: `published`), never from anything else.
 */
import type { AppContext } from '../context';
import { createDerivedCache } from '../http/derived-cache';
import { paginate } from '../http/pagination';
import type { Lng } from '../i18n/i18n';
import {
  listLibraryItems,
  indexedWordsFor,
  listSummaries,
  searchEntries,
  type LibraryEntry,
  type LibraryItem,
  type SearchHit,
} from './kennisbank.repo';
import {
  applyLibrary,
  FACETS,
  facetTable,
  facetValue,
  FILTER_PARAMS,
  isPublicQuestion,
  libraryOrder,
  rankHits,
  type Facet,
  type FacetTable,
  type LibraryFilters,
} from './kennisbank.rules';
import { entryAnswerRows } from '../entries/question.pages';
import { answerText } from '../entries/question.rules';
import { openDataRecords, type OpenDataRecord } from './kennisbank.export';
import { LICENCE_URLS } from './publication.types';
import { searchTerms, type SearchTerm } from './search-terms';

export const LIBRARY_PER_PAGE = 20;

type Deps = Pick<AppContext, 'db' | 'clock' | 'config' | 'writeGeneration'>;

/**
 * The published entries and recent searches, kept per process until anything is written (a withdrawal included)
 * or CACHE_SECONDS pass: a search filters and counts the kept list in memory, and a query asked again (the usual
 * case on a public site) costs no full-text query at all. Off in tests, like every derived cache.
 */
export function createLibrary(deps: Deps) {
  const options = {
    seconds: deps.config.cacheSeconds,
    generation: deps.writeGeneration,
    now: () => deps.clock.now().getTime(),
  };
  const kept = createDerivedCache<LibraryIndex>({ ...options, maxEntries: 1 });
  // A query matching all 5,000 entries keeps ~300 kB of hits: 50 queries stay well inside the 128 MB heap.
  const searches = createDerivedCache<SearchHit[]>({ ...options, maxEntries: 50 });
  // SQLite: the indexed spellings of a stem, so a query never asked before reads no FTS5 vocabulary for its common
  // words (0.45 ms of its 1.1 ms). The write counter forgets them with everything else.
  const spellings = createDerivedCache<string[]>({ ...options, maxEntries: 200 });
  const wordsFor = (term: SearchTerm) => spellings(term.stem, () => indexedWordsFor(deps.db, term));
  const index = () => kept('items', async () => indexLibrary(await listLibraryItems(deps.db)));
  return {
    index,
    items: async () => (await index()).items,
    search: (terms: SearchTerm[]) =>
      searches(terms.map((t) => t.stem).join(' '), async () =>
        rankHits(await searchEntries(deps.db, terms, wordsFor)),
      ),
  };
}
export type Library = ReturnType<typeof createLibrary>;

/** The published entries with what every search needs from them, computed once per kept list. */
export interface LibraryIndex {
  items: LibraryItem[];
  table: FacetTable;
  /** An item per facet value ("category:inkoop"), for the value's label. */
  samples: Map<string, LibraryItem>;
}

function indexLibrary(listed: LibraryItem[]): LibraryIndex {
  const items = libraryOrder(listed);
  const samples = new Map<string, LibraryItem>();
  for (const item of items) for (const f of FACETS) samples.set(`${f}:${facetValue(item, f)}`, item);
  return { items, table: facetTable(items), samples };
}

export interface FacetOption {
  value: string;
  label: string;
  count: number;
}

/** The label of a facet value in this language (t for catalogue texts). */
function facetLabel(
  facet: Facet,
  value: string,
  sample: LibraryItem | undefined,
  lng: Lng,
  t: (k: string) => string,
) {
  switch (facet) {
    case 'category':
      return value === ''
        ? t('kennisbank.index.noCategory')
        : ((lng === 'en' ? sample?.categoryNameEn : sample?.categoryNameNl) ?? value);
    case 'type':
      return t(`organisations.types.${value}`);
    case 'province':
      return value === '' ? t('kennisbank.index.noProvince') : (sample?.provinceName ?? value);
    case 'edition':
      return value;
    case 'result':
      return t(`kennisbank.results.${value}`);
  }
}

/** The library page: what matches, the filters with their counts, and one page of results with summaries. */
export async function libraryPage(
  deps: Deps & { library: Library },
  input: { filters: LibraryFilters; rawPage: unknown; lng: Lng; t: (k: string) => string },
) {
  const { filters, lng, t } = input;
  const { table, samples } = await deps.library.index();
  const terms = searchTerms(filters.q);
  const hits = terms.length ? await deps.library.search(terms) : null;
  const { items, counts } = applyLibrary(table, hits, filters);
  const page = paginate(items, input.rawPage, LIBRARY_PER_PAGE);
  const summaries = await listSummaries(
    deps.db,
    page.items.map((i) => i.id),
  );
  const facets = FACETS.map((facet) => {
    const options: FacetOption[] = [...counts[facet].entries()]
      .map(([value, count]) => ({
        value,
        count,
        label: facetLabel(facet, value, samples.get(`${facet}:${value}`), lng, t),
      }))
      .filter((o) => o.value !== '')
      .sort((a, b) =>
        facet === 'edition' ? b.value.localeCompare(a.value) : a.label.localeCompare(b.label, lng),
      );
    if (filters[facet] && !options.some((o) => o.value === filters[facet]))
      options.push({
        value: filters[facet],
        count: 0,
        label: facetLabel(facet, filters[facet], undefined, lng, t),
      });
    return { facet, param: FILTER_PARAMS[facet], selected: filters[facet], options };
  });
  const query = new URLSearchParams();
  if (filters.q) query.set('q', filters.q);
  for (const f of FACETS) if (filters[f]) query.set(FILTER_PARAMS[f], filters[f]);
  return {
    filters,
    facets,
    results: page.items.map((i) => ({ ...i, summary: summaries.get(i.id) ?? '' })),
    pagination: page,
    /** The current search as a query string, for the page links. */
    query: query.toString(),
  };
}

/** One answer on a project's page: the edition's label and the answer as every export writes it. */
export interface ProjectAnswer {
  name: string;
  label: string;
  /** 'nl' when a Dutch label stands on an English page (lang="nl"). */
  labelLang: Lng | null;
  text: string;
  /** 'nl' for the makers' own (Dutch) text on an English page. */
  textLang: Lng | null;
}

/**
 * One project's page, with its licence link and what schema.org markup needs: the answers it gave, in its edition's
 * form order under the edition's own labels, as far as they are public (kennisbank.rules.ts: isPublicQuestion) and
 * given. Two queries beyond the project itself (the form and the added answers; the register only for its questions).
 */
export async function projectPage(
  deps: Pick<AppContext, 'db'>,
  input: { entry: LibraryEntry; lng: Lng; t: (key: string) => string },
) {
  const { entry, lng, t } = input;
  const rows = await entryAnswerRows(deps, {
    edition: { id: entry.editionId, blindJudging: false },
    entry,
    lng,
    forJuror: false,
    shown: (q) => isPublicQuestion(q, entry),
  });
  const words = { yes: t('common.yes'), no: t('common.no') };
  const answers: ProjectAnswer[] = rows
    .filter((row) => row.answered)
    .map((row) => ({
      name: row.name,
      label: row.label,
      labelLang: row.labelLang,
      text: answerText(row, words),
      textLang: lng !== 'nl' && (row.type === 'short_text' || row.type === 'long_text') ? 'nl' : null,
    }));
  return { project: entry, licenceUrl: LICENCE_URLS[entry.licence], answers };
}

/** Every published entry as an open-data record (with its summary and licence), newest edition first. */
export async function openData(deps: Deps & { library: Library }): Promise<OpenDataRecord[]> {
  const items = await deps.library.items();
  const summaries = await listSummaries(
    deps.db,
    items.map((i) => i.id),
  );
  return openDataRecords(items, summaries, deps.config.baseUrl.replace(/\/$/, ''));
}
