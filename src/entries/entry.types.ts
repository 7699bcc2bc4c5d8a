import type { Eligibility, EntryStatus, EntryTextField } from './entry.rules';

export interface Entry extends Record<EntryTextField, string> {
  id: number;
  editionId: number;
  number: number;
  organisationId: number;
  createdByUserId: number | null;
  categoryId: number | null;
  status: EntryStatus;
  eligibility: Eligibility;
  eligibilityReason: string | null;
  submittedAt: Date | null;
  lastEditedAfterSubmitAt: Date | null;
  withdrawnAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What the entry form edits. */
export type EntryDraft = Record<EntryTextField, string> & {
  categoryId: number | null;
};

/** A row in lists: the entry with its organisation's and category's names. */
export interface EntryListItem extends Entry {
  organisationName: string;
  categoryNameNl: string | null;
  categoryNameEn: string | null;
}

/** An entry as lists of many show it: who, which number, what title. */
export type EntrySummary = Pick<
  EntryListItem,
  'id' | 'editionId' | 'number' | 'organisationId' | 'title' | 'organisationName'
>;
