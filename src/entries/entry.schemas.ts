import { z } from 'zod';
import { firstString, stringList } from '../http/form-values';
import { parseId } from '../http/ids';
import type { FieldError } from '../shared/result';
import type { AdminEntryFilter } from './entry.pages';
import { BULK_ACTIONS, normaliseTag, SORTS } from './bulk.rules';
import { ELIGIBILITIES, ENTRY_STATUSES, TEXT_LIMITS } from './entry.rules';
import type { EntryDraft } from './entry.types';
import { cleanText, fieldName, parseAnswer } from './question.rules';
import { BUILTIN_FIELDS, type AnswerValue, type BuiltinField, type Question } from './question.types';

/**
 * Reads the entry form: the title, the category, consent and the answer to each of the edition's questions (read
 * and checked by its type, question.rules). A draft may be saved with answers missing, but never with an answer
 * that is wrong for its question (too long, not a number, an option that does not exist …): that is refused (422)
 * with what was typed kept. An original question the form no longer asks keeps the entry's stored text (`current`).
 */
export function parseEntryForm(
  body: Record<string, unknown>,
  input: { questions: readonly Question[]; current: Partial<Record<BuiltinField, string>> },
):
  | { ok: true; draft: EntryDraft; answers: Map<number, AnswerValue | null> }
  | { ok: false; errors: FieldError[]; values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  const title = cleanText(firstString(body.title));
  values.title = title;
  if (title.length > TEXT_LIMITS.title)
    errors.push({ field: 'title', messageKey: 'common.errors.tooLong', params: { max: TEXT_LIMITS.title } });
  const rawCategory = firstString(body.categoryId).trim();
  const category = rawCategory === '' ? null : /^\d{1,9}$/.test(rawCategory) ? Number(rawCategory) : NaN;
  values.categoryId = rawCategory;
  if (Number.isNaN(category))
    errors.push({ field: 'categoryId', messageKey: 'entries.errors.categoryUnknown' });

  const builtins: Partial<Record<BuiltinField, string>> = {};
  for (const f of BUILTIN_FIELDS) builtins[f] = input.current[f] ?? '';
  const answers = new Map<number, AnswerValue | null>();
  for (const q of input.questions) {
    const name = fieldName(q);
    const multi = q.type === 'choice' || q.type === 'organisations';
    const raw = multi ? stringList(body[name]) : [firstString(body[name])];
    values[name] = multi ? raw : raw[0];
    const parsed = parseAnswer(q, raw);
    if (!parsed.ok) {
      errors.push({ field: name, ...parsed.error });
      continue;
    }
    if (q.field) builtins[q.field] = parsed.value === null ? '' : String(parsed.value);
    else answers.set(q.id, parsed.value);
  }
  if (errors.length) return { ok: false, errors, values };
  return {
    ok: true,
    draft: {
      ...(builtins as Record<BuiltinField, string>),
      title,
      categoryId: category,
    },
    answers,
  };
}

export const eligibilitySchema = z.object({
  eligibility: z.preprocess(
    firstString,
    z.enum(['pending', 'eligible', 'ineligible'], { error: 'entries.errors.eligibilityChoose' }),
  ),
  reason: z.preprocess(
    (v) => firstString(v).trim(),
    z.string().max(2000, { error: 'common.errors.tooLong' }),
  ),
});

/**
 * The organisers' list of entries: which edition (`edition`; none or not a number means the current one) and the
 * filters (`status`, `eligibility`, `category`, `organisation`, `tag`, `answer` = "<question id>:<option key>",
 * `complete` = yes/no) and the order (`sort`); anything unknown is left out, so it shows all.
 */
export function parseAdminEntryQuery(query: Record<string, unknown>): {
  editionId: number | undefined;
  filter: AdminEntryFilter;
} {
  return {
    editionId: Number(firstString(query.edition)) || undefined,
    filter: {
      status: ENTRY_STATUSES.find((s) => s === query.status),
      eligibility: ELIGIBILITIES.find((s) => s === query.eligibility),
      categoryId: Number(firstString(query.category)) || undefined,
      organisationId: Number(firstString(query.organisation)) || undefined,
      tag: normaliseTag(firstString(query.tag)) ?? undefined,
      answer: answerFilter(firstString(query.answer)),
      complete: query.complete === 'yes' ? true : query.complete === 'no' ? false : undefined,
      sort: SORTS.find((s) => s === query.sort),
    },
  };
}

function answerFilter(text: string): { questionId: number; key: string } | undefined {
  const match = /^(\d{1,9}):(o\d{1,3})$/.exec(text);
  return match ? { questionId: Number(match[1]), key: match[2]! } : undefined;
}

/**
 * The bulk form on the organisers' list: which edition, which entries (checkboxes `entryIds`), which action, and
 * its reason or tag. Ids that are not numbers are kept out of `entryIds` and flagged (`malformedIds`: the route refuses
 * the selection); the service checks that each number is an entry of the edition.
 */
export function parseBulkForm(body: Record<string, unknown>) {
  const posted = stringList(body.entryIds);
  const entryIds = posted.filter((v) => /^\d{1,9}$/.test(v)).map(Number);
  return {
    editionId: parseId(firstString(body.edition)) ?? 0,
    entryIds,
    malformedIds: entryIds.length !== posted.length,
    action: BULK_ACTIONS.find((a) => a === firstString(body.action)),
    reason: cleanText(firstString(body.reason)),
    newTag: cleanText(firstString(body.newTag)),
  };
}
