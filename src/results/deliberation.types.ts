import type { Aggregation } from './results.types';

/** What the jury puts on its shortlist: nominees (the winner is one of them) and honourable mentions. */
export const NOMINATION_KINDS = ['nominee', 'honourable_mention'] as const;
export type NominationKind = (typeof NOMINATION_KINDS)[number];

export interface Nomination {
  editionId: number;
  entryId: number;
  kind: NominationKind;
  createdAt: Date;
}

export interface JuryNote {
  editionId: number;
  entryId: number;
  note: string;
  updatedByName: string | null;
  updatedAt: Date;
}

/** The jury's decision: winner, motivation (the jury report's core) and the aggregation the ranking used. */
export interface ResultDecision {
  editionId: number;
  winnerEntryId: number;
  motivation: string;
  aggregation: Aggregation;
  decidedByName: string | null;
  decidedAt: Date;
  /** Set once the result is public: the end of the embargo. */
  announcedAt: Date | null;
  mailedEntrantsAt: Date | null;
}
