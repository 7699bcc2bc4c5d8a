/**
 * The rules of scoring, free of HTTP and SQL: when a juror may score, when they may see other jurors' scores,
 * which state a sheet can move to, and whether submitted values are valid. The score service is the only caller
 * that changes a sheet.
 */
import type { Edition } from '../editions/edition.types';
import { effectivePhase, type Phase } from '../editions/phase';
import type { PairState, SheetStatus } from './jury.types';

/** Scoring is open only in the judging phase and before the scoring deadline (no deadline: until judging ends). */
export function isScoringOpen(edition: Pick<Edition, 'phase' | 'closesAt' | 'scoringDeadline'>, now: Date) {
  const phase = effectivePhase({ phase: edition.phase, closesAt: edition.closesAt, opensAt: null }, now);
  if (phase !== 'judging') return false;
  return edition.scoringDeadline === null || now.getTime() < edition.scoringDeadline.getTime();
}

const DELIBERATION_PHASES: readonly Phase[] = ['deliberation', 'decided', 'announced'];

/**
 * Scoring has closed: judging with its deadline passed, or a later phase. From then on the ranking exists, so a
 * change to what counts (a conflict added or lifted) is shown with what it moved (results/ranking-moves.service.ts).
 */
export function isScoringClosed(edition: Pick<Edition, 'phase' | 'closesAt' | 'scoringDeadline'>, now: Date) {
  const phase = effectivePhase({ phase: edition.phase, closesAt: edition.closesAt, opensAt: null }, now);
  return (phase === 'judging' || DELIBERATION_PHASES.includes(phase)) && !isScoringOpen(edition, now);
}

/**
 * Independence: jurors see each other's scores and comments only once the organiser has opened deliberation
 * (moved the edition to that phase); never for entries they are conflicted with (checked by the caller).
 */
export function isDeliberationOpen(edition: Pick<Edition, 'phase' | 'closesAt'>, now: Date): boolean {
  return isDeliberationPhase(
    effectivePhase({ phase: edition.phase, closesAt: edition.closesAt, opensAt: null }, now),
  );
}

/** The same without a clock: only a stored `open` phase depends on the time, and it is never deliberation. */
export function isDeliberationPhase(phase: Phase): boolean {
  return DELIBERATION_PHASES.includes(phase);
}

/** A juror may declare a conflict until the winner is decided: after that it could no longer change anything. */
export function mayDeclareConflict(edition: Pick<Edition, 'phase' | 'closesAt'>, now: Date): boolean {
  const phase = effectivePhase({ phase: edition.phase, closesAt: edition.closesAt, opensAt: null }, now);
  return phase !== 'decided' && phase !== 'announced';
}

export type SheetAction = 'draft' | 'final' | 'abstain' | 'reopen';
export type SheetRefusal = 'scoring_closed' | 'already_final' | 'abstained' | 'not_final_or_abstained';

/**
 * Whether a sheet action is allowed now. A final or abstained sheet is read-only until the juror reopens it,
 * which is possible only while scoring is open: after the deadline, what was submitted stands.
 */
export function checkSheetAction(input: {
  action: SheetAction;
  status: SheetStatus | null;
  scoringOpen: boolean;
}): { ok: true } | { ok: false; reason: SheetRefusal } {
  const { action, status } = input;
  if (!input.scoringOpen) return { ok: false, reason: 'scoring_closed' };
  if (action === 'reopen') {
    return status === 'final' || status === 'abstained'
      ? { ok: true }
      : { ok: false, reason: 'not_final_or_abstained' };
  }
  if (status === 'final') return { ok: false, reason: 'already_final' };
  if (status === 'abstained') return { ok: false, reason: 'abstained' };
  return { ok: true };
}

export const refusalKey = (reason: SheetRefusal) => `jury.refusals.${reason}` as const;

/** The state shown for a juror × entry pair. */
export function pairState(input: { conflicted: boolean; status: SheetStatus | null }): PairState {
  if (input.conflicted) return 'conflict';
  return input.status ?? 'not_started';
}

/** A final or abstained sheet is the juror's finished work on an entry. */
export const isDone = (state: PairState) => state === 'final' || state === 'abstained';

export type ValueError = 'not_integer' | 'out_of_scale';

/**
 * Reads one posted score: a whole number within the edition's scale. Strings from the form are strict: "7" is
 * 7, but "7.0", " 7", "7e0" and "" are refused, so what is stored is exactly what the radio button said.
 */
export function parseScoreValue(
  raw: string,
  scale: { min: number; max: number },
): { ok: true; value: number } | { ok: false; error: ValueError } {
  if (!/^-?\d{1,4}$/.test(raw)) return { ok: false, error: 'not_integer' };
  const value = Number(raw);
  if (value < scale.min || value > scale.max) return { ok: false, error: 'out_of_scale' };
  return { ok: true, value };
}

/** What is still missing before a sheet may be submitted as final: criteria without a score, the motivation. */
export function missingForFinal(input: {
  criterionIds: readonly number[];
  values: ReadonlyMap<number, number | null>;
  motivation: string;
}): { criteria: number[]; motivation: boolean } {
  return {
    criteria: input.criterionIds.filter((id) => (input.values.get(id) ?? null) === null),
    motivation: input.motivation.trim() === '',
  };
}

/** Completion as shown in progress bars: finished pairs of the pairs a juror (or an entry) has, 0–100. */
export function completion(states: readonly PairState[]): { done: number; total: number; percent: number } {
  const counted = states.filter((s) => s !== 'conflict');
  const done = counted.filter(isDone).length;
  const total = counted.length;
  return { done, total, percent: total === 0 ? 0 : Math.floor((done * 100) / total) };
}
