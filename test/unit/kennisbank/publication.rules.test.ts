import { nextPublicationDates } from '../../../src/kennisbank/publication.rules';

const t0 = new Date('2027-01-01T10:00:00Z');
const now = new Date('2027-06-01T10:00:00Z');

describe('nextPublicationDates', () => {
  it('starts a publication at the first consent', () => {
    expect(nextPublicationDates(undefined, true, now)).toEqual({
      change: 'consent',
      consentedAt: now,
      withdrawnAt: null,
    });
  });
  it('keeps the moment of consent when only the details change', () => {
    const before = { consent: true, consentedAt: t0, withdrawnAt: null };
    expect(nextPublicationDates(before, true, now)).toEqual({
      change: 'change',
      consentedAt: t0,
      withdrawnAt: null,
    });
  });
  it('records a withdrawal and forgets the consent', () => {
    const before = { consent: true, consentedAt: t0, withdrawnAt: null };
    expect(nextPublicationDates(before, false, now)).toEqual({
      change: 'withdraw',
      consentedAt: null,
      withdrawnAt: now,
    });
  });
  it('a new consent after a withdrawal is a new publication moment, the withdrawal stays on record', () => {
    const before = { consent: false, consentedAt: null, withdrawnAt: t0 };
    expect(nextPublicationDates(before, true, now)).toEqual({
      change: 'consent',
      consentedAt: now,
      withdrawnAt: t0,
    });
  });
  it('saying no without ever having said yes is no withdrawal', () => {
    expect(nextPublicationDates(undefined, false, now)).toEqual({
      change: 'change',
      consentedAt: null,
      withdrawnAt: null,
    });
  });
});
