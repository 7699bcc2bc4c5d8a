/**
 * The XLSX workbook for organisers: ranking, scores, entries, jurors and conflicts, one sheet each. Scores are
 * numbers (format 0.00), so a spreadsheet can calculate with them and shows what the page shows.
 */
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import type { TFunction } from 'i18next';
import { rankingColumns, scoreColumns, type Column, type ExportExtras } from './export.columns';
import { conflictReasonLines } from '../jury/conflict.words';
import type { Lng } from '../shared/time';
import type { ResultsData } from './results.service';
import type { ResultsView } from './results.view';

function addSheet<R>(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: readonly Column<R>[],
  rows: readonly R[],
): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({
    header: column.header,
    width: column.kind === 'text' ? 32 : 12,
    style: column.kind === 'score' ? { numFmt: '0.00' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  // Each row is written out as soon as it is added: the scores sheet alone has a row per juror × entry.
  for (const row of rows) sheet.addRow(columns.map((column) => column.value(row))).commit();
  sheet.commit();
}

interface JurorRow {
  name: string;
  jobTitle: string;
  employer: string;
  scores: number;
}

interface ConflictRow {
  juror: string;
  number: string;
  title: string;
  state: string;
  source: string;
  reason: string;
}

export async function resultsWorkbook({
  view,
  data,
  t,
  extras,
  lng,
}: {
  view: ResultsView;
  data: ResultsData;
  t: TFunction;
  lng: Lng;
  /** Conflicts in the conflict table's words, comments per sheet, juror names or pseudonyms (export.extras.ts). */
  extras: Required<ExportExtras>;
}): Promise<Buffer> {
  // The streaming writer keeps only the rows not yet written: the whole workbook as objects (the plain Workbook)
  // took over 100 MB for 500 entries × 25 jurors. The zipped result is small and is collected for the route.
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  workbook.creator = t('common.appName');
  workbook.title = `${data.edition.name}: ${t('results.title')}`;

  addSheet(
    workbook,
    t('results.sheets.ranking'),
    rankingColumns(view, t, { conflictsOf: extras.conflictsOf, answers: extras.answers }),
    view.rows,
  );
  addSheet(workbook, t('results.sheets.scores'), scoreColumns(view, t, extras), view.sheets);

  const entryColumns: Column<ResultsView['rows'][number]>[] = [
    { header: t('results.columns.number'), kind: 'text', value: (r) => r.entry.numberLabel },
    { header: t('results.columns.title'), kind: 'text', value: (r) => r.entry.title },
    { header: t('results.columns.organisation'), kind: 'text', value: (r) => r.entry.organisationName },
    { header: t('results.columns.summary'), kind: 'text', value: (r) => r.entry.summary },
    {
      header: t('results.columns.nomination'),
      kind: 'text',
      value: (r) => (r.nomination ? t(`results.nominationKinds.${r.nomination}`) : ''),
    },
    { header: t('results.columns.note'), kind: 'text', value: (r) => r.note },
  ];
  const byNumber = [...view.rows].sort((a, b) => a.entry.numberLabel.localeCompare(b.entry.numberLabel));
  addSheet(workbook, t('results.sheets.entries'), entryColumns, byNumber);

  const counted = new Map<number, number>();
  for (const sheet of view.sheets) counted.set(sheet.jurorId, (counted.get(sheet.jurorId) ?? 0) + 1);
  const jurorColumns: Column<JurorRow>[] = [
    { header: t('results.columns.juror'), kind: 'text', value: (r) => r.name },
    { header: t('results.columns.jobTitle'), kind: 'text', value: (r) => r.jobTitle },
    { header: t('results.columns.employer'), kind: 'text', value: (r) => r.employer },
    { header: t('results.columns.n'), kind: 'integer', value: (r) => r.scores },
  ];
  addSheet(
    workbook,
    t('results.sheets.jurors'),
    jurorColumns,
    data.jurors.map((j) => ({
      name: j.name,
      jobTitle: j.jobTitle,
      employer:
        (j.employerId !== null ? data.conflicts.organisations.get(j.employerId)?.name : null) ??
        j.employerName,
      scores: counted.get(j.userId) ?? 0,
    })),
  );

  const jurorName = new Map(data.jurors.map((j) => [j.userId, j.name]));
  const entryById = new Map(data.entries.map((e) => [e.id, e]));
  const conflictRows: ConflictRow[] = data.conflicts
    .notablePairs(
      data.jurors.map((j) => j.userId),
      data.entries.map((e) => e.id),
    )
    .map(({ jurorId, entryId }) => {
      const pair = data.conflicts.get(jurorId, entryId);
      const entry = entryById.get(entryId);
      // The conflict table's own sentences (jury/conflict.words.ts): a board seat is never "works at".
      const reason = conflictReasonLines({
        conflict: pair,
        organisations: data.conflicts.organisations,
        t,
        lng,
      }).join('\n');
      return {
        juror: jurorName.get(jurorId) ?? `#${jurorId}`,
        number: entry?.numberLabel ?? '',
        title: entry?.title ?? '',
        state: t(
          pair.effective.conflicted ? 'results.conflictStates.conflict' : 'results.conflictStates.lifted',
        ),
        source: pair.effective.source ? t(`results.conflictSources.${pair.effective.source}`) : '',
        reason,
      };
    });
  const conflictColumns: Column<ConflictRow>[] = [
    { header: t('results.columns.juror'), kind: 'text', value: (r) => r.juror },
    { header: t('results.columns.number'), kind: 'text', value: (r) => r.number },
    { header: t('results.columns.title'), kind: 'text', value: (r) => r.title },
    { header: t('results.columns.conflictState'), kind: 'text', value: (r) => r.state },
    { header: t('results.columns.conflictSource'), kind: 'text', value: (r) => r.source },
    { header: t('results.columns.reason'), kind: 'text', value: (r) => r.reason },
  ];
  addSheet(workbook, t('results.sheets.conflicts'), conflictColumns, conflictRows);

  await Promise.all([workbook.commit(), finished(output)]);
  return Buffer.concat(chunks);
}
