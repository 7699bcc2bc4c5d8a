/**
 * CSV exports (RFC 4180, UTF-8 with BOM so spreadsheet programs read accents right) in the dialect the reader's
 * spreadsheet opens without an import wizard: Dutch Excel expects ';' between fields and a decimal comma (with ','
 * a Dutch user saw one column and "76.11" as text); English gets ',' and '.'. Every field is quoted.
 */
import { stringify } from 'csv-stringify/sync';
import type { TFunction } from 'i18next';
import type { Lng } from '../shared/time';
import { rankingColumns, scoreColumns, type Column, type ExportExtras } from './export.columns';
import type { ResultsView } from './results.view';

export interface CsvDialect {
  delimiter: ';' | ',';
  decimal: ',' | '.';
}

export function csvDialect(lng: Lng): CsvDialect {
  return lng === 'nl' ? { delimiter: ';', decimal: ',' } : { delimiter: ',', decimal: '.' };
}

/**
 * Entrants write the titles and jurors the comments: a line starting with = + - @, a tab or a carriage return would
 * run as a formula when the file is opened in a spreadsheet (CSV injection). A field can hold several lines, and a
 * spreadsheet reads each, so every such line gets a leading apostrophe, not just the first.
 */
export function neutralise(text: string): string {
  return text.replace(/(^|\r\n|\n|\r)(?=[=+\-@\t\r])/g, "$1'");
}

function toCsv<R>(columns: readonly Column<R>[], rows: readonly R[], dialect: CsvDialect): string {
  const cell = (column: Column<R>, row: R): string => {
    const value = column.value(row);
    if (value === null) return '';
    // Scores are already rounded to 2 decimals; toFixed only writes the trailing zeros.
    if (column.kind === 'score' && typeof value === 'number')
      return value.toFixed(2).replace('.', dialect.decimal);
    return column.kind === 'text' ? neutralise(String(value)) : String(value);
  };
  const records = [
    columns.map((c) => neutralise(c.header)),
    ...rows.map((row) => columns.map((c) => cell(c, row))),
  ];
  return `\uFEFF${stringify(records, {
    delimiter: dialect.delimiter,
    record_delimiter: '\r\n',
    quoted: true,
    quoted_empty: true,
  })}`;
}

/** The ranking, every entry in the ranking (also those nobody scored). */
export function rankingCsv(view: ResultsView, t: TFunction, lng: Lng, extras: ExportExtras = {}): string {
  return toCsv(rankingColumns(view, t, extras), view.rows, csvDialect(lng));
}

/** Every score that counts: one line per juror × entry, the value per criterion, the weighted score, comments. */
export function scoresCsv(view: ResultsView, t: TFunction, lng: Lng, extras: ExportExtras = {}): string {
  return toCsv(scoreColumns(view, t, extras), view.sheets, csvDialect(lng));
}
