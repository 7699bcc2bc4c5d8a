/** The audience vote (publieksprijs) of an edition, as stored. */
export interface AudienceVote {
  editionId: number;
  opensAt: Date;
  closesAt: Date;
  /** Whether the projector shows the counts; hidden until the organiser reveals them. */
  countsVisible: boolean;
  updatedAt: Date;
}

/** Where a vote stands at a moment: before it was opened there is no vote at all. */
export type VoteState = 'notOpened' | 'open' | 'closed';

/** A finalist as the vote pages show it. */
export interface Finalist {
  entryId: number;
  title: string;
  organisationName: string;
  position: number;
}

/** Votes per finalist (every finalist present, 0 when nobody chose it). */
export interface Tally {
  counts: Map<number, number>;
  total: number;
}

/** What a code found: the code's id and edition, or nothing (wrong code). */
export interface CodeRecord {
  id: number;
  editionId: number;
}
