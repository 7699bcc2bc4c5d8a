import type { Request, Response } from 'express';
import type { AppContext } from '../context';
import { addressKey, createLimiter, createSlowDown } from '../http/rate-limits';
import { normaliseEmail } from '../users/user.repo';

const WINDOW_MS = 15 * 60 * 1000;

const accountOf = (req: Request) => {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? normaliseEmail(email) : '';
};

/**
 * Failed logins, limited as OWASP advises against lockout abuse: per account and address pair (5 in 15 minutes:
 * stops guessing one password from one place, without locking the owner out when someone else guesses), per
 * address (30 in 15 minutes: stops trying many accounts), and per account from everywhere a slow-down rather than a
 * lock (after 10 failures each try waits longer, up to 5 seconds). Successful logins do not count. The counters
 * live in the database, so they hold across app processes.
 */
export function loginRateLimiters(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  onLimited: (req: Request, res: Response, minutes: number) => void,
) {
  const limited = (req: Request, res: Response, _next: unknown, minutes: number) =>
    onLimited(req, res, minutes);
  return [
    createLimiter(ctx, {
      name: 'login-address',
      windowMs: WINDOW_MS,
      limit: 30,
      skipSuccessful: true,
      onLimited: limited,
    }),
    createLimiter(ctx, {
      name: 'login-pair',
      windowMs: WINDOW_MS,
      limit: 5,
      skipSuccessful: true,
      key: (req) => `${addressKey(req)}|${accountOf(req)}`,
      onLimited: limited,
    }),
    createSlowDown(ctx, {
      name: 'login-account',
      windowMs: WINDOW_MS,
      after: 10,
      maxDelayMs: 5000,
      key: accountOf,
    }),
  ];
}

/** Reset-link requests per address: 10 an hour; the mails per account are limited where they are sent. */
export function forgotRateLimiter(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  onLimited: (req: Request, res: Response, minutes: number) => void,
) {
  return createLimiter(ctx, {
    name: 'forgot-address',
    windowMs: 60 * 60 * 1000,
    limit: 10,
    onLimited: (req, res, _next, minutes) => onLimited(req, res, minutes),
  });
}
