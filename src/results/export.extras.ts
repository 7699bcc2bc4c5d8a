/**
 * What the exports add to the ranking's numbers (export.columns.ts: ExportExtras), built from the loaded results:
 * the conflicts per entry in the conflict table's own words (jury/conflict.words.ts), and per sheet the juror's
 * comments. In a blind edition the scores export names jurors "Jurylid 1, 2, …" (by juror id), so a file passed
 * around does not tie a score or comment to a person; conflicts keep the name (they say who may score, not what).
 */
import type { TFunction } from 'i18next';
import type { AnswerColumns } from '../entries/question.pages';
import { conflictReasonLines } from '../jury/conflict.words';
import type { Lng } from '../shared/time';
import type { ExportExtras } from './export.columns';
import type { ResultsData } from './results.service';
import { criterionName } from './results.view';

export interface SheetComment {
  jurorId: number;
  entryId: number;
  /** null: the juror's overall motivation. */
  criterionId: number | null;
  text: string;
}

export function exportExtras({
  data,
  comments,
  answers,
  t,
  lng,
}: {
  data: Pick<ResultsData, 'edition' | 'criteria' | 'jurors' | 'entries' | 'conflicts'>;
  comments: readonly SheetComment[];
  /** The entries' answers in form order (question.pages.ts: exportAnswers). */
  answers: AnswerColumns;
  t: TFunction;
  lng: Lng;
}): Required<ExportExtras> {
  const jurorIds = data.jurors.map((juror) => juror.userId);
  const names = new Map(data.jurors.map((juror) => [juror.userId, juror.name]));
  const pseudonyms = new Map(
    [...jurorIds]
      .sort((a, b) => a - b)
      .map((id, index) => [id, t('results.columns.anonymousJuror', { n: index + 1 })]),
  );
  const blind = data.edition.blindJudging;
  const jurorLabel = (jurorId: number) =>
    (blind ? pseudonyms.get(jurorId) : names.get(jurorId)) ?? `#${jurorId}`;

  const conflicts = new Map<number, string[]>();
  for (const { jurorId, entryId } of data.conflicts.notablePairs(
    jurorIds,
    data.entries.map((entry) => entry.id),
  )) {
    const conflict = data.conflicts.get(jurorId, entryId);
    if (!conflict.effective.conflicted) continue;
    const why = conflictReasonLines({ conflict, organisations: data.conflicts.organisations, t, lng });
    const list = conflicts.get(entryId) ?? [];
    // Conflicts name the juror: they are about who may score, not what anyone scored.
    list.push(`${names.get(jurorId) ?? `#${jurorId}`}: ${why.join(' ')}`);
    conflicts.set(entryId, list);
  }

  const order = new Map(data.criteria.map((criterion, index) => [criterion.id, index]));
  const byCriterion = new Map(
    data.criteria.map((criterion) => [criterion.id, criterionName(criterion, lng)]),
  );
  const bySheet = new Map<string, SheetComment[]>();
  for (const comment of comments) {
    if (comment.text.trim() === '') continue;
    const key = `${comment.jurorId}:${comment.entryId}`;
    const list = bySheet.get(key) ?? [];
    list.push(comment);
    bySheet.set(key, list);
  }
  const rank = (c: SheetComment) => (c.criterionId === null ? -1 : (order.get(c.criterionId) ?? 999));
  return {
    answers,
    conflictsOf: (entryId) => (conflicts.get(entryId) ?? []).join('\n'),
    jurorLabel,
    commentsOf: (jurorId, entryId) =>
      (bySheet.get(`${jurorId}:${entryId}`) ?? [])
        .sort((a, b) => rank(a) - rank(b))
        .map((c) =>
          c.criterionId === null
            ? `${t('results.columns.motivation')}: ${c.text}`
            : `${byCriterion.get(c.criterionId) ?? '?'}: ${c.text}`,
        )
        .join('\n'),
  };
}
