/**
 * The phases an edition of the prize goes through, and which moves between them are legal.
 *
 * The stored phase only changes by hand (through the edition service). The one automatic change is the end
 * of submissions: a stored `open` edition reads as `closed` from `closesAt` on, so nobody has to be awake at
 * midnight to close the deadline. Everything that decides what users may do must use the effective phase.
 */

export const PHASES = [
  'concept',
  'open',
  'closed',
  'judging',
  'deliberation',
  'decided',
  'announced',
] as const;
export type Phase = (typeof PHASES)[number];

export function isPhase(value: unknown): value is Phase {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}

export function phaseIndex(phase: Phase): number {
  return PHASES.indexOf(phase);
}

/** The phase a forward move goes to; null after `announced`, the end of an edition. */
export function nextPhase(phase: Phase): Phase | null {
  return PHASES[phaseIndex(phase) + 1] ?? null;
}

/** Only admins see a `concept` edition; from `open` on it is public. */
export function isPublished(phase: Phase): boolean {
  return phase !== 'concept';
}

/** Dates may be missing while an edition is still a concept. */
export interface EditionSchedule {
  phase: Phase;
  opensAt: Date | null;
  closesAt: Date | null;
}

/** The phase users live in: stored `open` becomes `closed` at `closesAt` exactly. */
export function effectivePhase({ phase, closesAt }: EditionSchedule, now: Date): Phase {
  if (phase === 'open' && closesAt !== null && now.getTime() >= closesAt.getTime()) return 'closed';
  return phase;
}

/** Submissions are accepted in [opensAt, closesAt): a published edition may be open before its window starts. */
export function acceptsEntries({ phase, opensAt, closesAt }: EditionSchedule, now: Date): boolean {
  if (phase !== 'open' || opensAt === null || closesAt === null) return false;
  return opensAt.getTime() <= now.getTime() && now.getTime() < closesAt.getTime();
}

/** Published but the window has not started: the public page says "opens on …". */
export function isBeforeOpening({ phase, opensAt }: EditionSchedule, now: Date): boolean {
  return phase === 'open' && opensAt !== null && now.getTime() < opensAt.getTime();
}

/** The next moment the public page changes by itself (the window opens or closes), or null when none is ahead. */
export function nextScheduledChange({ opensAt, closesAt }: EditionSchedule, now: Date): Date | null {
  const ahead = [opensAt, closesAt].filter((d): d is Date => d !== null && d.getTime() > now.getTime());
  return ahead.length ? new Date(Math.min(...ahead.map((d) => d.getTime()))) : null;
}

export const MOVE_ERRORS = [
  'unknown_phase',
  'same_phase',
  'skips_phase',
  'announced_is_final',
  'not_allowed',
  'cannot_unpublish',
  'reason_required',
  'deadline_passed',
] as const;
export type MoveError = (typeof MOVE_ERRORS)[number];

export function moveErrorKey(code: MoveError): `editions.phase.errors.${MoveError}` {
  return `editions.phase.errors.${code}`;
}

export type MoveKind = 'forward' | 'reopen';
export type MovePlan = { ok: true; kind: MoveKind } | { ok: false; error: MoveError };

export interface MoveRequest {
  /** The effective phase (see effectivePhase), so an edition past its deadline counts as `closed`. */
  from: string;
  /** Untrusted: usually straight from a form. */
  to: string;
  reason?: string | null;
  isAdmin: boolean;
  /** With `now`: the deadline the edition will have after the move. */
  closesAt?: Date | null;
  now?: Date;
}

/**
 * Decides whether a manual phase move is legal. It does not check who may manage editions at all (the route
 * guard does); it only adds the stricter rules for going back.
 *
 * - Forward: only to the next phase. Nothing may be skipped, because each phase has work that must be done
 *   (closing, judging, deliberating) before the next one makes sense.
 * - Back ("reopen"): admins only, with a reason for the audit trail, to any earlier phase except `concept`.
 *   Once published, municipalities may have seen or entered the edition; hiding it again would hide their
 *   entries too. A mistaken publication is put right by changing the dates instead.
 * - Nothing leaves `announced`: a winner made public cannot be taken back.
 * - Any move to `open` (publishing or reopening) is refused while `closesAt` <= `now`: the edition would be
 *   closed again at once. The service must move `closesAt` into the future and pass the new value here.
 *   Without `closesAt` and `now` this check is skipped.
 */
export function planMove({ from, to, reason, isAdmin, closesAt, now }: MoveRequest): MovePlan {
  if (!isPhase(from) || !isPhase(to)) return { ok: false, error: 'unknown_phase' };
  if (from === to) return { ok: false, error: 'same_phase' };
  if (from === 'announced') return { ok: false, error: 'announced_is_final' };

  const isForward = phaseIndex(to) > phaseIndex(from);
  if (isForward) {
    if (to !== nextPhase(from)) return { ok: false, error: 'skips_phase' };
  } else {
    if (!isAdmin) return { ok: false, error: 'not_allowed' };
    if (to === 'concept') return { ok: false, error: 'cannot_unpublish' };
    if (!reason || reason.trim() === '') return { ok: false, error: 'reason_required' };
  }

  if (to === 'open' && closesAt && now && closesAt.getTime() <= now.getTime()) {
    return { ok: false, error: 'deadline_passed' };
  }
  return { ok: true, kind: isForward ? 'forward' : 'reopen' };
}
