import type { Request } from 'express';
import type { AppContext } from '../context';
import { DbRateLimitStore } from '../db/rate-limit.repo';
import { addressKey } from '../http/rate-limits';
import { WRONG_CODE_LIMIT, WRONG_CODE_WINDOW_MS } from './vote.rules';

/**
 * Wrong voting codes per address, counted in the database (so the limit holds across app processes). Only wrong
 * codes count, and a right one costs a single read: a room voting at once must not pay a write per vote for it.
 * `blockedMinutes` is asked before a code is looked up, so a blocked address learns nothing about any code.
 */
export function wrongCodeLimit(ctx: Pick<AppContext, 'db' | 'clock'>) {
  const now = () => ctx.clock.now().getTime();
  const store = new DbRateLimitStore(ctx.db, 'vote-code', now, WRONG_CODE_WINDOW_MS);
  return {
    /** Minutes until this address may try again, or 0 when it may try now. */
    async blockedMinutes(req: Request): Promise<number> {
      const info = await store.get(addressKey(req));
      if (!info || info.totalHits < WRONG_CODE_LIMIT) return 0;
      const reset = info.resetTime?.getTime() ?? now() + WRONG_CODE_WINDOW_MS;
      return Math.max(1, Math.ceil((reset - now()) / 60_000));
    },
    async countWrong(req: Request): Promise<void> {
      await store.increment(addressKey(req));
    },
  };
}
