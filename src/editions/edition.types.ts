import type { RankingMoves } from '../jury/jury.types';
import { ORGANISATION_TYPES, type OrganisationType } from '../organisations/organisation.types';
import type { Aggregation, TieBreakRule } from '../results/results.types';
import type { CriterionTemplate } from './criteria';
import type { Phase } from './phase';

export const ATTACHMENT_TYPES = ['pdf', 'docx', 'xlsx', 'pptx', 'png', 'jpeg'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export { ORGANISATION_TYPES };

export interface Edition {
  id: number;
  name: string;
  year: number;
  introNl: string;
  introEn: string;
  rulesNl: string;
  rulesEn: string;
  prizeAmountCents: number;
  opensAt: Date | null;
  closesAt: Date | null;
  scoringDeadline: Date | null;
  conferenceAt: Date | null;
  conferencePlace: string;
  /** The stored phase; use effectivePhase(edition, now) for what users live in. */
  phase: Phase;
  isCurrent: boolean;
  scaleMin: number;
  scaleMax: number;
  maxFiles: number;
  maxFileMb: number;
  allowedTypes: AttachmentType[];
  eligibleTypes: OrganisationType[];
  multipleEntriesPerOrg: boolean;
  blindJudging: boolean;
  /** Ordered; the last rule is always a jury decision. */
  tieBreak: TieBreakRule[];
  /** The aggregation the result is recorded under; fixed in advance, locked (changes need a reason) once scoring starts. */
  aggregation: Aggregation;
  /** Entries with fewer final scores are shown apart ("te weinig beoordelingen") and cannot win. */
  minScores: number;
  criteriaLockedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A criterion as stored: the template's texts and weight, in an edition, at a position. */
export interface Criterion extends CriterionTemplate {
  id: number;
  editionId: number;
  position: number;
}

export interface Category {
  id: number;
  editionId: number;
  code: string;
  nameNl: string;
  nameEn: string;
  position: number;
}

/** What the edition form edits (everything but phase, criteria and categories). */
export type EditionSettings = Omit<
  Edition,
  'id' | 'phase' | 'isCurrent' | 'criteriaLockedAt' | 'version' | 'createdAt' | 'updatedAt'
>;

export type CriterionInput = Omit<Criterion, 'id' | 'editionId' | 'position'> & { id: number | null };
export type CategoryInput = Omit<Category, 'id' | 'editionId' | 'position'> & { id: number | null };

/** A criterion's texts, in both languages: what a criteria form may leave out (see CriterionFormRow). */
export const CRITERION_TEXTS = [
  'nameNl',
  'nameEn',
  'descriptionNl',
  'descriptionEn',
  'anchorLowNl',
  'anchorMidNl',
  'anchorHighNl',
  'anchorLowEn',
  'anchorMidEn',
  'anchorHighEn',
] as const satisfies ReadonlyArray<keyof CriterionTemplate>;
export type CriterionText = (typeof CRITERION_TEXTS)[number];

/**
 * A row of the criteria form. A text the form did not send is left out and keeps its stored value: the form shown
 * after the first score sends only the weights.
 */
export type CriterionFormRow = { id: number | null; weight: number } & Partial<Record<CriterionText, string>>;

/** A row of the categories form; a new category's code is made from its Dutch name. */
export type CategoryFormRow = { id: number | null; nameNl: string; nameEn: string };

/** A change to the ranking rules after scoring started, with its reason: printed in the jury report. */
export interface RuleChange {
  id: number;
  field: 'aggregation' | 'minScores';
  before: string;
  after: string;
  reason: string;
  changedByName: string | null;
  changedAt: Date;
  /** What it moved in the ranking, when made after scoring closed; null otherwise. */
  moves: RankingMoves | null;
}
