/**
 * The kennisbank as open data: one record per published entry with its licence (CSV and JSON), and an Atom feed
 * of the newest publications. Pure: built from the published items and their summaries; machine-readable field
 * names in English, values as stored (codes), so the files do not change with the visitor's language.
 */
import { stringify } from 'csv-stringify/sync';
import { neutralise } from '../results/export.csv';
import type { LibraryItem } from './kennisbank.repo';
import { LICENCE_URLS } from './publication.types';

export interface OpenDataRecord {
  id: number;
  url: string;
  title: string;
  summary: string;
  organisation: string;
  organisation_type: string;
  province_code: string | null;
  province: string | null;
  edition: number;
  category_code: string | null;
  category: string | null;
  result: string;
  licence: string;
  licence_url: string | null;
  published_at: string;
}

export function openDataRecords(
  items: readonly LibraryItem[],
  summaries: ReadonlyMap<number, string>,
  baseUrl: string,
): OpenDataRecord[] {
  return items.map((i) => ({
    id: i.id,
    url: `${baseUrl}/kennisbank/${i.id}`,
    title: i.title,
    summary: summaries.get(i.id) ?? '',
    organisation: i.organisationName,
    organisation_type: i.organisationType,
    province_code: i.provinceCode,
    province: i.provinceName,
    edition: i.editionYear,
    category_code: i.categoryCode,
    category: i.categoryNameNl,
    result: i.result,
    licence: i.licence,
    licence_url: LICENCE_URLS[i.licence],
    published_at: i.publishedAt.toISOString(),
  }));
}

const CSV_COLUMNS: Array<keyof OpenDataRecord> = [
  'id',
  'url',
  'title',
  'summary',
  'organisation',
  'organisation_type',
  'province_code',
  'province',
  'edition',
  'category_code',
  'category',
  'result',
  'licence',
  'licence_url',
  'published_at',
];

/** RFC 4180 with a BOM; text cells that a spreadsheet would run as a formula get an apostrophe. */
export function openDataCsv(records: readonly OpenDataRecord[]): string {
  const header = CSV_COLUMNS;
  const rows = records.map((r) =>
    header.map((c) => {
      const v = r[c];
      return v === null ? '' : typeof v === 'string' ? neutralise(v) : String(v);
    }),
  );
  return `\uFEFF${stringify([header, ...rows], { record_delimiter: '\r\n' })}`;
}

const xml = (s: string) =>
  s
    // eslint-disable-next-line no-control-regex -- characters XML 1.0 does not allow
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** Atom 1.0: the newest publications first (at most `limit`), each with its licence as `rights`. */
export function atomFeed(input: {
  records: readonly OpenDataRecord[];
  baseUrl: string;
  title: string;
  limit?: number;
}): string {
  const newest = [...input.records]
    .sort((a, b) => b.published_at.localeCompare(a.published_at) || b.id - a.id)
    .slice(0, input.limit ?? 50);
  const updated = newest[0]?.published_at ?? new Date(0).toISOString();
  const entries = newest.map(
    (r) => `  <entry>
    <id>${xml(r.url)}</id>
    <title>${xml(r.title)}</title>
    <link rel="alternate" type="text/html" href="${xml(r.url)}"/>
    <updated>${r.published_at}</updated>
    <published>${r.published_at}</published>
    <author><name>${xml(r.organisation)}</name></author>
    <summary>${xml(r.summary)}</summary>
    <rights>${xml(r.licence_url ?? r.licence)}</rights>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl">
  <id>${xml(input.baseUrl)}/kennisbank</id>
  <title>${xml(input.title)}</title>
  <link rel="self" type="application/atom+xml" href="${xml(input.baseUrl)}/kennisbank/feed.atom"/>
  <link rel="alternate" type="text/html" href="${xml(input.baseUrl)}/kennisbank"/>
  <updated>${updated}</updated>
${entries.join('\n')}
</feed>
`;
}
