/**
 * The ceremony on the projector as a fixed sequence of steps, pure: the opening, the honourable mentions, each
 * nominee on its own, a pause, then the winner with the jury's motivation. Step N is the same with or without
 * JavaScript (?step=N), so the organiser can never end up on a different slide than the page says.
 */
import type { ResultsEntry } from './results.view';
import type { Shortlist } from './results.service';
import type { AudiencePrize } from '../vote/vote.pages';

export type CeremonyStep =
  | { kind: 'opening' }
  | { kind: 'honourableMentions'; entries: ResultsEntry[] }
  | { kind: 'nominee'; entry: ResultsEntry; position: number; total: number }
  | { kind: 'audience'; prize: AudiencePrize }
  | { kind: 'drumroll' }
  | { kind: 'winner'; entry: ResultsEntry; motivation: string };

/**
 * Empty when there is nothing to reveal yet (no decision). With a closed audience vote, its prize is revealed
 * after the nominees and before the jury's winner.
 */
export function ceremonySteps(shortlist: Shortlist, audience: AudiencePrize | null = null): CeremonyStep[] {
  if (!shortlist.decision || !shortlist.winner) return [];
  const steps: CeremonyStep[] = [{ kind: 'opening' }];
  if (shortlist.honourableMentions.length) {
    steps.push({ kind: 'honourableMentions', entries: shortlist.honourableMentions });
  }
  shortlist.nominees.forEach((entry, index) =>
    steps.push({ kind: 'nominee', entry, position: index + 1, total: shortlist.nominees.length }),
  );
  if (audience) steps.push({ kind: 'audience', prize: audience });
  steps.push({ kind: 'drumroll' });
  steps.push({ kind: 'winner', entry: shortlist.winner, motivation: shortlist.decision.motivation });
  return steps;
}

/** A step number from the query string, kept within the steps (anything odd shows the opening). */
export function stepIndex(raw: unknown, count: number): number {
  const value = typeof raw === 'string' && /^\d{1,3}$/.test(raw) ? Number(raw) : 0;
  return Math.min(Math.max(value, 0), Math.max(count - 1, 0));
}
