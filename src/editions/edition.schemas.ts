import { z } from 'zod';
import { checkbox, firstString, stringList } from '../http/form-values';
import type { FieldError } from '../http/validation';
import type { TieBreakRule } from '../results/results.types';
import { parseLocalDateTime } from '../shared/time';
import { validateScale } from './criteria';
import { ATTACHMENT_TYPES, ORGANISATION_TYPES, type EditionSettings } from './edition.types';

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

export function formToSettings(f: EditionForm): EditionSettings {
  const { prizeAmount, tieBreak1, tieBreak2, ...rest } = f;
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
const ANCHOR_FIELDS = [
  'anchorLowNl',
  'anchorMidNl',
  'anchorHighNl',
  'anchorLowEn',
  'anchorMidEn',
  'anchorHighEn',
] as const;

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
