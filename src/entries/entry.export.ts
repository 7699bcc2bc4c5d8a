/**
 * The organisers' export of selected entries: a CSV in the results' dialect (export.csv.ts: UTF-8 with BOM, ';' for
 * Dutch readers, every field quoted) with the entry's facts and every answer in form order (answerText), the
 * questions' labels as headers.
 */
import { stringify } from 'csv-stringify/sync';
import type { AppContext } from '../context';
import { listCategories } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import type { Lng } from '../i18n/i18n';
import { pick } from '../i18n/pick';
import { csvDialect, neutralise } from '../results/export.csv';
import { listEntries } from './entry.repo';
import { entryNumber } from './entry.service';
import { answerRows, organisationNamesFor } from './question.pages';
import { listAnswers, listQuestions } from './question.repo';
import { answerText, questionLabel } from './question.rules';
import { listTagsOf } from './tag.repo';

export async function entriesCsv(
  deps: Pick<AppContext, 'db'>,
  input: {
    edition: Edition;
    entryIds: readonly number[];
    lng: Lng;
    t: (key: string, params?: Record<string, unknown>) => string;
  },
): Promise<string> {
  const { t, lng, edition } = input;
  const wanted = new Set(input.entryIds);
  const entries = (await listEntries(deps.db, { editionId: edition.id })).filter((e) => wanted.has(e.id));
  const ids = entries.map((e) => e.id);
  const [questions, answers, tags, categories] = await Promise.all([
    listQuestions(deps.db, edition.id),
    listAnswers(deps.db, ids),
    listTagsOf(deps.db, ids),
    listCategories(deps.db, edition.id),
  ]);
  const names = await organisationNamesFor(deps, questions, answers.values());
  const header = [
    t('entries.fields.number'),
    t('entries.fields.title'),
    t('entries.fields.organisation'),
    t('entries.fields.category'),
    t('entries.fields.status'),
    t('entries.fields.eligibility'),
    t('entries.bulk.tags'),
    ...questions.map((q) => questionLabel(q, lng)),
  ];
  const words = { yes: t('common.yes'), no: t('common.no') };
  const records = entries.map((e) => {
    const category = categories.find((c) => c.id === e.categoryId);
    const rows = answerRows(questions, e, answers.get(e.id) ?? new Map(), { lng, organisationNames: names });
    return [
      entryNumber(edition, e),
      e.title,
      e.organisationName,
      category ? pick(lng, category.nameNl, category.nameEn) : '',
      t(`entries.statuses.${e.status}`),
      t(`entries.eligibilities.${e.eligibility}`),
      (tags.get(e.id) ?? []).join(', '),
      ...rows.map((r) => answerText(r, words)),
    ].map((cell) => neutralise(cell));
  });
  // The results' spreadsheet dialect (export.csv.ts): Dutch Excel reads ';' as the separator, every field quoted.
  return `\uFEFF${stringify([header.map(neutralise), ...records], {
    delimiter: csvDialect(lng).delimiter,
    record_delimiter: '\r\n',
    quoted: true,
    quoted_empty: true,
  })}`;
}
