import type { Lng } from '../shared/time';

/** A letter is a draft (organisers edit it; entrants see nothing) until it is released (final, read by entrants). */
export const LETTER_STATUSES = ['draft', 'released'] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];

export interface FeedbackLetter {
  id: number;
  editionId: number;
  entryId: number;
  /** The language the letter is written in: the PDF's document language. */
  language: Lng;
  body: string;
  status: LetterStatus;
  updatedByUserId: number | null;
  createdAt: Date;
  updatedAt: Date;
  releasedByUserId: number | null;
  releasedAt: Date | null;
}

/** A letter with the entry it is about, as the organisers' list shows it. */
export interface FeedbackLetterRow extends FeedbackLetter {
  entryTitle: string;
  entryNumber: number | null;
  organisationId: number;
  organisationName: string;
}
