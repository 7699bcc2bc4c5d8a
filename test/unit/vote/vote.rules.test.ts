import {
  audienceWinners,
  CODE_ALPHABET,
  CODE_BITS,
  CODE_LENGTH,
  formatCode,
  hashCode,
  newCode,
  normaliseCode,
  openProblem,
  sharePercent,
  voteState,
} from '../../../src/vote/vote.rules';
import { snapshotOf } from '../../../src/vote/vote.pages';

describe('voting codes', () => {
  it('carry at least 40 random bits', () => {
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(CODE_BITS).toBe(50);
    expect(CODE_BITS).toBeGreaterThanOrEqual(40);
  });

  it('are drawn from the whole alphabet at every position', () => {
    let n = 0;
    const code = newCode(() => n++ % 32);
    expect(code).toBe('0123456789');
    expect(newCode(() => 31)).toBe('ZZZZZZZZZZ');
    const many = new Set(Array.from({ length: 2000 }, () => newCode()));
    expect(many.size).toBe(2000);
    for (const c of many) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
  });

  it('are printed in two groups of five and read back however they are typed', () => {
    expect(formatCode('7K3QDW9XPA')).toBe('7K3QD-W9XPA');
    expect(normaliseCode('7K3QD-W9XPA')).toBe('7K3QDW9XPA');
    expect(normaliseCode(' 7k3qd w9xpa ')).toBe('7K3QDW9XPA');
    // The letters people confuse with digits.
    expect(normaliseCode('O1234-5678I')).toBe('0123456781');
    expect(normaliseCode('L1234-56789')).toBe('1123456789');
  });

  it('refuse anything that cannot be a code', () => {
    for (const bad of ['', '7K3QD', '7K3QD-W9XPAB', 'UUUUU-UUUUU', '7K3QD/W9XPA', null, 42, 'x'.repeat(100)])
      expect(normaliseCode(bad)).toBeNull();
    expect(CODE_LENGTH).toBe(10);
  });

  it('are stored as a SHA-256 hash that differs per code', () => {
    expect(hashCode('7K3QDW9XPA')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashCode('7K3QDW9XPA')).not.toBe(hashCode('7K3QDW9XPB'));
    expect(hashCode('7K3QDW9XPA')).not.toContain('7K3QD');
  });
});

describe('voteState', () => {
  const vote = { opensAt: new Date('2027-11-20T19:00:00Z'), closesAt: new Date('2027-11-20T19:10:00Z') };
  it('is open from the opening (inclusive) to the closing (exclusive)', () => {
    expect(voteState(undefined, new Date())).toBe('notOpened');
    expect(voteState(vote, new Date('2027-11-20T18:59:59Z'))).toBe('notOpened');
    expect(voteState(vote, new Date('2027-11-20T19:00:00Z'))).toBe('open');
    expect(voteState(vote, new Date('2027-11-20T19:09:59.999Z'))).toBe('open');
    expect(voteState(vote, new Date('2027-11-20T19:10:00Z'))).toBe('closed');
  });
});

describe('openProblem', () => {
  it('needs two finalists, a vote not opened before, and no announcement yet', () => {
    expect(openProblem({ state: 'notOpened', finalists: 2, announced: false })).toBeNull();
    expect(openProblem({ state: 'notOpened', finalists: 1, announced: false })).toBe(
      'vote.errors.tooFewFinalists',
    );
    expect(openProblem({ state: 'open', finalists: 3, announced: false })).toBe('vote.errors.alreadyOpened');
    expect(openProblem({ state: 'closed', finalists: 3, announced: false })).toBe(
      'vote.errors.alreadyOpened',
    );
    expect(openProblem({ state: 'notOpened', finalists: 3, announced: true })).toBe('vote.errors.announced');
  });
});

describe('audienceWinners', () => {
  const tally = (pairs: Array<[number, number]>) => ({
    counts: new Map(pairs),
    total: pairs.reduce((n, [, c]) => n + c, 0),
  });
  it('is the finalist with the most votes', () => {
    expect(
      audienceWinners(
        tally([
          [1, 10],
          [2, 30],
          [3, 5],
        ]),
        [1, 2, 3],
      ),
    ).toEqual([2]);
  });
  it('is shared on a tie, in the finalists order', () => {
    expect(
      audienceWinners(
        tally([
          [1, 7],
          [2, 3],
          [3, 7],
        ]),
        [3, 2, 1],
      ),
    ).toEqual([3, 1]);
  });
  it('is nobody without votes', () => {
    expect(
      audienceWinners(
        tally([
          [1, 0],
          [2, 0],
        ]),
        [1, 2],
      ),
    ).toEqual([]);
  });
});

describe('the projector snapshot', () => {
  const now = new Date('2027-11-20T19:05:00Z');
  const vote = {
    editionId: 1,
    opensAt: new Date('2027-11-20T19:00:00Z'),
    closesAt: new Date('2027-11-20T19:10:00Z'),
    countsVisible: false,
    updatedAt: now,
  };
  const tally = {
    counts: new Map([
      [5, 2],
      [6, 1],
    ]),
    total: 3,
  };
  it('gives only the total while the counts are hidden', () => {
    expect(snapshotOf(vote, tally, now)).toEqual({
      state: 'open',
      visible: false,
      total: 3,
      closesAt: '2027-11-20T19:10:00.000Z',
      counts: null,
    });
  });
  it('gives each finalist count and share once revealed', () => {
    expect(snapshotOf({ ...vote, countsVisible: true }, tally, now).counts).toEqual({
      '5': { count: 2, percent: 67 },
      '6': { count: 1, percent: 33 },
    });
    expect(sharePercent(0, 0)).toBe(0);
  });
});
