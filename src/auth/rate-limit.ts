import type { Request, Response } from 'express';
import { rateLimit, type Options, type RateLimitInfo } from 'express-rate-limit';
import { normaliseEmail } from '../users/user.repo';

const WINDOW_MS = 15 * 60 * 1000;

/**
 * Failed logins are limited per account (5 in 15 minutes: stops guessing one password) and per IP address
 * (30 in 15 minutes: stops trying many accounts). Successful logins do not count.
 */
export function loginRateLimiters(onLimited: (req: Request, res: Response, minutes: number) => void) {
  const handler: Options['handler'] = (req, res) => {
    const info = (req as Request & { rateLimit?: RateLimitInfo }).rateLimit;
    const reset = info?.resetTime?.getTime() ?? Date.now() + WINDOW_MS;
    onLimited(req, res, Math.max(1, Math.ceil((reset - Date.now()) / 60000)));
  };
  const common = {
    windowMs: WINDOW_MS,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler,
  } as const;
  const perIp = rateLimit({ ...common, limit: 30 });
  const perAccount = rateLimit({
    ...common,
    limit: 5,
    keyGenerator: (req) => {
      const email = (req.body as { email?: unknown } | undefined)?.email;
      return `account:${typeof email === 'string' ? normaliseEmail(email) : ''}`;
    },
  });
  return [perIp, perAccount];
}
