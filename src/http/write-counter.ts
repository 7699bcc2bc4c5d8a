import type { RequestHandler } from 'express';
import type { Knex } from 'knex';

/**
 * Counts the requests that may have changed data (anything but GET/HEAD), so a cache of derived data can tell
 * whether it may still be used. Per app instance: a cache keyed on it is only as good as "every write goes through
 * this process", which holds for SQLite and for a single app server; caches using it also expire by time.
 */
export function createWriteCounter(): {
  middleware: RequestHandler;
  current: () => number;
  watch: (db: Knex) => void;
} {
  let generation = 0;
  return {
    current: () => generation,
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

/**
 * A small time-limited cache whose entries also die when the write counter moves. Requests arriving while a
 * value is being computed wait for that computation instead of starting their own, so ten organisers opening
 * the results at once cost one ranking, not ten (in time and in memory).
 */
export function createDerivedCache<T>(options: {
  seconds: number;
  generation: () => number;
  /** Each kept value can be large (a ranking of 500 × 25 is ~10 MB): keep this small. */
  maxEntries?: number;
}) {
  const entries = new Map<string, { value: Promise<T>; generation: number; expires: number }>();
  const maxEntries = options.maxEntries ?? 10;
  const cached = async (key: string, compute: () => Promise<T>): Promise<T> => {
    if (options.seconds <= 0) return compute();
    const now = Date.now();
    const generation = options.generation();
    // Values that can no longer be served are let go at once, not when their key is next asked for: under a
    // heap limit, rankings of past versions piling up ran the server out of memory.
    for (const [k, e] of entries) if (e.generation !== generation || e.expires <= now) entries.delete(k);
    const hit = entries.get(key);
    if (hit) return hit.value;
    const value = compute();
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(key, { value, generation, expires: now + options.seconds * 1000 });
    // A failed computation is not remembered.
    value.catch(() => entries.get(key)?.value === value && entries.delete(key));
    return value;
  };
  /** How many values are kept now (for tests). */
  return Object.assign(cached, { size: () => entries.size });
}
