import { listAttachments } from '../attachments/attachment.repo';
import type { AppContext } from '../context';
import type { Edition } from '../editions/edition.types';
import { entryNumber } from '../entries/entry.service';
import type { Entry } from '../entries/entry.types';
import { isAnnounced } from './kennisbank.repo';
import { findPublication } from './publication.repo';
import { LICENCES, type PublicationDecision } from './publication.types';

/**
 * The entrant's publication page: the current decision (or none yet), the entry's attachments to mark public, and
 * whether the entry is in the kennisbank now (consent, submitted, and the edition's result announced).
 */
export async function publicationPage(
  deps: Pick<AppContext, 'db'>,
  input: { entry: Entry; edition: Edition },
) {
  const { entry, edition } = input;
  const [publication, attachments, announced] = await Promise.all([
    findPublication(deps.db, entry.id),
    listAttachments(deps.db, entry.id),
    isAnnounced(deps.db, edition.id),
  ]);
  const values: Record<string, unknown> = publication
    ? {
        consent: publication.consent ? 'yes' : 'no',
        licence: publication.licence,
        showContact: publication.showContact,
        publicAttachmentIds: publication.publicAttachmentIds.map(String),
      }
    : { consent: '', licence: '', showContact: false, publicAttachmentIds: [] };
  return {
    entry,
    edition,
    number: entryNumber(edition, entry),
    publication: publication ?? null,
    attachments,
    licences: LICENCES,
    values,
    announced,
    isPublic: Boolean(publication?.consent) && announced && entry.status === 'submitted',
  };
}

/** The form's values again after a refusal, as the view reads them. */
export function publicationValues(body: Record<string, unknown>): Record<string, unknown> {
  const ids = body.publicAttachmentIds;
  return {
    consent: body.consent,
    licence: body.licence,
    showContact: Boolean(body.showContact),
    publicAttachmentIds: Array.isArray(ids) ? ids : ids === undefined ? [] : [ids],
  };
}

export type { PublicationDecision };
