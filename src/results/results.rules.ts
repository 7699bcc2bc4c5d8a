/**
 * The rules of deliberation and announcement, free of HTTP and SQL. The results service is the only caller that
 * changes nominations, the decision or the announcement.
 */
import type { Phase } from '../editions/phase';
import type { NominationKind, ResultDecision } from './deliberation.types';
import { AGGREGATIONS, type Aggregation } from './results.types';

export const MOTIVATION_MAX = 5000;
export const NOTE_MAX = 5000;

/** The jury deliberates (shortlist, notes, choosing the winner) once scoring is over, until the result is public. */
export function mayDeliberate(phase: Phase): boolean {
  return phase === 'deliberation' || phase === 'decided';
}

export function isAggregation(value: unknown): value is Aggregation {
  return typeof value === 'string' && (AGGREGATIONS as readonly string[]).includes(value);
}

export type DecisionProblem =
  | 'phase'
  | 'announced'
  | 'winnerRequired'
  | 'winnerNotNominee'
  | 'winnerNotRanked'
  | 'motivationRequired'
  | 'motivationTooLong';

/**
 * Whether the jury's choice may be recorded. The winner comes from the shortlist (the ceremony reveals the
 * nominees, then the winner among them); the motivation is what the organiser reads out and prints in the report.
 */
export function decisionProblems(input: {
  phase: Phase;
  announced: boolean;
  winnerEntryId: number | null;
  winnerKind: NominationKind | null;
  /** The winner has a rank: scored by at least the edition's minimum number of jurors. */
  winnerRanked: boolean;
  motivation: string;
}): DecisionProblem[] {
  if (input.announced) return ['announced'];
  if (!mayDeliberate(input.phase)) return ['phase'];
  const problems: DecisionProblem[] = [];
  if (input.winnerEntryId === null) problems.push('winnerRequired');
  else if (input.winnerKind !== 'nominee') problems.push('winnerNotNominee');
  else if (!input.winnerRanked) problems.push('winnerNotRanked');
  if (input.motivation.trim() === '') problems.push('motivationRequired');
  else if (input.motivation.length > MOTIVATION_MAX) problems.push('motivationTooLong');
  return problems;
}

export type AnnounceProblem = 'alreadyAnnounced' | 'noDecision' | 'notDecided';

/** Announcing needs a recorded decision and the edition in phase `decided`; it happens once. */
export function announceProblems(input: {
  phase: Phase;
  decision: Pick<ResultDecision, 'announcedAt'> | null | undefined;
}): AnnounceProblem[] {
  if (input.phase === 'announced' || input.decision?.announcedAt) return ['alreadyAnnounced'];
  const problems: AnnounceProblem[] = [];
  if (!input.decision) problems.push('noDecision');
  if (input.phase !== 'decided') problems.push('notDecided');
  return problems;
}

/** The result is public only when both the phase and the decision say so (a half-finished state stays hidden). */
export function isAnnounced(
  phase: Phase,
  decision: Pick<ResultDecision, 'announcedAt'> | null | undefined,
): boolean {
  return phase === 'announced' && Boolean(decision?.announcedAt);
}

/** Changing the shortlist may not take the chosen winner off it. */
export function nominationProblem(input: {
  phase: Phase;
  announced: boolean;
  entryId: number;
  kind: NominationKind | null;
  decidedWinnerId: number | null;
}): 'phase' | 'announced' | 'winnerMustStayNominee' | null {
  if (input.announced) return 'announced';
  if (!mayDeliberate(input.phase)) return 'phase';
  if (input.decidedWinnerId === input.entryId && input.kind !== 'nominee') return 'winnerMustStayNominee';
  return null;
}
