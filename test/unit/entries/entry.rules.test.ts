import {
  checkAction,
  countWords,
  missingForSubmit,
  type EntryContent,
} from '../../../src/entries/entry.rules';

const open = { editable: true, accepting: true };
const beforeOpening = { editable: true, accepting: false };
const closed = { editable: false, accepting: false };

const complete: EntryContent = {
  title: 'Samen inkopen',
  categoryId: 3,
  summary: 'Kort',
  problem: 'p',
  innovation: 'i',
  resultsEfficiency: 'e',
  resultsEffectiveness: 'f',
  transferability: 't',
  contactName: 'An',
  contactPhone: '030 123 4567',
};

describe('countWords', () => {
  it('counts words separated by any white space', () => {
    expect(countWords('  een  twee\ndrie\tvier ')).toBe(4);
    expect(countWords('')).toBe(0);
    expect(countWords('   ')).toBe(0);
  });
});

describe('missingForSubmit', () => {
  it('lists empty required fields in form order; partners are optional', () => {
    expect(missingForSubmit(complete)).toEqual([]);
    expect(missingForSubmit({ ...complete, title: '  ', categoryId: null, contactPhone: '' })).toEqual([
      'title',
      'categoryId',
      'contactPhone',
    ]);
  });
});

describe('checkAction', () => {
  it('allows editing a draft or submitted entry until the deadline, never a withdrawn one', () => {
    expect(checkAction({ action: 'edit', status: 'draft', window: beforeOpening })).toEqual({ ok: true });
    expect(checkAction({ action: 'edit', status: 'submitted', window: open })).toEqual({ ok: true });
    expect(checkAction({ action: 'edit', status: 'withdrawn', window: open })).toEqual({
      ok: false,
      reason: 'withdrawn',
    });
    expect(checkAction({ action: 'edit', status: 'draft', window: closed })).toEqual({
      ok: false,
      reason: 'deadline_passed',
    });
    expect(checkAction({ action: 'edit', status: 'submitted', window: closed })).toEqual({
      ok: false,
      reason: 'deadline_passed',
    });
  });

  it('submits only a complete draft, with a verified e-mail, while entries are accepted', () => {
    const base = { action: 'submit' as const, status: 'draft' as const, emailVerified: true, missing: [] };
    expect(checkAction({ ...base, window: open })).toEqual({ ok: true });
    expect(checkAction({ ...base, window: beforeOpening })).toEqual({ ok: false, reason: 'not_open_yet' });
    expect(checkAction({ ...base, window: closed })).toEqual({ ok: false, reason: 'deadline_passed' });
    expect(checkAction({ ...base, window: open, emailVerified: false })).toEqual({
      ok: false,
      reason: 'email_not_verified',
    });
    expect(checkAction({ ...base, window: open, missing: ['title'] })).toEqual({
      ok: false,
      reason: 'incomplete',
    });
    expect(checkAction({ ...base, window: open, status: 'submitted' })).toEqual({
      ok: false,
      reason: 'already_submitted',
    });
    expect(checkAction({ ...base, window: open, status: 'withdrawn' })).toEqual({
      ok: false,
      reason: 'withdrawn',
    });
  });

  it('withdraws a draft or submitted entry before the deadline, and takes a withdrawn one back into draft', () => {
    expect(checkAction({ action: 'withdraw', status: 'submitted', window: open })).toEqual({ ok: true });
    expect(checkAction({ action: 'withdraw', status: 'draft', window: open })).toEqual({ ok: true });
    expect(checkAction({ action: 'withdraw', status: 'withdrawn', window: open })).toEqual({
      ok: false,
      reason: 'not_submitted_or_draft',
    });
    expect(checkAction({ action: 'withdraw', status: 'submitted', window: closed })).toEqual({
      ok: false,
      reason: 'deadline_passed',
    });
    expect(checkAction({ action: 'reopen', status: 'withdrawn', window: open })).toEqual({ ok: true });
    expect(checkAction({ action: 'reopen', status: 'draft', window: open })).toEqual({
      ok: false,
      reason: 'not_withdrawn',
    });
    expect(checkAction({ action: 'reopen', status: 'withdrawn', window: closed })).toEqual({
      ok: false,
      reason: 'deadline_passed',
    });
  });
});
