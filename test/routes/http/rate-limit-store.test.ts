import { DbRateLimitStore } from '../../../src/db/rate-limit.repo';
import { openDb, runMigrations } from '../../../src/db/db';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

/**
 * The rate-limit counters live in the database: two stores on two connections (two app processes) count into
 * the same counter, a window ends on the app's clock, and a decrement gives a hit back.
 */
let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

it('counts across two connections to one database, per key, within a window on the given clock', async () => {
  let now = 1_000_000;
  const second = openDb(t.config);
  await runMigrations(second);
  try {
    const a = new DbRateLimitStore(t.db, 'login', () => now, 60_000);
    const b = new DbRateLimitStore(second, 'login', () => now, 60_000);
    expect((await a.increment('1.2.3.4|x@y.nl')).totalHits).toBe(1);
    expect((await b.increment('1.2.3.4|x@y.nl')).totalHits).toBe(2);
    const third = await a.increment('1.2.3.4|x@y.nl');
    expect(third).toEqual({ totalHits: 3, resetTime: new Date(1_060_000) });
    // Another key and another prefix are other counters.
    expect((await b.increment('5.6.7.8|x@y.nl')).totalHits).toBe(1);
    expect(
      (await new DbRateLimitStore(t.db, 'register', () => now, 60_000).increment('1.2.3.4|x@y.nl')).totalHits,
    ).toBe(1);
    await b.decrement('1.2.3.4|x@y.nl');
    expect(await a.get('1.2.3.4|x@y.nl')).toEqual({ totalHits: 2, resetTime: new Date(1_060_000) });
    now += 60_000; // the window has ended: a new one starts at 1
    expect(await a.get('1.2.3.4|x@y.nl')).toBeUndefined();
    expect((await b.increment('1.2.3.4|x@y.nl')).totalHits).toBe(1);
    await a.resetKey('1.2.3.4|x@y.nl');
    expect(await b.get('1.2.3.4|x@y.nl')).toBeUndefined();
  } finally {
    await second.destroy();
  }
});
