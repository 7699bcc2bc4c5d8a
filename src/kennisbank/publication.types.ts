/** The licences an entrant can publish an entry under in the kennisbank. */
export const LICENCES = ['cc-by', 'all-rights-reserved'] as const;
export type Licence = (typeof LICENCES)[number];

export const LICENCE_URLS: Record<Licence, string | null> = {
  'cc-by': 'https://creativecommons.org/licenses/by/4.0/',
  'all-rights-reserved': null,
};

/** A member's decision on publishing an entry (table entry_publications), with the attachments marked public. */
export interface Publication {
  entryId: number;
  consent: boolean;
  licence: Licence;
  showContact: boolean;
  publicAttachmentIds: number[];
  decidedByUserId: number | null;
  decidedAt: Date;
  /** When the current consent was given; null without consent. */
  consentedAt: Date | null;
  withdrawnAt: Date | null;
}

/** What the publication form decides. */
export type PublicationDecision = Pick<
  Publication,
  'consent' | 'licence' | 'showContact' | 'publicAttachmentIds'
>;
