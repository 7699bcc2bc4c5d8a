import type { Knex } from 'knex';
import { isPostgres, toDate, toDateOrNull, type Queryable as Db, type Row } from '../db/db';
import type { OrganisationType } from '../organisations/organisation.types';
import type { Licence } from './publication.types';
import { expandsTo, ftsLiteral, type SearchTerm } from './search-terms';

/** How an entry ended in its edition, once announced. */
export const RESULTS = ['winner', 'nominee', 'honourable_mention', 'entered'] as const;
export type LibraryResult = (typeof RESULTS)[number];

/** A published entry as the library's lists, filters and exports need it (no long texts). */
export interface LibraryItem {
  id: number;
  editionYear: number;
  editionName: string;
  title: string;
  organisationId: number;
  organisationName: string;
  organisationType: OrganisationType;
  provinceCode: string | null;
  provinceName: string | null;
  categoryCode: string | null;
  categoryNameNl: string | null;
  categoryNameEn: string | null;
  result: LibraryResult;
  licence: Licence;
  /** The later of the consent and the announcement: when the entry appeared in the library. */
  publishedAt: Date;
}

/**
 * The one definition of "published": an entry that was submitted (not withdrawn), of an edition whose result is
 * announced, with a member's current consent. Every public page, export and feed starts from here.
 */
function published(db: Db): Knex.QueryBuilder {
  return db('entries as e')
    .join('entry_publications as p', 'p.entry_id', 'e.id')
    .join('result_decisions as d', 'd.edition_id', 'e.edition_id')
    .join('editions as ed', 'ed.id', 'e.edition_id')
    .join('organisations as o', 'o.id', 'e.organisation_id')
    .leftJoin('organisations as pv', function () {
      this.on('pv.code', '=', 'o.province_code').andOnVal('pv.type', '=', 'provincie');
    })
    .leftJoin('categories as c', 'c.id', 'e.category_id')
    .leftJoin('nominations as n', 'n.entry_id', 'e.id')
    .where('p.consent', true)
    .whereNotNull('d.announced_at')
    .where('e.status', 'submitted');
}

const ITEM_COLUMNS = [
  'e.id',
  'e.title',
  'e.organisation_id',
  'ed.year',
  'ed.name as edition_name',
  'o.name as organisation_name',
  'o.type as organisation_type',
  'o.code as organisation_code',
  'o.province_code',
  'pv.name as province_name',
  'c.code as category_code',
  'c.name_nl as category_name_nl',
  'c.name_en as category_name_en',
  'n.kind as nomination',
  'd.winner_entry_id',
  'd.announced_at',
  'p.licence',
  'p.consented_at',
];

function toItem(r: Row): LibraryItem {
  const announcedAt = toDate(r.announced_at);
  const consentedAt = toDateOrNull(r.consented_at) ?? announcedAt;
  const isProvince = r.organisation_type === 'provincie';
  return {
    id: Number(r.id),
    editionYear: Number(r.year),
    editionName: String(r.edition_name),
    title: String(r.title ?? ''),
    organisationId: Number(r.organisation_id),
    organisationName: String(r.organisation_name),
    organisationType: r.organisation_type as OrganisationType,
    provinceCode: isProvince
      ? ((r.organisation_code as string | null) ?? null)
      : ((r.province_code as string | null) ?? null),
    provinceName: isProvince ? String(r.organisation_name) : ((r.province_name as string | null) ?? null),
    categoryCode: (r.category_code as string | null) ?? null,
    categoryNameNl: (r.category_name_nl as string | null) ?? null,
    categoryNameEn: (r.category_name_en as string | null) ?? null,
    result:
      Number(r.winner_entry_id) === Number(r.id)
        ? 'winner'
        : r.nomination === 'nominee'
          ? 'nominee'
          : r.nomination === 'honourable_mention'
            ? 'honourable_mention'
            : 'entered',
    licence: r.licence as Licence,
    publishedAt: consentedAt > announcedAt ? consentedAt : announcedAt,
  };
}

/** Every published entry, newest edition first, then by title. */
export async function listLibraryItems(db: Db): Promise<LibraryItem[]> {
  const rows: Row[] = await published(db)
    .select(ITEM_COLUMNS)
    .orderBy([{ column: 'ed.year', order: 'desc' }, { column: 'e.title' }, { column: 'e.id' }]);
  return rows.map(toItem);
}

/** The summaries of these entries (only the page's few are read; the list itself carries no long text). */
export async function listSummaries(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows: Row[] = await db('entries').whereIn('id', ids).select('id', 'summary');
  return new Map(rows.map((r) => [Number(r.id), String(r.summary ?? '')]));
}

/** A full-text hit: the entry, whether its title matched, and the database's relevance (higher is better). */
export interface SearchHit {
  id: number;
  titleHit: boolean;
  score: number;
}

/**
 * The SQL for PostgreSQL's search vector; identical to the index expression of migration 20261207150300, or the
 * index is not used.
 */
const BODY_COLUMNS = [
  'summary',
  'problem',
  'innovation',
  'results_efficiency',
  'results_effectiveness',
  'transferability',
];
const SEARCH_VECTOR =
  `setweight(to_tsvector('dutch', coalesce(title, '')), 'A') || ` +
  `setweight(to_tsvector('dutch', ${BODY_COLUMNS.map((c) => `coalesce(${c}, '')`).join(` || ' ' || `)}), 'B')`;

/**
 * SQLite: the indexed words (folded) that count as hits for a term, read from the FTS5 vocabulary: those sharing
 * its Snowball stem. At most 200, the commonest spellings first being no concern (a stem rarely has more than ten).
 */
export async function indexedWordsFor(db: Db, term: SearchTerm): Promise<string[]> {
  const candidates: Row[] = await db('kennisbank_vocab')
    .where('term', '>=', term.prefix)
    .andWhere('term', '<', term.prefix + '\uffff')
    .select('term')
    .limit(2000);
  return candidates
    .map((c) => String(c.term))
    .filter((w) => expandsTo(term, w))
    .slice(0, 200);
}

/**
 * Entries (any; the caller keeps the published ones) holding every term, title hits first. PostgreSQL: the 'dutch'
 * configuration on both sides. SQLite: each term becomes the indexed words that share its Snowball stem (`wordsFor`,
 * which a caller may keep per process), so both dialects find the same entries.
 */
export async function searchEntries(
  db: Db,
  terms: readonly SearchTerm[],
  wordsFor: (term: SearchTerm) => Promise<string[]> = (term) => indexedWordsFor(db, term),
): Promise<SearchHit[]> {
  if (terms.length === 0) return [];
  if (isPostgres(db)) {
    const rows: Row[] = (
      await db.raw(
        `select id, (to_tsvector('dutch', coalesce(title, '')) @@ q) as title_hit, ts_rank(${SEARCH_VECTOR}, q) as score
           from entries, plainto_tsquery('dutch', ?) q
          where (${SEARCH_VECTOR}) @@ q`,
        [terms.map((t) => t.word).join(' ')],
      )
    ).rows;
    return rows.map((r) => ({ id: Number(r.id), titleHit: Boolean(r.title_hit), score: Number(r.score) }));
  }
  const groups: string[] = [];
  for (const term of terms) {
    const words = await wordsFor(term);
    if (words.length === 0) return [];
    groups.push(`(${words.map(ftsLiteral).join(' OR ')})`);
  }
  const match = groups.join(' AND ');
  const rows: Row[] = await db.raw(
    `select rowid as id, -bm25(kennisbank_fts, 10.0, 1.0) as score,
            rowid in (select rowid from kennisbank_fts where kennisbank_fts match ?) as title_hit
       from kennisbank_fts where kennisbank_fts match ?`,
    [`{title} : (${match})`, match],
  );
  return rows.map((r) => ({ id: Number(r.id), titleHit: Boolean(r.title_hit), score: Number(r.score) }));
}

/** A published entry in full, for its project page (the answers to added questions are read by its page). */
export interface LibraryEntry extends LibraryItem {
  /** The edition whose form the answers follow. */
  editionId: number;
  summary: string;
  problem: string;
  innovation: string;
  resultsEfficiency: string;
  resultsEffectiveness: string;
  transferability: string;
  showContact: boolean;
  contactName: string;
  partners: Array<{ id: number; name: string }>;
  publicAttachments: Array<{ id: number; originalName: string; fileType: string; sizeBytes: number }>;
}

export async function findLibraryEntry(db: Db, id: number): Promise<LibraryEntry | undefined> {
  const row: Row | undefined = await published(db)
    .where('e.id', id)
    .select([
      ...ITEM_COLUMNS,
      'e.edition_id',
      'e.summary',
      'e.problem',
      'e.innovation',
      'e.results_efficiency',
      'e.results_effectiveness',
      'e.transferability',
      'e.contact_name',
      'p.show_contact',
    ])
    .first();
  if (!row) return undefined;
  const [partners, attachments] = await Promise.all([
    db('entry_partners as ep')
      .join('organisations as o', 'o.id', 'ep.organisation_id')
      .where('ep.entry_id', id)
      .select('o.id', 'o.name')
      .orderBy('o.name') as Promise<Row[]>,
    db('publication_attachments as pa')
      .join('attachments as a', 'a.id', 'pa.attachment_id')
      .where('pa.entry_id', id)
      .where('a.entry_id', id)
      .select('a.id', 'a.original_name', 'a.file_type', 'a.size_bytes')
      .orderBy('a.id') as Promise<Row[]>,
  ]);
  const text = (c: string) => String(row[c] ?? '');
  return {
    ...toItem(row),
    editionId: Number(row.edition_id),
    summary: text('summary'),
    problem: text('problem'),
    innovation: text('innovation'),
    resultsEfficiency: text('results_efficiency'),
    resultsEffectiveness: text('results_effectiveness'),
    transferability: text('transferability'),
    showContact: Boolean(row.show_contact),
    contactName: text('contact_name'),
    partners: partners.map((p) => ({ id: Number(p.id), name: String(p.name) })),
    publicAttachments: attachments.map((a) => ({
      id: Number(a.id),
      originalName: String(a.original_name),
      fileType: String(a.file_type),
      sizeBytes: Number(a.size_bytes),
    })),
  };
}

/** Whether the result of an edition is announced (a consent given earlier takes effect then). */
export async function isAnnounced(db: Db, editionId: number): Promise<boolean> {
  const row: Row | undefined = await db('result_decisions')
    .where({ edition_id: editionId })
    .whereNotNull('announced_at')
    .first('edition_id');
  return Boolean(row);
}
