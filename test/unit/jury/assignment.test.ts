import {
  type BalancedAssignment,
  type IsConflicted,
  type JurorEntryPair,
  assignAll,
  assignBalanced,
  diffAssignments,
} from '../../../src/jury/assignment';
import { type RandomSource, randomInt, seededRandom, shuffled } from '../../../src/jury/seeded-random';
import { fitsWithLoadsBetween, maxAssignments } from './reference-flow';

const noConflicts: IsConflicted = () => false;

function conflictsFrom(pairs: Array<[number, number]>): IsConflicted {
  const keys = new Set(pairs.map(([jurorId, entryId]) => `${jurorId}:${entryId}`));
  return (jurorId, entryId) => keys.has(`${jurorId}:${entryId}`);
}

function loads(result: BalancedAssignment, jurorIds: readonly number[]): Map<number, number> {
  const byJuror = new Map(jurorIds.map((jurorId) => [jurorId, 0]));
  for (const { jurorId } of result.pairs) byJuror.set(jurorId, (byJuror.get(jurorId) ?? 0) + 1);
  return byJuror;
}

function jurorsPerEntry(result: BalancedAssignment, entryId: number): number[] {
  return result.pairs.filter((pair) => pair.entryId === entryId).map((pair) => pair.jurorId);
}

describe('assignAll', () => {
  it('gives every juror every entry except conflicted pairs, sorted by entry then juror', () => {
    const pairs = assignAll({
      jurorIds: [2, 1, 3],
      entryIds: [20, 10],
      isConflicted: conflictsFrom([
        [1, 10],
        [3, 20],
      ]),
    });
    expect(pairs).toEqual([
      { jurorId: 2, entryId: 10 },
      { jurorId: 3, entryId: 10 },
      { jurorId: 1, entryId: 20 },
      { jurorId: 2, entryId: 20 },
    ]);
  });

  it('ignores duplicate ids and handles empty input', () => {
    expect(assignAll({ jurorIds: [1, 1], entryIds: [5, 5], isConflicted: noConflicts })).toEqual([
      { jurorId: 1, entryId: 5 },
    ]);
    expect(assignAll({ jurorIds: [], entryIds: [1], isConflicted: noConflicts })).toEqual([]);
  });
});

describe('assignBalanced: hand-worked examples', () => {
  it('3 jurors, 3 entries, 2 per entry: everyone scores exactly 2', () => {
    const result = assignBalanced({
      jurorIds: [1, 2, 3],
      entryIds: [10, 20, 30],
      perEntry: 2,
      maxLoad: null,
      isConflicted: noConflicts,
      seed: 'x',
    });
    expect(result.pairs).toHaveLength(6);
    expect([...loads(result, [1, 2, 3]).values()]).toEqual([2, 2, 2]);
    expect(result.shortfalls).toEqual([]);
  });

  it('a juror with a conflict is never put on that entry', () => {
    for (const seed of ['a', 'b', 'c', 1, 2, 3]) {
      const result = assignBalanced({
        jurorIds: [1, 2, 3],
        entryIds: [10],
        perEntry: 2,
        maxLoad: null,
        isConflicted: conflictsFrom([[1, 10]]),
        seed,
      });
      expect(result.pairs).toEqual([
        { jurorId: 2, entryId: 10 },
        { jurorId: 3, entryId: 10 },
      ]);
    }
  });

  it('reports an entry with too few eligible jurors, and still assigns those it has', () => {
    const result = assignBalanced({
      jurorIds: [1, 2, 3],
      entryIds: [10, 20],
      perEntry: 2,
      maxLoad: null,
      isConflicted: conflictsFrom([
        [1, 20],
        [2, 20],
      ]),
      seed: 'x',
    });
    expect(jurorsPerEntry(result, 20)).toEqual([3]);
    expect(result.shortfalls).toEqual([{ entryId: 20, assigned: 1, wanted: 2, eligible: 1 }]);
  });

  it('reports entries left short because every eligible juror is at maxLoad', () => {
    const result = assignBalanced({
      jurorIds: [1, 2],
      entryIds: [10, 20, 30],
      perEntry: 2,
      maxLoad: 2,
      isConflicted: noConflicts,
      seed: 'x',
    });
    expect(result.pairs).toHaveLength(4);
    expect([...loads(result, [1, 2]).values()]).toEqual([2, 2]);
    const missing = result.shortfalls.reduce((sum, s) => sum + s.wanted - s.assigned, 0);
    expect(missing).toBe(2);
    for (const shortfall of result.shortfalls) expect(shortfall.eligible).toBe(2);
  });

  it('moves jurors around when a first greedy choice would leave an entry short (maxLoad 1)', () => {
    // Each entry has two eligible jurors and a perfect matching exists; some greedy orders miss it.
    const isConflicted = conflictsFrom([
      [3, 10],
      [1, 20],
      [2, 30],
    ]);
    for (let seed = 0; seed < 50; seed++) {
      const result = assignBalanced({
        jurorIds: [1, 2, 3],
        entryIds: [10, 20, 30],
        perEntry: 1,
        maxLoad: 1,
        isConflicted,
        seed,
      });
      expect(result.shortfalls).toEqual([]);
      expect(result.pairs).toHaveLength(3);
    }
  });

  it('evens out loads that conflicts pushed apart', () => {
    // Juror 1 may only score entries 10 and 20; the others take the rest so that nobody has 2 more than another.
    const entryIds = [10, 20, 30, 40, 50, 60];
    const isConflicted: IsConflicted = (jurorId, entryId) => jurorId === 1 && entryId > 20;
    const result = assignBalanced({
      jurorIds: [1, 2, 3],
      entryIds,
      perEntry: 1,
      maxLoad: null,
      isConflicted,
      seed: 'even',
    });
    expect([...loads(result, [1, 2, 3]).values()]).toEqual([2, 2, 2]);
    expect(jurorsPerEntry(result, 10)).toEqual([1]);
    expect(jurorsPerEntry(result, 20)).toEqual([1]);
  });

  it('assigns nothing with perEntry 0, and reports every entry short when there are no jurors', () => {
    expect(
      assignBalanced({
        jurorIds: [1],
        entryIds: [10],
        perEntry: 0,
        maxLoad: null,
        isConflicted: noConflicts,
        seed: 1,
      }),
    ).toEqual({ pairs: [], shortfalls: [] });
    expect(
      assignBalanced({
        jurorIds: [],
        entryIds: [20, 10],
        perEntry: 3,
        maxLoad: null,
        isConflicted: noConflicts,
        seed: 1,
      }),
    ).toEqual({
      pairs: [],
      shortfalls: [
        { entryId: 10, assigned: 0, wanted: 3, eligible: 0 },
        { entryId: 20, assigned: 0, wanted: 3, eligible: 0 },
      ],
    });
  });

  it('maxLoad 0 assigns nothing', () => {
    const result = assignBalanced({
      jurorIds: [1, 2],
      entryIds: [10],
      perEntry: 1,
      maxLoad: 0,
      isConflicted: noConflicts,
      seed: 1,
    });
    expect(result).toEqual({ pairs: [], shortfalls: [{ entryId: 10, assigned: 0, wanted: 1, eligible: 2 }] });
  });

  it.each([
    [-1, null],
    [1.5, null],
    [Number.NaN, null],
    [2, -1],
    [2, 0.5],
    [2, Infinity],
  ])('rejects perEntry %p with maxLoad %p', (perEntry, maxLoad) => {
    expect(() =>
      assignBalanced({ jurorIds: [1], entryIds: [1], perEntry, maxLoad, isConflicted: noConflicts, seed: 1 }),
    ).toThrow(RangeError);
  });

  it('treats a numeric seed and the same seed as text alike', () => {
    const run = (seed: string | number): BalancedAssignment =>
      assignBalanced({
        jurorIds: [1, 2, 3, 4, 5],
        entryIds: [1, 2, 3, 4, 5, 6, 7],
        perEntry: 2,
        maxLoad: null,
        isConflicted: noConflicts,
        seed,
      });
    expect(run(42)).toEqual(run('42'));
  });

  it('mixes jurors instead of repeating the same panels, so their entry sets overlap widely', () => {
    const jurorIds = Array.from({ length: 25 }, (_, i) => i + 1);
    const entryIds = Array.from({ length: 100 }, (_, i) => i + 1);
    const result = assignBalanced({
      jurorIds,
      entryIds,
      perEntry: 5,
      maxLoad: null,
      isConflicted: noConflicts,
      seed: 's',
    });
    const togetherPairs = new Set<string>();
    for (const entryId of entryIds) {
      const panel = jurorsPerEntry(result, entryId);
      for (const a of panel) for (const b of panel) if (a < b) togetherPairs.add(`${a}-${b}`);
    }
    // Fixed panels would give 5 × 10 = 50 juror pairs; 300 exist.
    expect(togetherPairs.size).toBeGreaterThan(200);
    expect([...loads(result, jurorIds).values()].every((load) => load === 20)).toBe(true);
  });
});

type ConflictPattern = 'none' | 'random' | 'clustered';

interface Instance {
  jurorIds: number[];
  entryIds: number[];
  perEntry: number;
  maxLoad: number | null;
  conflictPattern: ConflictPattern;
  isConflicted: IsConflicted;
  seed: string;
}

function distinctIds(random: RandomSource, count: number): number[] {
  const ids = new Set<number>();
  while (ids.size < count) ids.add(1 + randomInt(random, 1000));
  return [...ids];
}

/**
 * Clustered conflicts mimic regions: jurors belong to groups and an entry is open to only some groups. They
 * make a greedy pass leave loads uneven, which the repair pass must fix.
 */
function randomConflicts({
  random,
  pattern,
  jurorIds,
  entryIds,
}: {
  random: RandomSource;
  pattern: ConflictPattern;
  jurorIds: number[];
  entryIds: number[];
}): Set<string> {
  const conflicts = new Set<string>();
  if (pattern === 'none') return conflicts;
  const rate = [0.1, 0.3, 0.7][randomInt(random, 3)] as number;
  const groupCount = 2 + randomInt(random, 3);
  const groupOf = new Map(jurorIds.map((jurorId) => [jurorId, randomInt(random, groupCount)]));
  for (const entryId of entryIds) {
    const openGroups = new Set([randomInt(random, groupCount), randomInt(random, groupCount)]);
    for (const jurorId of jurorIds) {
      const conflicted =
        pattern === 'random'
          ? random() < rate
          : !openGroups.has(groupOf.get(jurorId) as number) || random() < 0.05;
      if (conflicted) conflicts.add(`${jurorId}:${entryId}`);
    }
  }
  return conflicts;
}

function randomInstance(random: RandomSource, index: number): Instance {
  const jurorIds = distinctIds(random, randomInt(random, 13));
  const entryIds = distinctIds(random, randomInt(random, 31));
  const conflictPattern = (['none', 'none', 'random', 'clustered', 'clustered'] as const)[
    randomInt(random, 5)
  ];
  const conflicts = randomConflicts({ random, pattern: conflictPattern ?? 'none', jurorIds, entryIds });
  return {
    jurorIds,
    entryIds,
    perEntry: randomInt(random, 7),
    maxLoad: random() < 0.5 ? null : randomInt(random, 11),
    conflictPattern: conflictPattern ?? 'none',
    isConflicted: (jurorId, entryId) => conflicts.has(`${jurorId}:${entryId}`),
    seed: `case-${index}`,
  };
}

function run(instance: Instance, overrides: Partial<Instance> = {}): BalancedAssignment {
  const { jurorIds, entryIds, perEntry, maxLoad, isConflicted, seed } = { ...instance, ...overrides };
  return assignBalanced({ jurorIds, entryIds, perEntry, maxLoad, isConflicted, seed });
}

function eligibleCount(instance: Instance, entryId: number): number {
  return instance.jurorIds.filter((jurorId) => !instance.isConflicted(jurorId, entryId)).length;
}

describe('assignBalanced: properties over 300 seeded random instances', () => {
  const generator = seededRandom('assignment-properties');
  const instances = Array.from({ length: 300 }, (_, index) => randomInstance(generator, index));
  const results = instances.map((instance) => run(instance));
  const cases = instances.map((instance, index) => ({
    instance,
    result: results[index] as BalancedAssignment,
  }));

  it('covers a useful spread of instances', () => {
    expect(
      instances.filter((i) => i.maxLoad === null && i.conflictPattern === 'none').length,
    ).toBeGreaterThan(30);
    expect(results.filter((r) => r.shortfalls.length > 0).length).toBeGreaterThan(30);
    expect(results.filter((r) => r.pairs.length > 50).length).toBeGreaterThan(30);
  });

  it('never assigns a conflicted pair, an unknown id or the same pair twice; pairs are sorted', () => {
    for (const { instance, result } of cases) {
      const keys = result.pairs.map((pair) => `${pair.jurorId}:${pair.entryId}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const { jurorId, entryId } of result.pairs) {
        expect(instance.isConflicted(jurorId, entryId)).toBe(false);
        expect(instance.jurorIds).toContain(jurorId);
        expect(instance.entryIds).toContain(entryId);
      }
      const sorted = [...result.pairs].sort((a, b) => a.entryId - b.entryId || a.jurorId - b.jurorId);
      expect(result.pairs).toEqual(sorted);
    }
  });

  it('never gives an entry more than perEntry jurors nor a juror more than maxLoad entries', () => {
    for (const { instance, result } of cases) {
      for (const entryId of instance.entryIds) {
        expect(jurorsPerEntry(result, entryId).length).toBeLessThanOrEqual(instance.perEntry);
      }
      if (instance.maxLoad === null) continue;
      for (const load of loads(result, instance.jurorIds).values()) {
        expect(load).toBeLessThanOrEqual(instance.maxLoad);
      }
    }
  });

  it('without maxLoad, every entry gets min(perEntry, eligible jurors)', () => {
    for (const { instance, result } of cases.filter((c) => c.instance.maxLoad === null)) {
      for (const entryId of instance.entryIds) {
        expect(jurorsPerEntry(result, entryId).length).toBe(
          Math.min(instance.perEntry, eligibleCount(instance, entryId)),
        );
      }
    }
  });

  it('makes as many assignments as capacity allows (equal to a reference maximum flow)', () => {
    for (const { instance, result } of cases) {
      const best = maxAssignments({
        jurorIds: instance.jurorIds,
        entryIds: instance.entryIds,
        isEligible: (jurorId, entryId) => !instance.isConflicted(jurorId, entryId),
        demand: () => instance.perEntry,
        jurorCapacity: instance.maxLoad ?? Infinity,
      });
      expect(result.pairs.length).toBe(best);
    }
  });

  it('leaves an entry short only when every eligible juror not on it is full', () => {
    for (const { instance, result } of cases) {
      const jurorLoads = loads(result, instance.jurorIds);
      for (const { entryId } of result.shortfalls) {
        const onEntry = jurorsPerEntry(result, entryId);
        for (const jurorId of instance.jurorIds) {
          if (instance.isConflicted(jurorId, entryId) || onEntry.includes(jurorId)) continue;
          expect(jurorLoads.get(jurorId)).toBe(instance.maxLoad);
        }
      }
    }
  });

  it('reports exactly the entries with fewer than perEntry jurors, sorted by entry id', () => {
    for (const { instance, result } of cases) {
      const expected = [...instance.entryIds]
        .sort((a, b) => a - b)
        .map((entryId) => ({
          entryId,
          assigned: jurorsPerEntry(result, entryId).length,
          wanted: instance.perEntry,
          eligible: eligibleCount(instance, entryId),
        }))
        .filter((shortfall) => shortfall.assigned < instance.perEntry);
      expect(result.shortfalls).toEqual(expected);
      if (instance.maxLoad === null) {
        const tooFewEligible = instance.entryIds.filter(
          (e) => eligibleCount(instance, e) < instance.perEntry,
        );
        expect(result.shortfalls.map((s) => s.entryId)).toEqual(tooFewEligible.sort((a, b) => a - b));
      }
    }
  });

  it('without conflicts and without maxLoad, loads differ by at most one', () => {
    const plain = cases.filter((c) => c.instance.conflictPattern === 'none' && c.instance.maxLoad === null);
    for (const { instance, result } of plain) {
      const values = [...loads(result, instance.jurorIds).values()];
      if (values.length === 0) continue;
      expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
    }
  });

  it('spreads loads as evenly as any assignment with the same jurors per entry could', () => {
    for (const { instance, result } of cases) {
      const values = [...loads(result, instance.jurorIds).values()];
      if (values.length === 0) continue;
      const [lowest, highest] = [Math.min(...values), Math.max(...values)];
      const sameCounts = {
        jurorIds: instance.jurorIds,
        entryIds: instance.entryIds,
        isEligible: (jurorId: number, entryId: number) => !instance.isConflicted(jurorId, entryId),
        demand: (entryId: number) => jurorsPerEntry(result, entryId).length,
      };
      const ceiling = instance.maxLoad ?? result.pairs.length;
      // Neither a lower heaviest load nor a higher lightest load is achievable.
      if (highest > 0)
        expect(fitsWithLoadsBetween({ ...sameCounts, minLoad: 0, maxLoad: highest - 1 })).toBe(false);
      expect(fitsWithLoadsBetween({ ...sameCounts, minLoad: lowest + 1, maxLoad: ceiling })).toBe(false);
      expect(fitsWithLoadsBetween({ ...sameCounts, minLoad: lowest, maxLoad: highest })).toBe(true);
    }
  });

  it('gives the same result for the same seed, whatever the order (or duplication) of the ids', () => {
    for (const { instance, result } of cases) {
      expect(run(instance)).toEqual(result);
      const reorder = seededRandom(instance.seed);
      const jurorIds = shuffled([...instance.jurorIds, ...instance.jurorIds.slice(0, 2)], reorder);
      const entryIds = shuffled([...instance.entryIds, ...instance.entryIds.slice(0, 2)], reorder);
      expect(run(instance, { jurorIds, entryIds })).toEqual(result);
    }
  });

  it('usually gives a different result for a different seed when there is a choice to make', () => {
    const withChoice = cases.filter(
      ({ instance }) =>
        instance.perEntry > 0 &&
        instance.maxLoad !== 0 &&
        instance.entryIds.length >= 3 &&
        instance.entryIds.some((entryId) => eligibleCount(instance, entryId) > instance.perEntry + 1),
    );
    const differing = withChoice.filter(
      ({ instance, result }) =>
        JSON.stringify(run(instance, { seed: `${instance.seed}-other` })) !== JSON.stringify(result),
    );
    expect(withChoice.length).toBeGreaterThan(80);
    expect(differing.length / withChoice.length).toBeGreaterThan(0.9);
  });
});

describe('assignBalanced: realistic size', () => {
  const random = seededRandom('size');
  const jurorIds = Array.from({ length: 25 }, (_, i) => 1000 + i);
  const entryIds = Array.from({ length: 500 }, (_, i) => 1 + i);
  const conflicts = new Set<string>();
  for (const jurorId of jurorIds) {
    for (const entryId of entryIds) if (random() < 0.1) conflicts.add(`${jurorId}:${entryId}`);
  }
  const isConflicted: IsConflicted = (jurorId, entryId) => conflicts.has(`${jurorId}:${entryId}`);

  it.each([null, 100, 90])(
    '500 entries × 25 jurors × 5 per entry, maxLoad %p, well under a second',
    (maxLoad) => {
      const started = performance.now();
      const result = assignBalanced({
        jurorIds,
        entryIds,
        perEntry: 5,
        maxLoad,
        isConflicted,
        seed: 'edition-2025',
      });
      expect(performance.now() - started).toBeLessThan(1000);
      const values = [...loads({ pairs: result.pairs, shortfalls: [] }, jurorIds).values()];
      if (maxLoad === 90) {
        // 25 × 90 = 2250 < 2500 wanted: every juror full, the rest reported.
        expect(values.every((load) => load === 90)).toBe(true);
        expect(result.shortfalls.reduce((sum, s) => sum + s.wanted - s.assigned, 0)).toBe(250);
      } else {
        expect(result.pairs).toHaveLength(2500);
        expect(result.shortfalls).toEqual([]);
        expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
      }
    },
  );
});

describe('diffAssignments', () => {
  const pair = (jurorId: number, entryId: number): JurorEntryPair => ({ jurorId, entryId });

  it('lists added and removed pairs, sorted by entry then juror', () => {
    const before = [pair(1, 10), pair(2, 10), pair(3, 20)];
    const after = [pair(3, 20), pair(4, 10), pair(1, 30), pair(2, 5)];
    expect(diffAssignments(before, after)).toEqual({
      added: [pair(2, 5), pair(4, 10), pair(1, 30)],
      removed: [pair(1, 10), pair(2, 10)],
    });
  });

  it('is empty for the same pairs in another order, and counts duplicates once', () => {
    expect(diffAssignments([pair(1, 1), pair(2, 2)], [pair(2, 2), pair(1, 1), pair(1, 1)])).toEqual({
      added: [],
      removed: [],
    });
    expect(diffAssignments([], [pair(1, 1), pair(1, 1)])).toEqual({ added: [pair(1, 1)], removed: [] });
  });

  it('returns fresh objects, not the caller’s', () => {
    const original = pair(1, 1);
    const { added } = diffAssignments([], [original]);
    expect(added[0]).toEqual(original);
    expect(added[0]).not.toBe(original);
  });
});

describe('seeded random source', () => {
  it('is reproducible, in [0, 1), and differs between seeds', () => {
    const a = seededRandom('seed');
    const b = seededRandom('seed');
    const c = seededRandom('other');
    const fromA = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(fromA);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(fromA);
    expect(fromA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('shuffles into a permutation, roughly uniformly, leaving the input intact', () => {
    const random = seededRandom(7);
    const items = [1, 2, 3, 4];
    const firstCounts = new Map<number, number>();
    for (let i = 0; i < 4000; i++) {
      const result = shuffled(items, random);
      expect([...result].sort()).toEqual(items);
      firstCounts.set(result[0] as number, (firstCounts.get(result[0] as number) ?? 0) + 1);
    }
    expect(items).toEqual([1, 2, 3, 4]);
    for (const count of firstCounts.values()) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});
