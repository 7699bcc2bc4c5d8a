import { z } from 'zod';
import { checkbox, firstString } from '../http/form-values';
import type { FieldError } from '../shared/result';
import type { AdminEntryFilter } from './entry.pages';
import {
  countWords,
  ELIGIBILITIES,
  ENTRY_STATUSES,
  FORM_ORDER,
  SUMMARY_MAX_WORDS,
  TEXT_LIMITS,
  type EntryTextField,
} from './entry.rules';
import type { EntryDraft } from './entry.types';

const FORM_TEXT_FIELDS = Object.keys(TEXT_LIMITS) as EntryTextField[];

const clean = (v: unknown) =>
  firstString(v)
    .normalize('NFC')
    // Control characters other than tab and newline have no place in a text and break exports.
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/\r\n?/g, '\n')
    .trim();

/**
 * Reads the entry form. A draft may be saved with empty fields, but never with text over its limit or a summary
 * over 100 words: those are refused (422) with the text kept, so nothing the user typed is lost.
 */
export function parseEntryForm(
  body: Record<string, unknown>,
): { ok: true; draft: EntryDraft } | { ok: false; errors: FieldError[]; values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const f of FORM_TEXT_FIELDS) {
    const v = clean(body[f]);
    values[f] = v;
    if (v.length > TEXT_LIMITS[f])
      errors.push({ field: f, messageKey: 'common.errors.tooLong', params: { max: TEXT_LIMITS[f] } });
  }
  const words = countWords(String(values.summary));
  if (words > SUMMARY_MAX_WORDS && !errors.some((e) => e.field === 'summary')) {
    errors.push({
      field: 'summary',
      messageKey: 'entries.errors.tooManyWords',
      params: { max: SUMMARY_MAX_WORDS, count: words },
    });
  }
  const rawCategory = firstString(body.categoryId).trim();
  const category = rawCategory === '' ? null : /^\d{1,9}$/.test(rawCategory) ? Number(rawCategory) : NaN;
  values.categoryId = rawCategory;
  if (Number.isNaN(category))
    errors.push({ field: 'categoryId', messageKey: 'entries.errors.categoryUnknown' });
  values.consentPublish = checkbox(body.consentPublish);
  if (errors.length) return { ok: false, errors: sortByForm(errors), values };
  const text = Object.fromEntries(FORM_TEXT_FIELDS.map((f) => [f, String(values[f])])) as Record<
    EntryTextField,
    string
  >;
  return {
    ok: true,
    draft: {
      ...text,
      categoryId: category,
      consentPublish: Boolean(values.consentPublish),
    },
  };
}

const order = (field: string) => (FORM_ORDER as readonly string[]).indexOf(field);
function sortByForm(errors: FieldError[]): FieldError[] {
  return [...errors].sort((a, b) => order(a.field) - order(b.field));
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
 * filters (`status`, `eligibility`, `category`, `organisation`); anything unknown is left out, so it shows all.
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
    },
  };
}
