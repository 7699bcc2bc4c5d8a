/** CSV exports (RFC 4180, UTF-8 with BOM so spreadsheet programs read accents right, '.' as decimal point). */
import { stringify } from 'csv-stringify/sync';
import type { TFunction } from 'i18next';
import { rankingColumns, scoreColumns, type Column } from './export.columns';
import type { ResultsView } from './results.view';

/**
 * Entrants write the titles: a cell starting with = + - @ would run as a formula when the file is opened in a
 * spreadsheet (CSV injection), so such text gets a leading apostrophe.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function toCsv<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  const cell = (column: Column<R>, row: R): string => {
    const value = column.value(row);
    if (value === null) return '';
    // Scores are already rounded to 2 decimals; toFixed only writes the trailing zeros.
    if (column.kind === 'score' && typeof value === 'number') return value.toFixed(2);
    return column.kind === 'text' ? neutralise(String(value)) : String(value);
  };
  const records = [columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => cell(c, row)))];
  return `\uFEFF${stringify(records, { record_delimiter: '\r\n' })}`;
}

/** The ranking, every entry in the ranking (also those nobody scored). */
export function rankingCsv(view: ResultsView, t: TFunction): string {
  return toCsv(rankingColumns(view, t), view.rows);
}

/** Every score that counts: one line per juror × entry, the value per criterion and the weighted score. */
export function scoresCsv(view: ResultsView, t: TFunction): string {
  return toCsv(scoreColumns(view, t), view.sheets);
}
