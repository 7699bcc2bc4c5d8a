import { errorLine, MAX_ATTEMPTS, nextAttemptAt } from '../../../src/mail/outbox.rules';

const now = new Date('2027-03-01T10:00:00Z');
const after = (attempts: number) => {
  const next = nextAttemptAt(attempts, now);
  return next ? (next.getTime() - now.getTime()) / 60_000 : null;
};

describe('retrying refused mail', () => {
  it('waits longer after each failed attempt and gives up after the fifth', () => {
    expect(MAX_ATTEMPTS).toBe(5);
    expect([1, 2, 3, 4].map(after)).toEqual([1, 5, 30, 120]);
    expect(after(5)).toBeNull();
    expect(after(6)).toBeNull();
    expect(after(0)).toBeNull();
  });

  it('keeps an error as one short line', () => {
    expect(errorLine(new Error('451 Try\n  again later'))).toBe('451 Try again later');
    expect(errorLine('x'.repeat(600))).toHaveLength(500);
    expect(errorLine('')).toBe('error');
  });
});
