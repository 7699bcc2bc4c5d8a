import { EventEmitter } from 'node:events';
import type { Knex } from 'knex';
import { createWriteCounter } from '../../../src/http/write-counter';
import { topicsOfTable, type WriteTopic } from '../../../src/db/write-signal';
import { createGenerationCache } from '../../../src/shared/generation-cache';

/** The statements as knex reports them after they ran, on SQLite (`?`) and PostgreSQL (`$1`). */
function counterWithStatements() {
  const db = new EventEmitter();
  const counter = createWriteCounter();
  counter.watch(db as unknown as Knex);
  const run = (sql: string) => db.emit('query-response', [], { sql });
  return { counter, run };
}

describe('write counter', () => {
  it.each([
    ['select * from `users` where `id` = ?', 0, 0],
    ['update `score_sheets` set `status` = ? where `id` = ?', 1, 0],
    ['update `users` set `active` = ? where `id` = ?', 1, 1],
    ['delete from "memberships" where "id" = $1', 1, 1],
    ['update `sessions` set `expired` = ? where `sid` = ? and datetime(?) <= datetime(expired)', 0, 0],
    [
      'update "sessions" set "expired" = $1 where "sid" = $2 and CAST($3 as timestamp with time zone) <= expired',
      0,
      0,
    ],
    [
      'insert into sessions (sid, expired, sess) values (?, ?, ?) on conflict (sid) do update set sess = ?',
      0,
      1,
    ],
    ['with new_values (sid, expired, sess) as (values ($1, $2, $3)) update "sessions" cs set', 0, 1],
    ['delete from "sessions" where "sid" = $1', 0, 1],
  ])('%s moves data by %i and identity by %i', (sql, data, identity) => {
    const { counter, run } = counterWithStatements();
    run(sql);
    expect([counter.current(), counter.identity()]).toEqual([data, identity]);
  });

  it('follows another process’s writes by topic, and misses while the signal is unhealthy', () => {
    const counter = createWriteCounter();
    let listener: (topic: WriteTopic) => void = () => undefined;
    let healthy = true;
    let checks = 0;
    counter.follow({ onWrite: (l) => (listener = l), healthy: () => healthy, check: () => void checks++ });
    listener('identity');
    expect([counter.current(), counter.identity()]).toEqual([0, 1]);
    expect(checks).toBe(1); // asking for the identity generation looks for commits first
    listener('data');
    expect(counter.current()).toBe(1);
    healthy = false;
    expect(counter.identity()).not.toBe(counter.identity());
    expect(counter.current()).not.toBe(counter.current());
  });

  it('tells which tables are identity, which derived data, which neither', () => {
    expect(topicsOfTable('users')).toEqual(['data', 'identity']);
    expect(topicsOfTable('sessions')).toEqual(['identity']);
    expect(topicsOfTable('score_sheets')).toEqual(['data']);
    expect(topicsOfTable('rate_limits')).toEqual([]);
  });
});

describe('identity cache', () => {
  function cache(ttlMs = 1000, maxEntries?: number) {
    let generation = 0;
    let now = 0;
    const kept = createGenerationCache<string, string>({
      generation: () => generation,
      ttlMs,
      now: () => now,
      maxEntries,
    });
    return {
      kept,
      write: () => generation++,
      wait: (ms: number) => (now += ms),
    };
  }

  it('keeps a value until a write of its kind, its time to live or its own end', () => {
    const { kept, write, wait } = cache();
    kept.set('a', 'A', kept.generation());
    expect(kept.get('a')).toBe('A');
    write();
    expect(kept.get('a')).toBeUndefined();

    kept.set('b', 'B', kept.generation());
    wait(1000);
    expect(kept.get('b')).toBeUndefined();

    kept.set('c', 'C', kept.generation(), 1500); // ends at 1500 ms, the clock being at 1000
    wait(499);
    expect(kept.get('c')).toBe('C');
    wait(1);
    expect(kept.get('c')).toBeUndefined();
  });

  it('does not keep a value read before a write that came while it was read', () => {
    const { kept, write } = cache();
    const before = kept.generation();
    write();
    kept.set('a', 'old', before);
    expect(kept.get('a')).toBeUndefined();
  });

  it('holds at most maxEntries, letting the oldest go', () => {
    const { kept } = cache(1000, 2);
    for (const k of ['a', 'b', 'c']) kept.set(k, k, kept.generation());
    expect([kept.get('a'), kept.get('b'), kept.get('c'), kept.size]).toEqual([undefined, 'b', 'c', 2]);
  });

  it('keeps nothing with a time to live of 0', () => {
    const { kept } = cache(0);
    kept.set('a', 'A', kept.generation());
    expect(kept.get('a')).toBeUndefined();
  });
});
