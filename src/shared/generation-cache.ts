/**
 * What a process keeps between requests of data read on nearly every page and written seldom: sessions and users
 * (auth/, the "identity" topic) and reference data (db/reference-cache.ts). Reading the session and user alone took a
 * route from 0.94× to 0.40× of bare Express (issue #20). An entry is used only while
 * - its topic's generation (http/write-counter.ts) is the one read *before* the value was fetched: any write to the
 *   topic's tables, in this process or (through db/write-signal.ts) another, forgets them all;
 * - it is younger than `ttlMs`, a bound for anything the generation could miss;
 * - and it has not reached its own `until` (a session's expiry).
 * Values are stored as given; callers store what must not be shared as immutable (a string, a frozen object).
 */
export interface GenerationCache<K, V> {
  /** The topic's generation now: read it before fetching, and give it to `set`. */
  generation(): number;
  get(key: K): V | undefined;
  set(key: K, value: V, generation: number, until?: number): void;
  delete(key: K): void;
  readonly size: number;
}

export function createGenerationCache<K, V>(options: {
  generation: () => number;
  /** 0 turns the cache off. */
  ttlMs: number;
  now: () => number;
  maxEntries?: number;
}): GenerationCache<K, V> {
  const entries = new Map<K, { value: V; generation: number; until: number }>();
  const maxEntries = options.maxEntries ?? 20_000;
  return {
    generation: options.generation,
    get(key) {
      if (options.ttlMs <= 0) return undefined;
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.generation !== options.generation() || entry.until <= options.now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value, generation, until = Infinity) {
      if (options.ttlMs <= 0 || generation !== options.generation()) return;
      entries.delete(key);
      // Oldest first out: Map keeps insertion order, and a value set again moves to the end.
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { value, generation, until: Math.min(until, options.now() + options.ttlMs) });
    },
    delete(key) {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}
