import { createDerivedCache } from '../../../src/http/derived-cache';

describe('createDerivedCache', () => {
  it('reuses a value until the write generation moves', async () => {
    let generation = 0;
    let computed = 0;
    const cache = createDerivedCache<number>({ seconds: 60, generation: () => generation, now: Date.now });
    const compute = async () => ++computed;
    expect(await cache('a', compute)).toBe(1);
    expect(await cache('a', compute)).toBe(1);
    expect(await cache('b', compute)).toBe(2);
    generation++;
    expect(await cache('a', compute)).toBe(3);
    expect(await cache('a', compute)).toBe(3);
  });

  it('does not keep a value computed while a write was under way', async () => {
    let generation = 0;
    const cache = createDerivedCache<string>({ seconds: 60, generation: () => generation, now: Date.now });
    // The generation moves during the computation, as when a POST finishes meanwhile.
    expect(await cache('k', async () => ((generation += 1), 'old'))).toBe('old');
    expect(await cache('k', async () => 'new')).toBe('new');
  });

  it('lets go of values it can no longer serve, and keeps at most maxEntries', async () => {
    let generation = 0;
    const cache = createDerivedCache<number>({
      seconds: 60,
      generation: () => generation,
      maxEntries: 3,
      now: Date.now,
    });
    for (const key of ['a', 'b', 'c', 'd']) await cache(key, async () => 1);
    expect(cache.size()).toBe(3);
    generation++;
    await cache('e', async () => 2);
    // a–d belonged to the old generation: gone as soon as anything is asked, not when their key comes back.
    expect(cache.size()).toBe(1);
  });

  it('lets requests that arrive during a computation share it', async () => {
    let computed = 0;
    const cache = createDerivedCache<number>({ seconds: 60, generation: () => 0, now: Date.now });
    const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(++computed), 20));
    const values = await Promise.all([cache('a', slow), cache('a', slow), cache('a', slow)]);
    expect(values).toEqual([1, 1, 1]);
    expect(computed).toBe(1);
  });

  it('forgets a computation that failed', async () => {
    const cache = createDerivedCache<number>({ seconds: 60, generation: () => 0, now: Date.now });
    await expect(cache('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache('a', async () => 7)).toBe(7);
  });

  it('computes every time when turned off', async () => {
    let computed = 0;
    const cache = createDerivedCache<number>({ seconds: 0, generation: () => 0, now: Date.now });
    await cache('a', async () => ++computed);
    await cache('a', async () => ++computed);
    expect(computed).toBe(2);
  });

  it('expires by time', async () => {
    let now = 1_000_000;
    {
      let computed = 0;
      const cache = createDerivedCache<number>({ seconds: 10, generation: () => 0, now: () => now });
      await cache('a', async () => ++computed);
      now += 9_999;
      await cache('a', async () => ++computed);
      expect(computed).toBe(1);
      now += 2;
      await cache('a', async () => ++computed);
      expect(computed).toBe(2);
    }
  });
});
