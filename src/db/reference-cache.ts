import type { Knex } from 'knex';
import { createGenerationCache, type GenerationCache } from '../shared/generation-cache';
import type { Queryable } from './db';

/**
 * Reference data — an edition, its categories and criteria, organisations with their owners — is read on nearly
 * every logged-in page (the loaders, the jury's entry page, the entry list) and written seldom. A process keeps
 * what it read through the app's own database handle until any process writes one of those tables (the
 * 'reference' generation of http/write-counter.ts, moved across processes by db/write-signal.ts) or its time is up.
 *
 * Only reads through the registered root handle are kept. A transaction is another handle, so every check inside
 * a transaction reads the database as it is (and as locked); scripts and tests that use their own handle read it
 * too. Kept values are frozen: a caller that tried to change one would throw, not corrupt the next page.
 */
const caches = new WeakMap<object, GenerationCache<string, unknown>>();

export function keepReferenceReads(
  db: Knex,
  options: { generation: () => number; ttlMs: number; now?: () => number },
): void {
  caches.set(
    db,
    createGenerationCache<string, unknown>({
      generation: options.generation,
      ttlMs: options.ttlMs,
      now: options.now ?? (() => Date.now()),
      maxEntries: 5_000,
    }),
  );
}

/** `fetch()`, or what the same `key` fetched before through the same root handle while still current. */
export async function readReference<T>(db: Queryable, key: string, fetch: () => Promise<T>): Promise<T> {
  const cache = caches.get(db);
  if (!cache) return fetch();
  const kept = cache.get(key);
  if (kept !== undefined) return kept as T;
  const generation = cache.generation();
  const value = await fetch();
  if (value !== undefined) cache.set(key, deepFreeze(value), generation);
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || value instanceof Date)
    return value;
  for (const inner of Object.values(value as object)) deepFreeze(inner);
  return Object.freeze(value);
}
