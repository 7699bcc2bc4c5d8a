/**
 * A small time-limited cache of derived data (a computed ranking, a juror's overview) whose entries also die when
 * the write counter (write-counter.ts) moves. Requests arriving while a
 * value is being computed wait for that computation instead of starting their own, so ten organisers opening
 * the results at once cost one ranking, not ten (in time and in memory).
 */
export function createDerivedCache<T>(options: {
  seconds: number;
  generation: () => number;
  /** The injected clock's time in milliseconds. */
  now: () => number;
  /** Each kept value can be large (a ranking of 500 × 25 is ~10 MB): keep this small. */
  maxEntries?: number;
}) {
  const entries = new Map<string, { value: Promise<T>; generation: number; expires: number }>();
  const maxEntries = options.maxEntries ?? 10;
  const cached = async (key: string, compute: () => Promise<T>): Promise<T> => {
    if (options.seconds <= 0) return compute();
    const now = options.now();
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
