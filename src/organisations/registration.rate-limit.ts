import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit, type RateLimitInfo } from 'express-rate-limit';

const HOUR_MS = 60 * 60 * 1000;

type OnLimited = (req: Request, res: Response, next: NextFunction, minutes: number) => void;

function limiter(options: {
  limit: number;
  key?: (req: Request) => string;
  onLimited: OnLimited;
}): RequestHandler {
  return rateLimit({
    windowMs: HOUR_MS,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(options.key ? { keyGenerator: options.key } : {}),
    handler: (req, res, next) => {
      const info = (req as Request & { rateLimit?: RateLimitInfo }).rateLimit;
      const reset = info?.resetTime?.getTime() ?? Date.now() + HOUR_MS;
      options.onLimited(req, res, next, Math.max(1, Math.ceil((reset - Date.now()) / 60000)));
    },
  });
}

/**
 * Registrations per IP address: 10 attempts an hour, failed ones included. That is plenty for the civil
 * servants of one town hall, and it limits how fast anyone can create accounts or probe which addresses have
 * one (the "address already has an account" answer cannot be avoided).
 */
export const registrationLimiter = (onLimited: OnLimited) => limiter({ limit: 10, onLimited });

/** New verification links: 5 an hour per account, so nobody floods their own (or a mistyped) mailbox. */
export const resendLimiter = (onLimited: OnLimited) =>
  limiter({ limit: 5, key: (req) => `user:${req.user?.id ?? 0}`, onLimited });
