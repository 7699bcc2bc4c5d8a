/**
 * The columns of the results exports, shared by the CSV and the XLSX so both list the same things in the same
 * order. Cells hold the ResultsView's numbers as they are (already rounded for display); each format only
 * writes them down.
 */
import type { TFunction } from 'i18next';
import type { AnswerColumns } from '../entries/question.pages';
import { AGGREGATIONS } from './results.types';
import type { ResultsView, ResultsViewRow, ScoreSheetView } from './results.view';

export type CellKind = 'score' | 'integer' | 'text';

export interface Column<R> {
  header: string;
  kind: CellKind;
  value: (row: R) => number | string | null;
}

/**
 * What the exports add to the view's numbers, from the same records the pages read: the conflicts per entry in the
 * conflict table's own words, and per sheet the juror as the export names them (a pseudonym in a blind edition) and
 * their comments. Optional, so a caller with only the view still gets the numbers.
 */
export interface ExportExtras {
  /** "Anna Aalders: Werkgever: Gemeente X is de inzender." lines for an entry; '' without conflicts. */
  conflictsOf?: (entryId: number) => string;
  jurorLabel?: (jurorId: number) => string;
  /** The juror's motivation and comments on a sheet, one per line; '' without. */
  commentsOf?: (jurorId: number, entryId: number) => string;
  /**
   * The edition's questions (labels in form order) and each entry's answers as text (question.rules.ts: answerText),
   * one column per question after the ranking's own columns.
   */
  answers?: AnswerColumns;
}

export function rankingColumns(
  view: ResultsView,
  t: TFunction,
  extras: ExportExtras = {},
): Column<ResultsViewRow>[] {
  const { conflictsOf, answers } = extras;
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
      header: t('results.columns.status'),
      kind: 'text',
      value: (r) =>
        r.ranked
          ? ''
          : r.tooFewScores
            ? t('results.ranking.tooFewScores', { n: r.n, min: view.minScores })
            : t('results.ranking.notScored'),
    },
    {
      header: t('results.columns.nomination'),
      kind: 'text',
      value: (r) => (r.nomination ? t(`results.nominationKinds.${r.nomination}`) : ''),
    },
    ...(conflictsOf
      ? [
          {
            header: t('results.columns.conflictReasons'),
            kind: 'text',
            value: (r) => conflictsOf(r.entry.id),
          } satisfies Column<ResultsViewRow>,
        ]
      : []),
    ...(answers?.labels ?? []).map((label, index): Column<ResultsViewRow> => ({
      header: label,
      kind: 'text',
      value: (r) => answers?.of(r.entry.id)[index] ?? '',
    })),
  ];
}

export function scoreColumns(
  view: ResultsView,
  t: TFunction,
  extras: ExportExtras = {},
): Column<ScoreSheetView>[] {
  const { jurorLabel, commentsOf } = extras;
  return [
    { header: t('results.columns.number'), kind: 'text', value: (s) => s.entry.numberLabel },
    { header: t('results.columns.title'), kind: 'text', value: (s) => s.entry.title },
    {
      header: t('results.columns.juror'),
      kind: 'text',
      value: (s) => (jurorLabel ? jurorLabel(s.jurorId) : s.jurorName),
    },
    ...view.criteria.map((c, index): Column<ScoreSheetView> => ({
      header: c.name,
      kind: 'integer',
      value: (s) => s.values[index] ?? null,
    })),
    { header: t('results.columns.weighted'), kind: 'score', value: (s) => s.score },
    ...(commentsOf
      ? [
          {
            header: t('results.columns.comments'),
            kind: 'text',
            value: (s) => commentsOf(s.jurorId, s.entry.id),
          } satisfies Column<ScoreSheetView>,
        ]
      : []),
  ];
}
