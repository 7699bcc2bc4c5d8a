import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import type { WriteSignal } from '../db/write-signal';

/**
 * Counts the requests that may have changed data (anything but GET/HEAD), so a cache of derived data can tell
 * whether it may still be used. Writes of other processes on the same database arrive through `follow` (see
 * db/write-signal.ts), so several app processes keep their caches coherent; caches using it also expire by time.
 */
export function createWriteCounter(): {
  middleware: RequestHandler;
  current: () => number;
  watch: (db: Knex) => void;
  follow: (signal: Pick<WriteSignal, 'onWrite' | 'healthy'>) => void;
} {
  let generation = 0;
  let external: Pick<WriteSignal, 'healthy'> | null = null;
  return {
    // While the signal from other processes cannot be trusted, every lookup is a miss: a new generation each time.
    current: () => (external && !external.healthy() ? ++generation : generation),
    /** Writes committed by other processes (db/write-signal.ts) move the counter too. */
    follow(signal) {
      external = signal;
      signal.onWrite(() => generation++);
    },
    /**
     * Also counts what the database itself sees: every statement that is not a read. A request whose client went
     * away fires 'close' before its transaction commits, and a GET handler may write too; this catches both. On
     * SQLite the one connection makes other requests' reads wait until the commit. (On PostgreSQL a read that
     * starts between a transaction's last statement and its commit could still be kept until the next write or
     * CACHE_SECONDS.) Session bookkeeping changes no derived data and is not counted.
     */
    watch(db) {
      db.on('query-response', (_response: unknown, query: { sql?: string }) => {
        const sql = query.sql ?? '';
        if (!/^\s*(select|pragma)\b/i.test(sql) && !/\bsessions\b/.test(sql)) generation++;
      });
    },
    middleware: (req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        generation++; // before the change, so a page computed meanwhile is not reused…
        // …and after it, so one computed during the change is not either. 'finish' comes as the response is handed
        // over (before the client can act on it); 'close' also covers a request that was cut off.
        res.on('finish', () => generation++);
        res.on('close', () => generation++);
      }
      next();
    },
  };
}
