import type { RequestHandler } from 'express';

/**
 * Counts the requests that may have changed data (anything but GET/HEAD), so a cache of derived data can tell
 * whether it may still be used. Per app instance: a cache keyed on it is only as good as "every write goes through
 * this process", which holds for SQLite and for a single app server; caches using it also expire by time.
 */
export function createWriteCounter(): { middleware: RequestHandler; current: () => number } {
  let generation = 0;
  return {
    current: () => generation,
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
  maxEntries?: number;
}) {
  const entries = new Map<string, { value: Promise<T>; generation: number; expires: number }>();
  return async (key: string, compute: () => Promise<T>): Promise<T> => {
    if (options.seconds <= 0) return compute();
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.generation === options.generation() && hit.expires > now) return hit.value;
    const generation = options.generation();
    const value = compute();
    if (entries.size >= (options.maxEntries ?? 50)) entries.delete(entries.keys().next().value!);
    entries.set(key, { value, generation, expires: now + options.seconds * 1000 });
    // A failed computation is not remembered.
    value.catch(() => entries.get(key)?.value === value && entries.delete(key));
    return value;
  };
}
