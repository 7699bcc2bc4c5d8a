import {
  rankingRuleChangeProblem,
  rankingRuleChanges,
  rankingRulesLocked,
  resolveRankingRules,
} from '../../../src/editions/ranking-rules';

describe('the ranking rules fixed in advance', () => {
  const stored = { aggregation: 'mean', minScores: 3 } as const;

  it('keeps a rule the form did not send', () => {
    expect(resolveRankingRules(stored, { aggregation: null, minScores: null })).toEqual(stored);
    expect(resolveRankingRules(stored, { aggregation: 'zscore', minScores: null })).toEqual({
      aggregation: 'zscore',
      minScores: 3,
    });
  });

  it('lists what changed, as text for the record', () => {
    expect(rankingRuleChanges(stored, stored)).toEqual([]);
    expect(rankingRuleChanges(stored, { aggregation: 'zscore', minScores: 2 })).toEqual([
      { field: 'aggregation', before: 'mean', after: 'zscore' },
      { field: 'minScores', before: '3', after: '2' },
    ]);
  });

  it('locks once scoring started: a change then needs a reason', () => {
    const change = rankingRuleChanges(stored, { aggregation: 'zscore', minScores: 3 });
    expect(rankingRulesLocked({ criteriaLockedAt: null })).toBe(false);
    expect(rankingRulesLocked({ criteriaLockedAt: new Date() })).toBe(true);
    expect(rankingRuleChangeProblem({ locked: false, changes: change, reason: '' })).toBeNull();
    expect(rankingRuleChangeProblem({ locked: true, changes: change, reason: '  ' })).toBe('reasonRequired');
    expect(
      rankingRuleChangeProblem({ locked: true, changes: change, reason: 'Jury besloot vooraf.' }),
    ).toBeNull();
    expect(rankingRuleChangeProblem({ locked: true, changes: [], reason: '' })).toBeNull();
  });
});
