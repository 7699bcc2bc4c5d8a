/**
 * Rules for the criteria jurors score on, and the defaults a new edition starts with.
 */

export type WeightsError = 'no_criteria' | 'weight_not_integer' | 'weight_out_of_range' | 'weights_not_100';
export type WeightsCheck = { ok: true } | { ok: false; error: WeightsError; total: number };

/**
 * Weights are whole percentages from 1 to 100 that add up to exactly 100, so a weighted score reads as a
 * score on the scale itself. A criterion that should not count is removed, not weighted 0.
 * `total` is returned with every error so the form can say how far off the sum is.
 */
export function validateWeights(weights: readonly number[]): WeightsCheck {
  // Non-finite values are left out of the total so the message always shows a number.
  const total = weights.filter(Number.isFinite).reduce((sum, weight) => sum + weight, 0);
  if (weights.length === 0) return { ok: false, error: 'no_criteria', total };
  if (!weights.every(Number.isInteger)) return { ok: false, error: 'weight_not_integer', total };
  if (!weights.every((weight) => weight >= 1 && weight <= 100)) {
    return { ok: false, error: 'weight_out_of_range', total };
  }
  if (total !== 100) return { ok: false, error: 'weights_not_100', total };
  return { ok: true };
}

export interface Scale {
  min: number;
  max: number;
}

export type ScaleError =
  'scale_not_integer' | 'scale_min_below_zero' | 'scale_max_above_100' | 'scale_too_narrow';
export type ScaleCheck = { ok: true } | { ok: false; error: ScaleError };

/** A scale needs a middle value, so the juror has an anchor for "average": max - min >= 2. */
export function validateScale({ min, max }: Scale): ScaleCheck {
  if (!Number.isInteger(min) || !Number.isInteger(max)) return { ok: false, error: 'scale_not_integer' };
  if (min < 0) return { ok: false, error: 'scale_min_below_zero' };
  if (max > 100) return { ok: false, error: 'scale_max_above_100' };
  if (max - min < 2) return { ok: false, error: 'scale_too_narrow' };
  return { ok: true };
}

/** The score the middle anchor text belongs to; rounded down on an even-width scale (1–10 gives 5). */
export function scaleMiddle({ min, max }: Scale): number {
  return Math.floor((min + max) / 2);
}

export const DEFAULT_SCALE: Readonly<Scale> = Object.freeze({ min: 1, max: 10 });

export interface CriterionTemplate {
  nameNl: string;
  nameEn: string;
  descriptionNl: string;
  descriptionEn: string;
  weight: number;
  anchorLowNl: string;
  anchorMidNl: string;
  anchorHighNl: string;
  anchorLowEn: string;
  anchorMidEn: string;
  anchorHighEn: string;
}

/** Copied into a new edition, where the organiser may still change them until the first score is given. */
export const DEFAULT_CRITERIA: readonly Readonly<CriterionTemplate>[] = Object.freeze(
  [
    {
      nameNl: 'Innovatiekracht',
      nameEn: 'Innovativeness',
      descriptionNl:
        'Hoe nieuw is de aanpak voor de publieke sector? Het gaat om de vernieuwing zelf, niet alleen om het gebruik van nieuwe technologie.',
      descriptionEn:
        'How new is the approach for the public sector? What counts is the innovation itself, not just the use of new technology.',
      weight: 25,
      anchorLowNl: 'Bestaande aanpak die elders al gangbaar is.',
      anchorMidNl: 'Bekend idee, op een nieuwe manier toegepast.',
      anchorHighNl: 'Baanbrekend: nieuw voor de publieke sector.',
      anchorLowEn: 'An existing approach that is already common elsewhere.',
      anchorMidEn: 'A known idea, applied in a new way.',
      anchorHighEn: 'Groundbreaking: new to the public sector.',
    },
    {
      nameNl: 'Efficiëntie (tijd en geld)',
      nameEn: 'Efficiency (time and money)',
      descriptionNl:
        'Wat levert het op aan tijd en geld, vergeleken met de oude situatie en afgezet tegen wat het heeft gekost?',
      descriptionEn:
        'What does it save in time and money compared with the old situation, weighed against what it cost?',
      weight: 25,
      anchorLowNl: 'Geen of nauwelijks aantoonbare besparing.',
      anchorMidNl: 'Duidelijke besparing, maar beperkt of nog niet gemeten.',
      anchorHighNl: 'Grote, aantoonbare besparing in tijd en geld.',
      anchorLowEn: 'No demonstrable savings, or hardly any.',
      anchorMidEn: 'Clear savings, but limited or not yet measured.',
      anchorHighEn: 'Large, demonstrable savings in time and money.',
    },
    {
      nameNl: 'Effectiviteit (kwaliteit voor inwoners en organisatie)',
      nameEn: 'Effectiveness (quality for residents and organisation)',
      descriptionNl:
        'Worden de dienstverlening aan inwoners en het werk in de organisatie er merkbaar beter van?',
      descriptionEn: 'Does it noticeably improve services to residents and the work within the organisation?',
      weight: 20,
      anchorLowNl: 'Geen merkbare verbetering.',
      anchorMidNl: 'Merkbare verbetering, maar voor een beperkte groep.',
      anchorHighNl: 'Aantoonbaar betere kwaliteit voor inwoners en organisatie.',
      anchorLowEn: 'No noticeable improvement.',
      anchorMidEn: 'A noticeable improvement, but for a limited group.',
      anchorHighEn: 'Demonstrably better quality for residents and the organisation.',
    },
    {
      nameNl: 'Overdraagbaarheid naar andere organisaties',
      nameEn: 'Transferability to other organisations',
      descriptionNl:
        'Kunnen andere gemeenten en organisaties de oplossing eenvoudig overnemen? Denk aan gedeelde kennis, documentatie, open standaarden en licenties.',
      descriptionEn:
        'Can other municipalities and organisations easily adopt the solution? Think of shared knowledge, documentation, open standards and licences.',
      weight: 15,
      anchorLowNl: 'Alleen bruikbaar in de eigen situatie.',
      anchorMidNl: 'Over te nemen, maar alleen met flinke aanpassingen.',
      anchorHighNl: 'Direct over te nemen, of elders al in gebruik.',
      anchorLowEn: 'Only usable in its own setting.',
      anchorMidEn: 'Can be adopted, but only with substantial changes.',
      anchorHighEn: 'Ready to adopt, or already in use elsewhere.',
    },
    {
      nameNl: 'Samenwerking',
      nameEn: 'Collaboration',
      descriptionNl:
        'Hoe goed is er samengewerkt, binnen de organisatie en met andere overheden, inwoners, bedrijven of kennisinstellingen?',
      descriptionEn:
        'How well did people work together, within the organisation and with other public bodies, residents, businesses or knowledge institutions?',
      weight: 15,
      anchorLowNl: 'Eén afdeling heeft het alleen gedaan.',
      anchorMidNl: 'Samenwerking tussen afdelingen binnen de eigen organisatie.',
      anchorHighNl: 'Sterke samenwerking met meerdere externe partners.',
      anchorLowEn: 'A single department did it alone.',
      anchorMidEn: 'Collaboration between departments within the organisation.',
      anchorHighEn: 'Strong collaboration with several external partners.',
    },
  ].map((criterion) => Object.freeze(criterion)),
);

export interface CategoryTemplate {
  /** Stable slug for URLs, filters and exports; names may be reworded, codes never change. */
  code: string;
  nameNl: string;
  nameEn: string;
}

export const DEFAULT_CATEGORIES: readonly Readonly<CategoryTemplate>[] = Object.freeze(
  [
    { code: 'ict', nameNl: 'ICT', nameEn: 'ICT' },
    { code: 'hr', nameNl: 'HR', nameEn: 'HR' },
    { code: 'financien', nameNl: 'Financiën', nameEn: 'Finance' },
    { code: 'inkoop', nameNl: 'Inkoop', nameEn: 'Procurement' },
    { code: 'informatiebeveiliging', nameNl: 'Informatiebeveiliging', nameEn: 'Information security' },
    {
      code: 'interbestuurlijk-samenwerken',
      nameNl: 'Interbestuurlijk samenwerken',
      nameEn: 'Intergovernmental collaboration',
    },
  ].map((category) => Object.freeze(category)),
);

export type CriteriaChangeError = 'criteria_locked' | 'weight_reason_required';

export type CriteriaErrorCode = CriteriaChangeError | WeightsError | ScaleError;

/** Every criteria error shares one i18n namespace so forms can translate any of them the same way. */
export function criteriaErrorKey(code: CriteriaErrorCode): `editions.criteria.errors.${CriteriaErrorCode}` {
  return `editions.criteria.errors.${code}`;
}

/**
 * Once a juror has given the first score, adding or removing criteria or changing the scale would make
 * existing scores mean something else, so both are locked.
 */
export function canChangeCriteria({
  hasScores,
}: {
  hasScores: boolean;
}): { ok: true } | { ok: false; error: 'criteria_locked' } {
  return hasScores ? { ok: false, error: 'criteria_locked' } : { ok: true };
}

/** Weights only reweigh existing scores, so they may still change after scoring, but not silently. */
export function weightChangeNeedsReason({ hasScores }: { hasScores: boolean }): boolean {
  return hasScores;
}

/** The check the service runs before saving new weights; the reason goes into the audit log. */
export function checkWeightChange({
  hasScores,
  reason,
}: {
  hasScores: boolean;
  reason?: string | null;
}): { ok: true } | { ok: false; error: 'weight_reason_required' } {
  if (weightChangeNeedsReason({ hasScores }) && (!reason || reason.trim() === '')) {
    return { ok: false, error: 'weight_reason_required' };
  }
  return { ok: true };
}
