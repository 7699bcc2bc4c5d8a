import { z } from 'zod';
import { checkbox, firstString, indexedRows, stringList } from '../http/form-values';
import type { FieldError } from '../shared/result';
import { AGGREGATIONS, type Aggregation, type TieBreakRule } from '../results/results.types';
import { parseLocalDateTime } from '../shared/time';
import { validateScale } from './criteria';
import {
  ATTACHMENT_TYPES,
  CRITERION_TEXTS,
  ORGANISATION_TYPES,
  type CategoryFormRow,
  type CriterionFormRow,
  type EditionSettings,
} from './edition.types';

const text = (max: number, required?: string) =>
  z.preprocess(
    (v) => firstString(v).replace(/\r\n/g, '\n').trim(),
    z
      .string()
      .min(required ? 1 : 0, { error: required ?? 'common.errors.required' })
      .max(max, { error: 'common.errors.tooLong' }),
  );

const wholeNumber = (min: number, max: number, key: string) =>
  z.preprocess(
    (v) => {
      const s = firstString(v).trim().replace(/[.\s]/g, '');
      return s === '' ? Number.NaN : Number(s);
    },
    z.number({ error: key }).int({ error: key }).min(min, { error: key }).max(max, { error: key }),
  );

/** Empty is allowed (a concept may have no dates yet); anything else must be a real Amsterdam date-time. */
const localDateTime = z.preprocess(
  (v) => {
    const s = firstString(v).trim();
    if (s === '') return null;
    return parseLocalDateTime(s) ?? 'invalid';
  },
  z.union([z.null(), z.date()], { error: 'editions.errors.dateInvalid' }),
);

const listOf = <T extends readonly [string, ...string[]]>(values: T, min: number, key: string) =>
  z.preprocess(stringList, z.array(z.enum(values, { error: key })).min(min, { error: key }));

function tieBreakRule(value: string): TieBreakRule | null | 'invalid' {
  if (value === '') return null;
  if (value === 'firstPlaces') return { kind: 'firstPlaces' };
  const m = /^criterion:(\d{1,9})$/.exec(value);
  return m ? { kind: 'criterion', criterionId: Number(m[1]) } : 'invalid';
}

/** The most final scores an entry can be asked to have: more than any jury this prize has seated. */
export const MIN_SCORES_MAX = 50;

/** A field the form did not send (or left empty) keeps its stored value: null here. */
const keptOr = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (v) => {
      const s = firstString(v).trim();
      return s === '' ? null : s;
    },
    z.union([z.null(), schema]),
  );

export const editionFormSchema = z
  .object({
    name: text(200, 'editions.errors.nameRequired'),
    year: wholeNumber(2000, 2100, 'editions.errors.yearInvalid'),
    introNl: text(5000),
    introEn: text(5000),
    rulesNl: text(20000),
    rulesEn: text(20000),
    prizeAmount: wholeNumber(0, 1_000_000, 'editions.errors.prizeInvalid'),
    opensAt: localDateTime,
    closesAt: localDateTime,
    scoringDeadline: localDateTime,
    conferenceAt: localDateTime,
    conferencePlace: text(200),
    scaleMin: wholeNumber(0, 100, 'editions.criteria.errors.scale_not_integer'),
    scaleMax: wholeNumber(0, 100, 'editions.criteria.errors.scale_not_integer'),
    maxFiles: wholeNumber(0, 20, 'editions.errors.maxFilesInvalid'),
    maxFileMb: wholeNumber(1, 50, 'editions.errors.maxFileMbInvalid'),
    allowedTypes: listOf(ATTACHMENT_TYPES, 1, 'editions.errors.allowedTypesRequired'),
    eligibleTypes: listOf(ORGANISATION_TYPES, 1, 'editions.errors.eligibleTypesRequired'),
    multipleEntriesPerOrg: z.preprocess(checkbox, z.boolean()),
    blindJudging: z.preprocess(checkbox, z.boolean()),
    tieBreak1: z.preprocess(
      (v) => tieBreakRule(firstString(v)),
      z.union([z.null(), z.custom<TieBreakRule>((v) => typeof v === 'object')], {
        error: 'editions.errors.tieBreakInvalid',
      }),
    ),
    tieBreak2: z.preprocess(
      (v) => tieBreakRule(firstString(v)),
      z.union([z.null(), z.custom<TieBreakRule>((v) => typeof v === 'object')], {
        error: 'editions.errors.tieBreakInvalid',
      }),
    ),
    aggregation: keptOr(
      z.enum(AGGREGATIONS as unknown as [Aggregation, ...Aggregation[]], {
        error: 'editions.errors.aggregationInvalid',
      }),
    ),
    minScores: keptOr(
      z.coerce
        .number({ error: 'editions.errors.minScoresInvalid' })
        .int({ error: 'editions.errors.minScoresInvalid' })
        .min(1, { error: 'editions.errors.minScoresInvalid' })
        .max(MIN_SCORES_MAX, { error: 'editions.errors.minScoresInvalid' }),
    ),
    rulesChangeReason: text(2000),
  })
  .superRefine((v, ctx) => {
    if (v.opensAt && v.closesAt && v.closesAt.getTime() <= v.opensAt.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'editions.errors.closesBeforeOpens' });
    }
    if (v.closesAt && v.scoringDeadline && v.scoringDeadline.getTime() <= v.closesAt.getTime()) {
      ctx.addIssue({
        code: 'custom',
        path: ['scoringDeadline'],
        message: 'editions.errors.scoringBeforeClose',
      });
    }
    const scale = validateScale({ min: v.scaleMin, max: v.scaleMax });
    if (!scale.ok)
      ctx.addIssue({
        code: 'custom',
        path: ['scaleMax'],
        message: `editions.criteria.errors.${scale.error}`,
      });
    if (v.tieBreak1 && v.tieBreak2 && JSON.stringify(v.tieBreak1) === JSON.stringify(v.tieBreak2)) {
      ctx.addIssue({ code: 'custom', path: ['tieBreak2'], message: 'editions.errors.tieBreakTwice' });
    }
  });

export type EditionForm = z.output<typeof editionFormSchema>;

/** The settings as posted; a null aggregation or minimum keeps the stored one (the default for a new edition). */
export type PostedSettings = Omit<EditionSettings, 'aggregation' | 'minScores'> & {
  aggregation: Aggregation | null;
  minScores: number | null;
};

export function formToSettings(f: EditionForm): PostedSettings {
  const { prizeAmount, tieBreak1, tieBreak2, rulesChangeReason: _reason, ...rest } = f;
  return {
    ...rest,
    prizeAmountCents: prizeAmount * 100,
    tieBreak: [tieBreak1, tieBreak2].filter((r): r is TieBreakRule => r !== null),
  };
}

export const phaseMoveSchema = z.object({
  to: text(20, 'editions.phase.errors.unknown_phase'),
  reason: text(2000),
  closesAt: localDateTime,
});

/** What the low, middle and high score of a criterion mean, in both languages. */
const ANCHOR_FIELDS = CRITERION_TEXTS.filter((f) => f.startsWith('anchor'));

export const CRITERION_FIELDS = [
  'id',
  'nameNl',
  'nameEn',
  'descriptionNl',
  'descriptionEn',
  'weight',
  ...ANCHOR_FIELDS,
] as const;
export type CriterionRow = Record<(typeof CRITERION_FIELDS)[number], string> & { index: number };

export const CATEGORY_FIELDS = ['id', 'nameNl', 'nameEn'] as const;
export type CategoryRow = Record<(typeof CATEGORY_FIELDS)[number], string> & { index: number };

/** Field errors for criteria rows: one per row field, addressed by the input's id (e.g. "nameNl_2"). */
export function criterionRowErrors(row: CriterionRow, options: { nameSent: boolean }): FieldError[] {
  const errors: FieldError[] = [];
  if (options.nameSent && !row.nameNl)
    errors.push({ field: `nameNl_${row.index}`, messageKey: 'editions.criteria.errors.nameRequired' });
  if (row.nameNl.length > 120 || row.nameEn.length > 120)
    errors.push({ field: `nameNl_${row.index}`, messageKey: 'common.errors.tooLong', params: { max: 120 } });
  if (!/^\d{1,3}$/.test(row.weight))
    errors.push({ field: `weight_${row.index}`, messageKey: 'editions.criteria.errors.weight_not_integer' });
  for (const f of ['descriptionNl', 'descriptionEn'] as const) {
    if (row[f].length > 2000)
      errors.push({ field: `${f}_${row.index}`, messageKey: 'common.errors.tooLong', params: { max: 2000 } });
  }
  for (const f of ANCHOR_FIELDS) {
    if (row[f].length > 300)
      errors.push({ field: `${f}_${row.index}`, messageKey: 'common.errors.tooLong', params: { max: 300 } });
  }
  return errors;
}

/** Raw posted values of the edition form (and the phase form), kept as typed so a re-render loses nothing. */
export function keptEditionValues(body: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body))
    values[k] = k === 'allowedTypes' || k === 'eligibleTypes' ? stringList(v) : firstString(v);
  values.multipleEntriesPerOrg = 'multipleEntriesPerOrg' in body;
  values.blindJudging = 'blindJudging' in body;
  return values;
}

/** Rows a criteria or categories form may hold. */
const MAX_ROWS = 30;

const idsToRemove = (body: Record<string, unknown>) =>
  stringList(body.remove).map(Number).filter(Number.isSafeInteger);

/**
 * The criteria form as posted: its rows (to show again), the ids ticked for removal, the reason, the errors of the
 * rows themselves, and the rows as the service takes them. A field the form did not send for a stored criterion is
 * left out, so it keeps its stored value (the locked form sends only the weights).
 */
export function parseCriteriaForm(body: Record<string, unknown>) {
  // A blank row (no name, no weight) is the empty slot for a new criterion, not an error.
  const rows = indexedRows(body, CRITERION_FIELDS, MAX_ROWS).filter((r) => r.id || r.nameNl || r.weight);
  const removeIds = idsToRemove(body);
  const reason = firstString(body.reason).trim().slice(0, 2000);
  const sent = (r: CriterionRow, field: string) => !r.id || `${field}_${r.index}` in body;
  const errors = rows
    .filter((r) => !removeIds.includes(Number(r.id)))
    .flatMap((r) => criterionRowErrors(r, { nameSent: sent(r, 'nameNl') }));
  const input = rows.map((r): CriterionFormRow => ({
    id: r.id ? Number(r.id) : null,
    weight: Number(r.weight),
    ...Object.fromEntries(CRITERION_TEXTS.filter((f) => sent(r, f)).map((f) => [f, r[f]])),
  }));
  return { rows, removeIds, reason, errors, input };
}

/** The categories form as posted: its rows (to show again), the ids ticked for removal, errors, the service's rows. */
export function parseCategoriesForm(body: Record<string, unknown>) {
  const rows = indexedRows(body, CATEGORY_FIELDS, MAX_ROWS).filter((r) => r.id || r.nameNl || r.nameEn);
  const removeIds = idsToRemove(body);
  const errors: FieldError[] = rows
    .filter((r) => !removeIds.includes(Number(r.id)))
    .flatMap((r) =>
      !r.nameNl
        ? [{ field: `nameNl_${r.index}`, messageKey: 'editions.categories.errors.nameRequired' }]
        : r.nameNl.length > 120 || r.nameEn.length > 120
          ? [{ field: `nameNl_${r.index}`, messageKey: 'common.errors.tooLong', params: { max: 120 } }]
          : [],
    );
  const input = rows.map((r): CategoryFormRow => ({
    id: r.id ? Number(r.id) : null,
    nameNl: r.nameNl,
    nameEn: r.nameEn,
  }));
  return { rows, removeIds, errors, input };
}
