import {
  acceptsEntries,
  effectivePhase,
  isBeforeOpening,
  isPhase,
  isPublished,
  moveErrorKey,
  nextPhase,
  Phase,
  PHASES,
  phaseIndex,
  planMove,
  type MovePlan,
} from '../../../src/editions/phase';
import { parseLocalDateTime } from '../../../src/shared/time';

const opensAt = new Date('2026-09-01T08:00:00.000Z');
const closesAt = new Date('2026-10-25T22:59:00.000Z');
const ms = (date: Date, delta: number) => new Date(date.getTime() + delta);

describe('phase basics', () => {
  it('lists the phases in order', () => {
    expect(PHASES).toEqual(['concept', 'open', 'closed', 'judging', 'deliberation', 'decided', 'announced']);
    expect(phaseIndex('concept')).toBe(0);
    expect(phaseIndex('judging')).toBe(3);
    expect(phaseIndex('announced')).toBe(6);
  });

  it('gives the next phase, and none after announced', () => {
    expect(nextPhase('concept')).toBe('open');
    expect(nextPhase('open')).toBe('closed');
    expect(nextPhase('closed')).toBe('judging');
    expect(nextPhase('judging')).toBe('deliberation');
    expect(nextPhase('deliberation')).toBe('decided');
    expect(nextPhase('decided')).toBe('announced');
    expect(nextPhase('announced')).toBeNull();
  });

  it('recognises phases and rejects everything else', () => {
    expect(isPhase('deliberation')).toBe(true);
    expect(isPhase('Open')).toBe(false);
    expect(isPhase('draft')).toBe(false);
    expect(isPhase('')).toBe(false);
    expect(isPhase(undefined)).toBe(false);
    expect(isPhase(1)).toBe(false);
    expect(isPhase(['open'])).toBe(false);
  });

  it('treats every phase but concept as published', () => {
    expect(isPublished('concept')).toBe(false);
    expect(isPublished('open')).toBe(true);
    expect(isPublished('announced')).toBe(true);
  });

  it('maps move errors to i18n keys', () => {
    expect(moveErrorKey('skips_phase')).toBe('editions.phase.errors.skips_phase');
    expect(moveErrorKey('announced_is_final')).toBe('editions.phase.errors.announced_is_final');
  });
});

describe('effectivePhase', () => {
  const open = { phase: 'open' as const, opensAt, closesAt };

  it('stays open until one millisecond before closesAt', () => {
    expect(effectivePhase(open, ms(opensAt, -1))).toBe('open');
    expect(effectivePhase(open, ms(closesAt, -1))).toBe('open');
  });

  it('closes automatically at exactly closesAt', () => {
    expect(effectivePhase(open, closesAt)).toBe('closed');
    expect(effectivePhase(open, ms(closesAt, 86_400_000))).toBe('closed');
  });

  it('keeps an open edition without a deadline open', () => {
    expect(effectivePhase({ phase: 'open', opensAt, closesAt: null }, ms(closesAt, 1))).toBe('open');
  });

  it('never changes any other stored phase', () => {
    const after = ms(closesAt, 1);
    expect(effectivePhase({ phase: 'concept', opensAt, closesAt }, after)).toBe('concept');
    expect(effectivePhase({ phase: 'closed', opensAt, closesAt }, ms(opensAt, 1))).toBe('closed');
    expect(effectivePhase({ phase: 'judging', opensAt, closesAt }, ms(opensAt, 1))).toBe('judging');
    expect(effectivePhase({ phase: 'announced', opensAt, closesAt }, after)).toBe('announced');
  });

  it('closes a 23:59 deadline on the last Sunday of October (CET) at 22:59Z, not an hour off', () => {
    const deadline = parseLocalDateTime('2026-10-25T23:59');
    expect(deadline).not.toBeNull();
    const edition = { phase: 'open' as const, opensAt, closesAt: deadline };
    expect(effectivePhase(edition, new Date('2026-10-25T22:58:00.000Z'))).toBe('open');
    expect(effectivePhase(edition, new Date('2026-10-25T22:59:00.000Z'))).toBe('closed');
    expect(effectivePhase(edition, new Date('2026-10-25T23:00:00.000Z'))).toBe('closed');
    // 21:59Z is 23:59 in summer time; the deadline must not fire then.
    expect(effectivePhase(edition, new Date('2026-10-25T21:59:00.000Z'))).toBe('open');
  });
});

describe('acceptsEntries', () => {
  const open = { phase: 'open' as const, opensAt, closesAt };

  it('accepts from opensAt inclusive to closesAt exclusive', () => {
    expect(acceptsEntries(open, ms(opensAt, -1))).toBe(false);
    expect(acceptsEntries(open, opensAt)).toBe(true);
    expect(acceptsEntries(open, ms(closesAt, -1))).toBe(true);
    expect(acceptsEntries(open, closesAt)).toBe(false);
  });

  it('accepts nothing in any other stored phase, even inside the window', () => {
    const inside = ms(opensAt, 1000);
    for (const phase of PHASES.filter((p) => p !== 'open')) {
      expect(acceptsEntries({ phase, opensAt, closesAt }, inside)).toBe(false);
    }
  });

  it('accepts nothing while a date is missing', () => {
    expect(acceptsEntries({ phase: 'open', opensAt: null, closesAt }, ms(opensAt, 1))).toBe(false);
    expect(acceptsEntries({ phase: 'open', opensAt, closesAt: null }, ms(opensAt, 1))).toBe(false);
  });
});

describe('isBeforeOpening', () => {
  it('is true only for a published open edition before opensAt', () => {
    const open = { phase: 'open' as const, opensAt, closesAt };
    expect(isBeforeOpening(open, ms(opensAt, -1))).toBe(true);
    expect(isBeforeOpening(open, opensAt)).toBe(false);
    expect(isBeforeOpening({ ...open, phase: 'concept' }, ms(opensAt, -1))).toBe(false);
    expect(isBeforeOpening({ ...open, opensAt: null }, ms(opensAt, -1))).toBe(false);
  });
});

describe('planMove matrix', () => {
  // F = forward, R = reopen, others are error codes. Rows: from; columns: to, both in PHASES order.
  type Cell = 'F' | 'R' | 'same' | 'skip' | 'final' | 'unpub' | 'denied' | 'reason';
  const toPlan: Record<Cell, MovePlan> = {
    F: { ok: true, kind: 'forward' },
    R: { ok: true, kind: 'reopen' },
    same: { ok: false, error: 'same_phase' },
    skip: { ok: false, error: 'skips_phase' },
    final: { ok: false, error: 'announced_is_final' },
    unpub: { ok: false, error: 'cannot_unpublish' },
    denied: { ok: false, error: 'not_allowed' },
    reason: { ok: false, error: 'reason_required' },
  };

  const adminWithReason: Record<Phase, Cell[]> = {
    // columns: concept, open, closed, judging, deliberation, decided, announced
    concept: ['same', 'F', 'skip', 'skip', 'skip', 'skip', 'skip'],
    open: ['unpub', 'same', 'F', 'skip', 'skip', 'skip', 'skip'],
    closed: ['unpub', 'R', 'same', 'F', 'skip', 'skip', 'skip'],
    judging: ['unpub', 'R', 'R', 'same', 'F', 'skip', 'skip'],
    deliberation: ['unpub', 'R', 'R', 'R', 'same', 'F', 'skip'],
    decided: ['unpub', 'R', 'R', 'R', 'R', 'same', 'F'],
    announced: ['final', 'final', 'final', 'final', 'final', 'final', 'same'],
  };

  const adminWithoutReason: Record<Phase, Cell[]> = {
    concept: ['same', 'F', 'skip', 'skip', 'skip', 'skip', 'skip'],
    open: ['unpub', 'same', 'F', 'skip', 'skip', 'skip', 'skip'],
    closed: ['unpub', 'reason', 'same', 'F', 'skip', 'skip', 'skip'],
    judging: ['unpub', 'reason', 'reason', 'same', 'F', 'skip', 'skip'],
    deliberation: ['unpub', 'reason', 'reason', 'reason', 'same', 'F', 'skip'],
    decided: ['unpub', 'reason', 'reason', 'reason', 'reason', 'same', 'F'],
    announced: ['final', 'final', 'final', 'final', 'final', 'final', 'same'],
  };

  const nonAdminWithReason: Record<Phase, Cell[]> = {
    concept: ['same', 'F', 'skip', 'skip', 'skip', 'skip', 'skip'],
    open: ['denied', 'same', 'F', 'skip', 'skip', 'skip', 'skip'],
    closed: ['denied', 'denied', 'same', 'F', 'skip', 'skip', 'skip'],
    judging: ['denied', 'denied', 'denied', 'same', 'F', 'skip', 'skip'],
    deliberation: ['denied', 'denied', 'denied', 'denied', 'same', 'F', 'skip'],
    decided: ['denied', 'denied', 'denied', 'denied', 'denied', 'same', 'F'],
    announced: ['final', 'final', 'final', 'final', 'final', 'final', 'same'],
  };

  const cases = (matrix: Record<Phase, Cell[]>) =>
    PHASES.flatMap((from) => PHASES.map((to, column) => ({ from, to, cell: matrix[from][column] as Cell })));

  it('covers all 7 × 7 moves in every matrix', () => {
    for (const matrix of [adminWithReason, adminWithoutReason, nonAdminWithReason]) {
      expect(Object.keys(matrix)).toEqual([...PHASES]);
      expect(Object.values(matrix).map((row) => row.length)).toEqual([7, 7, 7, 7, 7, 7, 7]);
    }
  });

  it.each(cases(adminWithReason))('admin with reason: $from → $to is $cell', ({ from, to, cell }) => {
    expect(planMove({ from, to, isAdmin: true, reason: 'Jury asked for more time' })).toEqual(toPlan[cell]);
  });

  it.each(cases(adminWithoutReason))('admin without reason: $from → $to is $cell', ({ from, to, cell }) => {
    expect(planMove({ from, to, isAdmin: true })).toEqual(toPlan[cell]);
    expect(planMove({ from, to, isAdmin: true, reason: '' })).toEqual(toPlan[cell]);
    expect(planMove({ from, to, isAdmin: true, reason: '  \n\t ' })).toEqual(toPlan[cell]);
    expect(planMove({ from, to, isAdmin: true, reason: null })).toEqual(toPlan[cell]);
  });

  it.each(cases(nonAdminWithReason))('non-admin with reason: $from → $to is $cell', ({ from, to, cell }) => {
    expect(planMove({ from, to, isAdmin: false, reason: 'Please' })).toEqual(toPlan[cell]);
  });
});

describe('planMove edge cases', () => {
  it('refuses unknown phases on either side', () => {
    expect(planMove({ from: 'draft', to: 'open', isAdmin: true })).toEqual({
      ok: false,
      error: 'unknown_phase',
    });
    expect(planMove({ from: 'open', to: 'OPEN', isAdmin: true })).toEqual({
      ok: false,
      error: 'unknown_phase',
    });
    expect(planMove({ from: 'open', to: '', isAdmin: true })).toEqual({ ok: false, error: 'unknown_phase' });
  });

  it('refuses reopening to open while the deadline has passed', () => {
    const now = new Date('2026-11-01T12:00:00.000Z');
    const move = { from: 'closed', to: 'open', isAdmin: true, reason: 'Server outage on deadline day', now };
    expect(planMove({ ...move, closesAt: ms(now, -1) })).toEqual({ ok: false, error: 'deadline_passed' });
    expect(planMove({ ...move, closesAt: now })).toEqual({ ok: false, error: 'deadline_passed' });
    expect(planMove({ ...move, closesAt: ms(now, 1) })).toEqual({ ok: true, kind: 'reopen' });
    expect(planMove({ ...move, from: 'judging', closesAt: now })).toEqual({
      ok: false,
      error: 'deadline_passed',
    });
  });

  it('refuses publishing an edition whose deadline has passed', () => {
    const now = new Date('2026-11-01T12:00:00.000Z');
    expect(planMove({ from: 'concept', to: 'open', isAdmin: true, closesAt: now, now })).toEqual({
      ok: false,
      error: 'deadline_passed',
    });
    expect(planMove({ from: 'concept', to: 'open', isAdmin: true, closesAt: ms(now, 60_000), now })).toEqual({
      ok: true,
      kind: 'forward',
    });
  });

  it('ignores the deadline for moves that do not go to open', () => {
    const now = new Date('2026-11-01T12:00:00.000Z');
    expect(
      planMove({ from: 'judging', to: 'closed', isAdmin: true, reason: 'x', closesAt: now, now }),
    ).toEqual({
      ok: true,
      kind: 'reopen',
    });
    expect(planMove({ from: 'open', to: 'closed', isAdmin: false, closesAt: ms(now, 1), now })).toEqual({
      ok: true,
      kind: 'forward',
    });
  });

  it('skips the deadline check when closesAt or now is not given', () => {
    const now = new Date('2026-11-01T12:00:00.000Z');
    const reopen = { from: 'closed', to: 'open', isAdmin: true, reason: 'x' };
    expect(planMove({ ...reopen, closesAt: ms(now, -1) })).toEqual({ ok: true, kind: 'reopen' });
    expect(planMove({ ...reopen, now })).toEqual({ ok: true, kind: 'reopen' });
    expect(planMove({ ...reopen, closesAt: null, now })).toEqual({ ok: true, kind: 'reopen' });
  });

  it('checks privilege before the reason, so a non-admin learns only that they may not', () => {
    expect(planMove({ from: 'judging', to: 'closed', isAdmin: false })).toEqual({
      ok: false,
      error: 'not_allowed',
    });
  });
});
