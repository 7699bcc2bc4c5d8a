import type { AppContext } from '../context';
import { createLimiter, type OnLimited } from '../http/rate-limits';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Registrations per IP address: 10 attempts an hour, failed ones included. That is plenty for the civil
 * servants of one town hall, and it limits how fast anyone can create accounts or probe which addresses have
 * one (the "address already has an account" answer cannot be avoided). Counted in the database, across processes.
 */
export const registrationLimiter = (ctx: Pick<AppContext, 'db' | 'clock'>, onLimited: OnLimited) =>
  createLimiter(ctx, { name: 'register', windowMs: HOUR_MS, limit: 10, onLimited });

/** New verification links: 5 an hour per account, so nobody floods their own (or a mistyped) mailbox. */
export const resendLimiter = (ctx: Pick<AppContext, 'db' | 'clock'>, onLimited: OnLimited) =>
  createLimiter(ctx, {
    name: 'verify-resend',
    windowMs: HOUR_MS,
    limit: 5,
    key: (req) => `user:${req.user?.id ?? 0}`,
    onLimited,
  });
