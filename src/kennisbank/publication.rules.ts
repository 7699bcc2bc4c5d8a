import type { Publication } from './publication.types';

export type PublicationChange = 'consent' | 'withdraw' | 'change';

/**
 * What a new decision means next to the one before: giving consent starts a publication (`consentedAt` = now, the
 * moment the feed reports), keeping it keeps that moment, taking it back sets `withdrawnAt`. Pure.
 */
export function nextPublicationDates(
  before: Pick<Publication, 'consent' | 'consentedAt' | 'withdrawnAt'> | undefined,
  consent: boolean,
  now: Date,
): { change: PublicationChange; consentedAt: Date | null; withdrawnAt: Date | null } {
  const had = before?.consent ?? false;
  if (consent)
    return had
      ? {
          change: 'change',
          consentedAt: before?.consentedAt ?? now,
          withdrawnAt: before?.withdrawnAt ?? null,
        }
      : { change: 'consent', consentedAt: now, withdrawnAt: before?.withdrawnAt ?? null };
  return had
    ? { change: 'withdraw', consentedAt: null, withdrawnAt: now }
    : { change: 'change', consentedAt: null, withdrawnAt: before?.withdrawnAt ?? null };
}
