import type { ConflictReason, EffectiveConflict } from './conflicts';

/** How an edition's entries are divided over the jury (see assignment.ts). */
export const ASSIGNMENT_MODES = ['all', 'balanced'] as const;
export type AssignmentMode = (typeof ASSIGNMENT_MODES)[number];

export interface JurySettings {
  editionId: number;
  mode: AssignmentMode;
  jurorsPerEntry: number;
  /** Most entries per juror in balanced mode; null: no maximum. */
  maxLoad: number | null;
  seed: string;
  generatedAt: Date | null;
}

/** Kinds of tie besides the employer: an SSC or other organisation the juror belongs to, or a board seat. */
export const TIE_KINDS = ['member', 'board'] as const;
export type TieKind = (typeof TIE_KINDS)[number];

export interface JurorTie {
  organisationId: number;
  kind: TieKind;
}

/** A juror's seat on the jury of one edition. */
export interface EditionJuror {
  id: number;
  editionId: number;
  userId: number;
  name: string;
  email: string;
  /** The account is active and the juror has set a password: they accepted the invitation. */
  accepted: boolean;
  userActive: boolean;
  jobTitle: string;
  employerId: number | null;
  employerName: string;
  invitedAt: Date;
  remindedAt: Date | null;
  revokedAt: Date | null;
  /** When the juror accepted the edition's jury declaration; no score sheet opens before. */
  declarationAcceptedAt: Date | null;
  ties: JurorTie[];
}

export const DECISION_KINDS = ['declared', 'organiser_added', 'organiser_lifted'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/**
 * What moved in the ranking through a change after scoring closed (an accepted late conflict, an organiser's conflict
 * decision): the winner before and after, and every entry whose rank changed (results/moves.ts).
 */
export interface RankingMoves {
  winnerBefore: number | null;
  winnerAfter: number | null;
  /** Entries whose rank changed, by their rank before. null: not ranked (too few scores left, or none). */
  moved: Array<{ entryId: number; before: number | null; after: number | null }>;
}

export interface ConflictDecision {
  id: number;
  editionId: number;
  jurorId: number;
  entryId: number;
  kind: DecisionKind;
  reason: string;
  decidedById: number | null;
  decidedByName: string | null;
  createdAt: Date;
  /** What the decision moved in the ranking, when it was taken after scoring closed; null otherwise. */
  moves: RankingMoves | null;
}

/** Everything known about one juror × entry pair's conflict: the computed reasons and the decisions on top. */
export interface PairConflict {
  automatic: ConflictReason[];
  declared: ConflictDecision | null;
  /** The latest organiser decision, if any. */
  organiser: ConflictDecision | null;
  effective: EffectiveConflict;
}

export const SHEET_STATUSES = ['draft', 'final', 'abstained'] as const;
export type SheetStatus = (typeof SHEET_STATUSES)[number];

export interface ScoreSheet {
  id: number;
  editionId: number;
  jurorId: number;
  entryId: number;
  status: SheetStatus;
  motivation: string;
  abstainReason: string | null;
  finalizedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CriterionScore {
  criterionId: number;
  value: number | null;
  comment: string;
}

export interface SheetWithScores extends ScoreSheet {
  scores: CriterionScore[];
}

/** What a juror and the organiser see per juror × entry. */
export const PAIR_STATES = ['not_started', 'draft', 'final', 'abstained', 'conflict'] as const;
export type PairState = (typeof PAIR_STATES)[number];
