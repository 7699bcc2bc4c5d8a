/**
 * The columns of the results exports, shared by the CSV and the XLSX so both list the same things in the same
 * order. Cells hold the ResultsView's numbers as they are (already rounded for display); each format only
 * writes them down.
 */
import type { TFunction } from 'i18next';
import { AGGREGATIONS } from './results.types';
import type { ResultsView, ResultsViewRow, ScoreSheetView } from './results.view';

export type CellKind = 'score' | 'integer' | 'text';

export interface Column<R> {
  header: string;
  kind: CellKind;
  value: (row: R) => number | string | null;
}

export function rankingColumns(view: ResultsView, t: TFunction): Column<ResultsViewRow>[] {
  return [
    { header: t('results.columns.rank'), kind: 'integer', value: (r) => r.rank },
    { header: t('results.columns.number'), kind: 'text', value: (r) => r.entry.numberLabel },
    { header: t('results.columns.title'), kind: 'text', value: (r) => r.entry.title },
    { header: t('results.columns.organisation'), kind: 'text', value: (r) => r.entry.organisationName },
    {
      header: t('results.columns.score', { aggregation: t(`results.aggregations.${view.aggregation}`) }),
      kind: 'score',
      value: (r) => r.score,
    },
    ...AGGREGATIONS.flatMap((a): Column<ResultsViewRow>[] => [
      {
        header: t(`results.aggregations.${a}`),
        kind: 'score',
        value: (r) => r.byAggregation?.[a].score ?? null,
      },
      {
        header: t('results.columns.rankUnder', { aggregation: t(`results.aggregations.${a}`) }),
        kind: 'integer',
        value: (r) => r.byAggregation?.[a].rank ?? null,
      },
    ]),
    { header: t('results.columns.n'), kind: 'integer', value: (r) => r.n },
    { header: t('results.columns.sd'), kind: 'score', value: (r) => r.sd },
    { header: t('results.columns.firstPlaces'), kind: 'integer', value: (r) => r.firstPlaces },
    { header: t('results.columns.abstained'), kind: 'integer', value: (r) => r.abstained },
    { header: t('results.columns.conflicts'), kind: 'integer', value: (r) => r.conflictedJurors },
    ...view.criteria.map((c, index): Column<ResultsViewRow> => ({
      header: t('results.columns.criterionMean', { criterion: c.name }),
      kind: 'score',
      value: (r) => r.criteria[index]?.mean ?? null,
    })),
    { header: t('results.columns.tie'), kind: 'text', value: (r) => r.tieNote ?? '' },
    {
      header: t('results.columns.nomination'),
      kind: 'text',
      value: (r) => (r.nomination ? t(`results.nominationKinds.${r.nomination}`) : ''),
    },
  ];
}

export function scoreColumns(view: ResultsView, t: TFunction): Column<ScoreSheetView>[] {
  return [
    { header: t('results.columns.number'), kind: 'text', value: (s) => s.entry.numberLabel },
    { header: t('results.columns.title'), kind: 'text', value: (s) => s.entry.title },
    { header: t('results.columns.juror'), kind: 'text', value: (s) => s.jurorName },
    ...view.criteria.map((c, index): Column<ScoreSheetView> => ({
      header: c.name,
      kind: 'integer',
      value: (s) => s.values[index] ?? null,
    })),
    { header: t('results.columns.weighted'), kind: 'score', value: (s) => s.score },
  ];
}
