import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type RateLimitInfo } from 'express-rate-limit';
import { slowDown } from 'express-slow-down';
import type { AppContext } from '../context';
import { DbRateLimitStore } from '../db/rate-limit.repo';

export type OnLimited = (req: Request, res: Response, next: NextFunction, minutes: number) => void;

/** The client's address as a limit key (an IPv6 address by its /56, as express-rate-limit advises). */
export const addressKey = (req: Request): string => ipKeyGenerator(req.ip ?? '');

/**
 * A rate limit whose counter lives in the database (so it holds across app processes) and whose window runs on
 * the app's clock. `skipSuccessful` counts only requests that failed (a wrong password, not a login).
 */
export function createLimiter(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  options: {
    name: string;
    windowMs: number;
    limit: number;
    key?: (req: Request) => string;
    skipSuccessful?: boolean;
    onLimited: OnLimited;
  },
): RequestHandler {
  const now = () => ctx.clock.now().getTime();
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: options.skipSuccessful ?? false,
    keyGenerator: options.key ?? addressKey,
    store: new DbRateLimitStore(ctx.db, options.name, now, options.windowMs),
    handler: (req, res, next) => {
      const info = (req as Request & { rateLimit?: RateLimitInfo }).rateLimit;
      const reset = info?.resetTime?.getTime() ?? now() + options.windowMs;
      options.onLimited(req, res, next, Math.max(1, Math.ceil((reset - now()) / 60000)));
    },
  });
}

/**
 * Slows a client down instead of refusing it: after `after` counted requests in the window, each further one
 * waits half a second longer, up to `maxDelayMs`. Counters in the database, like createLimiter's.
 */
export function createSlowDown(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  options: {
    name: string;
    windowMs: number;
    after: number;
    maxDelayMs: number;
    key: (req: Request) => string;
  },
): RequestHandler {
  return slowDown({
    windowMs: options.windowMs,
    delayAfter: options.after,
    delayMs: (used) => (used - options.after) * 500,
    maxDelayMs: options.maxDelayMs,
    skipSuccessfulRequests: true,
    keyGenerator: options.key,
    store: new DbRateLimitStore(ctx.db, options.name, () => ctx.clock.now().getTime(), options.windowMs),
  });
}
