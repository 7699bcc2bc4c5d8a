import { ceremonySteps, stepIndex } from '../../../src/results/ceremony';
import {
  announceProblems,
  decisionProblems,
  isAggregation,
  isAnnounced,
  mayDeliberate,
  nominationProblem,
} from '../../../src/results/results.rules';
import type { Shortlist } from '../../../src/results/results.service';
import type { ResultsEntry } from '../../../src/results/results.view';

const decided = { decidedAt: new Date('2027-11-20T10:00:00Z'), announcedAt: null };

describe('deliberation rules', () => {
  it('lets the jury deliberate in deliberation and decided only', () => {
    expect(mayDeliberate('deliberation')).toBe(true);
    expect(mayDeliberate('decided')).toBe(true);
    for (const phase of ['concept', 'open', 'closed', 'judging', 'announced'] as const) {
      expect(mayDeliberate(phase)).toBe(false);
    }
  });

  it('knows the four aggregations', () => {
    expect(isAggregation('zscore')).toBe(true);
    expect(isAggregation('average')).toBe(false);
  });

  it('accepts a decision for a nominee with a motivation', () => {
    const ok = {
      phase: 'deliberation',
      announced: false,
      winnerEntryId: 4,
      winnerKind: 'nominee',
      winnerRanked: true,
      motivation: 'Omdat.',
    } as const;
    expect(decisionProblems(ok)).toEqual([]);
    expect(decisionProblems({ ...ok, winnerEntryId: null, winnerKind: null, motivation: ' ' })).toEqual([
      'winnerRequired',
      'motivationRequired',
    ]);
    expect(decisionProblems({ ...ok, winnerKind: 'honourable_mention' })).toEqual(['winnerNotNominee']);
    expect(decisionProblems({ ...ok, winnerKind: null })).toEqual(['winnerNotNominee']);
    // A nominee scored by fewer jurors than the edition's minimum has no rank, so it cannot win.
    expect(decisionProblems({ ...ok, winnerRanked: false })).toEqual(['winnerNotRanked']);
    expect(decisionProblems({ ...ok, motivation: 'x'.repeat(5001) })).toEqual(['motivationTooLong']);
    expect(decisionProblems({ ...ok, phase: 'judging' })).toEqual(['phase']);
    expect(decisionProblems({ ...ok, announced: true })).toEqual(['announced']);
  });

  it('announces once, from decided, with a decision', () => {
    expect(announceProblems({ phase: 'decided', decision: decided })).toEqual([]);
    expect(announceProblems({ phase: 'deliberation', decision: decided })).toEqual(['notDecided']);
    expect(announceProblems({ phase: 'decided', decision: null })).toEqual(['noDecision']);
    expect(announceProblems({ phase: 'announced', decision: decided })).toEqual(['alreadyAnnounced']);
    expect(announceProblems({ phase: 'decided', decision: { announcedAt: new Date() } })).toEqual([
      'alreadyAnnounced',
    ]);
  });

  it('calls the result public only when phase and decision agree', () => {
    expect(isAnnounced('announced', { announcedAt: new Date() })).toBe(true);
    expect(isAnnounced('announced', null)).toBe(false);
    expect(isAnnounced('decided', { announcedAt: new Date() })).toBe(false);
  });

  it('keeps the chosen winner on the shortlist', () => {
    const base = { phase: 'decided', announced: false, entryId: 4, decidedWinnerId: 4 } as const;
    expect(nominationProblem({ ...base, kind: 'nominee' })).toBeNull();
    expect(nominationProblem({ ...base, kind: null })).toBe('winnerMustStayNominee');
    expect(nominationProblem({ ...base, kind: 'honourable_mention' })).toBe('winnerMustStayNominee');
    expect(nominationProblem({ ...base, entryId: 5, kind: null })).toBeNull();
    expect(nominationProblem({ ...base, phase: 'judging', kind: 'nominee' })).toBe('phase');
    expect(nominationProblem({ ...base, announced: true, kind: 'nominee' })).toBe('announced');
  });
});

const entry = (id: number, organisationName: string): ResultsEntry => ({
  id,
  numberLabel: `2027-00${id}`,
  title: `Project ${id}`,
  organisationName,
  summary: '',
  consentPublish: true,
});

describe('ceremony steps', () => {
  const shortlist: Shortlist = {
    decision: {
      editionId: 1,
      winnerEntryId: 2,
      motivation: 'Het beste project.',
      aggregation: 'mean',
      decidedByName: 'Olga',
      decidedAt: new Date(),
      announcedAt: null,
      mailedEntrantsAt: null,
    },
    winner: entry(2, 'Gemeente Bee'),
    nominees: [entry(1, 'Gemeente Aa'), entry(2, 'Gemeente Bee'), entry(3, 'SSC Cee')],
    honourableMentions: [entry(4, 'Gemeente Dee')],
  };

  it('opens, names the honourable mentions, reveals each nominee, pauses, then shows the winner', () => {
    const steps = ceremonySteps(shortlist);
    expect(steps.map((s) => s.kind)).toEqual([
      'opening',
      'honourableMentions',
      'nominee',
      'nominee',
      'nominee',
      'drumroll',
      'winner',
    ]);
    expect(steps[2]).toMatchObject({ kind: 'nominee', position: 1, total: 3, entry: { id: 1 } });
    expect(steps[6]).toMatchObject({ kind: 'winner', entry: { id: 2 }, motivation: 'Het beste project.' });
  });

  it('skips the honourable mentions when there are none, and has nothing to show without a decision', () => {
    expect(ceremonySteps({ ...shortlist, honourableMentions: [] }).map((s) => s.kind)).not.toContain(
      'honourableMentions',
    );
    expect(ceremonySteps({ ...shortlist, decision: null, winner: null })).toEqual([]);
  });

  it('reads the step from the query string, kept within the steps', () => {
    expect(stepIndex('3', 7)).toBe(3);
    expect(stepIndex('99', 7)).toBe(6);
    expect(stepIndex('-1', 7)).toBe(0);
    expect(stepIndex('abc', 7)).toBe(0);
    expect(stepIndex(['2'], 7)).toBe(0);
    expect(stepIndex(undefined, 0)).toBe(0);
  });
});
