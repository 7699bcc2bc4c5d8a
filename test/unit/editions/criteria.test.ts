import {
  canChangeCriteria,
  checkWeightChange,
  criteriaErrorKey,
  DEFAULT_CATEGORIES,
  DEFAULT_CRITERIA,
  DEFAULT_SCALE,
  scaleMiddle,
  validateScale,
  validateWeights,
  weightChangeNeedsReason,
} from '../../../src/editions/criteria';

describe('validateWeights', () => {
  it('accepts whole percentages that add up to exactly 100', () => {
    expect(validateWeights([25, 25, 20, 15, 15])).toEqual({ ok: true });
    expect(validateWeights([100])).toEqual({ ok: true });
    expect(validateWeights([1, 99])).toEqual({ ok: true });
  });

  it('refuses a total of 99 or 101 and reports the total', () => {
    expect(validateWeights([25, 25, 20, 15, 14])).toEqual({ ok: false, error: 'weights_not_100', total: 99 });
    expect(validateWeights([25, 25, 20, 15, 16])).toEqual({
      ok: false,
      error: 'weights_not_100',
      total: 101,
    });
  });

  it('refuses decimals even when they add up to 100', () => {
    expect(validateWeights([50.5, 49.5])).toEqual({ ok: false, error: 'weight_not_integer', total: 100 });
    expect(validateWeights([33.3, 33.3, 33.4])).toMatchObject({ ok: false, error: 'weight_not_integer' });
  });

  it('refuses non-numbers, leaving them out of the total', () => {
    expect(validateWeights([50, NaN, 50])).toEqual({ ok: false, error: 'weight_not_integer', total: 100 });
    expect(validateWeights([Infinity, 40])).toEqual({ ok: false, error: 'weight_not_integer', total: 40 });
  });

  it('refuses a weight of zero, a negative weight or one above 100', () => {
    expect(validateWeights([0, 100])).toEqual({ ok: false, error: 'weight_out_of_range', total: 100 });
    expect(validateWeights([-10, 60, 50])).toEqual({ ok: false, error: 'weight_out_of_range', total: 100 });
    expect(validateWeights([101])).toEqual({ ok: false, error: 'weight_out_of_range', total: 101 });
  });

  it('refuses an empty set of criteria', () => {
    expect(validateWeights([])).toEqual({ ok: false, error: 'no_criteria', total: 0 });
  });
});

describe('validateScale', () => {
  it('accepts the default and other sensible scales', () => {
    expect(validateScale(DEFAULT_SCALE)).toEqual({ ok: true });
    expect(validateScale({ min: 0, max: 100 })).toEqual({ ok: true });
    expect(validateScale({ min: 1, max: 3 })).toEqual({ ok: true });
  });

  it('refuses a scale without a middle value', () => {
    expect(validateScale({ min: 1, max: 2 })).toEqual({ ok: false, error: 'scale_too_narrow' });
    expect(validateScale({ min: 5, max: 5 })).toEqual({ ok: false, error: 'scale_too_narrow' });
    expect(validateScale({ min: 10, max: 1 })).toEqual({ ok: false, error: 'scale_too_narrow' });
  });

  it('refuses bounds outside 0..100', () => {
    expect(validateScale({ min: -1, max: 10 })).toEqual({ ok: false, error: 'scale_min_below_zero' });
    expect(validateScale({ min: 1, max: 101 })).toEqual({ ok: false, error: 'scale_max_above_100' });
  });

  it('refuses fractional or non-numeric bounds', () => {
    expect(validateScale({ min: 0.5, max: 10 })).toEqual({ ok: false, error: 'scale_not_integer' });
    expect(validateScale({ min: 1, max: NaN })).toEqual({ ok: false, error: 'scale_not_integer' });
  });
});

describe('scaleMiddle', () => {
  it('is the middle score, rounded down on an even-width scale', () => {
    expect(scaleMiddle({ min: 1, max: 10 })).toBe(5);
    expect(scaleMiddle({ min: 0, max: 10 })).toBe(5);
    expect(scaleMiddle({ min: 1, max: 5 })).toBe(3);
    expect(scaleMiddle({ min: 0, max: 3 })).toBe(1);
    expect(scaleMiddle({ min: 0, max: 100 })).toBe(50);
  });
});

describe('DEFAULT_CRITERIA', () => {
  it('has the five default criteria with their weights, in order', () => {
    expect(DEFAULT_CRITERIA.map((c) => [c.nameNl, c.nameEn, c.weight])).toEqual([
      ['Innovatiekracht', 'Innovativeness', 25],
      ['Efficiëntie (tijd en geld)', 'Efficiency (time and money)', 25],
      [
        'Effectiviteit (kwaliteit voor inwoners en organisatie)',
        'Effectiveness (quality for residents and organisation)',
        20,
      ],
      ['Overdraagbaarheid naar andere organisaties', 'Transferability to other organisations', 15],
      ['Samenwerking', 'Collaboration', 15],
    ]);
  });

  it('passes weight validation', () => {
    expect(validateWeights(DEFAULT_CRITERIA.map((c) => c.weight))).toEqual({ ok: true });
  });

  it('has a description and three distinct anchors in both languages for every criterion', () => {
    for (const c of DEFAULT_CRITERIA) {
      const texts = [
        c.descriptionNl,
        c.descriptionEn,
        c.anchorLowNl,
        c.anchorMidNl,
        c.anchorHighNl,
        c.anchorLowEn,
        c.anchorMidEn,
        c.anchorHighEn,
      ];
      for (const text of texts) expect(text.trim().length).toBeGreaterThan(10);
      expect(new Set([c.anchorLowNl, c.anchorMidNl, c.anchorHighNl]).size).toBe(3);
      expect(new Set([c.anchorLowEn, c.anchorMidEn, c.anchorHighEn]).size).toBe(3);
      expect(c.descriptionNl).not.toBe(c.descriptionEn);
    }
  });

  it('cannot be changed by a service that forgets to copy it', () => {
    expect(Object.isFrozen(DEFAULT_CRITERIA)).toBe(true);
    expect(DEFAULT_CRITERIA.every((c) => Object.isFrozen(c))).toBe(true);
    expect(Object.isFrozen(DEFAULT_SCALE)).toBe(true);
  });
});

describe('DEFAULT_CATEGORIES', () => {
  it('lists the six default categories with stable codes', () => {
    expect(DEFAULT_CATEGORIES.map((c) => [c.code, c.nameNl, c.nameEn])).toEqual([
      ['ict', 'ICT', 'ICT'],
      ['hr', 'HR', 'HR'],
      ['financien', 'Financiën', 'Finance'],
      ['inkoop', 'Inkoop', 'Procurement'],
      ['informatiebeveiliging', 'Informatiebeveiliging', 'Information security'],
      ['interbestuurlijk-samenwerken', 'Interbestuurlijk samenwerken', 'Intergovernmental collaboration'],
    ]);
  });

  it('uses URL-safe slugs as codes', () => {
    for (const { code } of DEFAULT_CATEGORIES) expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe('changing criteria after scoring', () => {
  it('allows any change before the first score', () => {
    expect(canChangeCriteria({ hasScores: false })).toEqual({ ok: true });
    expect(weightChangeNeedsReason({ hasScores: false })).toBe(false);
    expect(checkWeightChange({ hasScores: false })).toEqual({ ok: true });
  });

  it('locks the criteria set and scale once a score exists', () => {
    expect(canChangeCriteria({ hasScores: true })).toEqual({ ok: false, error: 'criteria_locked' });
  });

  it('allows a weight change after scoring only with a reason', () => {
    expect(weightChangeNeedsReason({ hasScores: true })).toBe(true);
    expect(checkWeightChange({ hasScores: true })).toEqual({ ok: false, error: 'weight_reason_required' });
    expect(checkWeightChange({ hasScores: true, reason: '   ' })).toEqual({
      ok: false,
      error: 'weight_reason_required',
    });
    expect(checkWeightChange({ hasScores: true, reason: null })).toEqual({
      ok: false,
      error: 'weight_reason_required',
    });
    expect(checkWeightChange({ hasScores: true, reason: 'Jury agreed to weigh collaboration more' })).toEqual(
      {
        ok: true,
      },
    );
  });

  it('maps error codes to i18n keys', () => {
    expect(criteriaErrorKey('criteria_locked')).toBe('editions.criteria.errors.criteria_locked');
    expect(criteriaErrorKey('weights_not_100')).toBe('editions.criteria.errors.weights_not_100');
    expect(criteriaErrorKey('scale_too_narrow')).toBe('editions.criteria.errors.scale_too_narrow');
  });
});
