import {
  checkSheetAction,
  completion,
  isDeliberationOpen,
  isScoringOpen,
  missingForFinal,
  pairState,
  parseScoreValue,
} from '../../../src/jury/scoring.rules';
import { parsePairs, parseScoreForm, tiesOf } from '../../../src/jury/jury.schemas';
import type { Phase } from '../../../src/editions/phase';

const deadline = new Date('2027-11-15T16:00:00Z');
const edition = (phase: Phase, scoringDeadline: Date | null = deadline) => ({
  phase,
  closesAt: new Date('2027-10-31T22:59:00Z'),
  scoringDeadline,
});

describe('when scoring is open', () => {
  it('only in judging and strictly before the deadline', () => {
    const before = new Date(deadline.getTime() - 1);
    expect(isScoringOpen(edition('judging'), before)).toBe(true);
    expect(isScoringOpen(edition('judging'), deadline)).toBe(false);
    for (const phase of ['concept', 'open', 'closed', 'deliberation', 'decided', 'announced'] as const) {
      expect(isScoringOpen(edition(phase), before)).toBe(false);
    }
    expect(isScoringOpen(edition('judging', null), new Date('2030-01-01'))).toBe(true);
  });

  it('deliberation visibility from the deliberation phase on', () => {
    const now = new Date('2027-11-20T10:00:00Z');
    expect(isDeliberationOpen(edition('judging'), now)).toBe(false);
    expect(isDeliberationOpen(edition('deliberation'), now)).toBe(true);
    expect(isDeliberationOpen(edition('decided'), now)).toBe(true);
    expect(isDeliberationOpen(edition('announced'), now)).toBe(true);
  });
});

describe('sheet actions', () => {
  it('refuses everything while scoring is closed', () => {
    for (const action of ['draft', 'final', 'abstain', 'reopen'] as const) {
      expect(checkSheetAction({ action, status: 'final', scoringOpen: false })).toEqual({
        ok: false,
        reason: 'scoring_closed',
      });
    }
  });

  it('final and abstained sheets are read-only until reopened; only they can be reopened', () => {
    expect(checkSheetAction({ action: 'draft', status: null, scoringOpen: true })).toEqual({ ok: true });
    expect(checkSheetAction({ action: 'final', status: 'draft', scoringOpen: true })).toEqual({ ok: true });
    expect(checkSheetAction({ action: 'draft', status: 'final', scoringOpen: true })).toEqual({
      ok: false,
      reason: 'already_final',
    });
    expect(checkSheetAction({ action: 'abstain', status: 'abstained', scoringOpen: true })).toEqual({
      ok: false,
      reason: 'abstained',
    });
    expect(checkSheetAction({ action: 'reopen', status: 'final', scoringOpen: true })).toEqual({ ok: true });
    expect(checkSheetAction({ action: 'reopen', status: 'abstained', scoringOpen: true })).toEqual({
      ok: true,
    });
    expect(checkSheetAction({ action: 'reopen', status: 'draft', scoringOpen: true })).toEqual({
      ok: false,
      reason: 'not_final_or_abstained',
    });
  });
});

describe('score values', () => {
  const scale = { min: 1, max: 10 };
  it('accepts whole numbers within the scale, exactly as posted', () => {
    expect(parseScoreValue('1', scale)).toEqual({ ok: true, value: 1 });
    expect(parseScoreValue('10', scale)).toEqual({ ok: true, value: 10 });
  });

  it('refuses anything else', () => {
    for (const raw of ['', ' 7', '7.0', '7.5', '7e0', '0x7', 'zeven', '+7']) {
      expect(parseScoreValue(raw, scale)).toEqual({ ok: false, error: 'not_integer' });
    }
    for (const raw of ['0', '11', '-1', '9999']) {
      expect(parseScoreValue(raw, scale)).toEqual({ ok: false, error: 'out_of_scale' });
    }
  });

  it('final needs every criterion and a motivation', () => {
    const values = new Map<number, number | null>([
      [1, 5],
      [2, null],
    ]);
    expect(missingForFinal({ criterionIds: [1, 2, 3], values, motivation: '  ' })).toEqual({
      criteria: [2, 3],
      motivation: true,
    });
    expect(
      missingForFinal({
        criterionIds: [1],
        values,
        motivation: 'Goed',
      }),
    ).toEqual({ criteria: [], motivation: false });
  });
});

describe('states and completion', () => {
  it('a conflict wins over any sheet; no sheet is not started', () => {
    expect(pairState({ conflicted: true, status: 'final' })).toBe('conflict');
    expect(pairState({ conflicted: false, status: null })).toBe('not_started');
    expect(pairState({ conflicted: false, status: 'abstained' })).toBe('abstained');
  });

  it('counts final and abstained as done, leaves conflicts out, rounds down', () => {
    expect(completion(['final', 'abstained', 'draft', 'conflict'])).toEqual({
      done: 2,
      total: 3,
      percent: 66,
    });
    expect(completion([])).toEqual({ done: 0, total: 0, percent: 0 });
  });
});

describe('form parsing', () => {
  it('keeps raw criterion keys so that the service can refuse unknown ones', () => {
    const parsed = parseScoreForm({
      score_12: '7',
      comment_12: ' goed \r\n idee ',
      score_abc: '3',
      action: 'final',
      _csrf: 'x',
    });
    expect(parsed.action).toBe('final');
    expect([...parsed.posted.scores]).toEqual([
      ['12', '7'],
      ['abc', '3'],
    ]);
    expect(parsed.posted.comments.get('12')).toBe('goed \n idee');
    expect(parsed.posted.motivation).toBeUndefined();
    expect(parseScoreForm({ action: 'anything' }).action).toBe('draft');
  });

  it('reads assignment checkboxes and refuses malformed ones', () => {
    expect(parsePairs(['3:4', '5:6'])).toEqual([
      { jurorId: 3, entryId: 4 },
      { jurorId: 5, entryId: 6 },
    ]);
    expect(parsePairs(undefined)).toEqual([]);
    expect(parsePairs(['3:x'])).toBeNull();
  });

  it('counts an organisation ticked as both member and board once, as the board seat', () => {
    expect(tiesOf({ tiesMember: [5, 2], tiesBoard: [5] })).toEqual([
      { organisationId: 2, kind: 'member' },
      { organisationId: 5, kind: 'board' },
    ]);
  });
});
