import { toDate, toDateOrNull, type Queryable as Db, type Row } from '../db/db';
import type { Licence, Publication, PublicationDecision } from './publication.types';

/** The publication decision of an entry, or undefined when nobody decided yet (which means: not published). */
export async function findPublication(db: Db, entryId: number): Promise<Publication | undefined> {
  const row: Row | undefined = await db('entry_publications').where({ entry_id: entryId }).first();
  if (!row) return undefined;
  const attachments: Row[] = await db('publication_attachments')
    .where({ entry_id: entryId })
    .orderBy('attachment_id');
  return {
    entryId,
    consent: Boolean(row.consent),
    licence: row.licence as Licence,
    showContact: Boolean(row.show_contact),
    publicAttachmentIds: attachments.map((a) => Number(a.attachment_id)),
    decidedByUserId: row.decided_by_user_id === null ? null : Number(row.decided_by_user_id),
    decidedAt: toDate(row.decided_at),
    consentedAt: toDateOrNull(row.consented_at),
    withdrawnAt: toDateOrNull(row.withdrawn_at),
  };
}

/** Writes the decision and its public attachments (the caller checked the attachments belong to the entry). */
export async function savePublication(
  db: Db,
  input: {
    entryId: number;
    decision: PublicationDecision;
    userId: number;
    now: Date;
    consentedAt: Date | null;
    withdrawnAt: Date | null;
  },
): Promise<void> {
  const row = {
    consent: input.decision.consent,
    licence: input.decision.licence,
    show_contact: input.decision.showContact,
    decided_by_user_id: input.userId,
    decided_at: input.now,
    consented_at: input.consentedAt,
    withdrawn_at: input.withdrawnAt,
  };
  await db('entry_publications')
    .insert({ entry_id: input.entryId, ...row })
    .onConflict('entry_id')
    .merge(row);
  await db('publication_attachments').where({ entry_id: input.entryId }).del();
  if (input.decision.publicAttachmentIds.length)
    await db('publication_attachments').insert(
      input.decision.publicAttachmentIds.map((id) => ({ entry_id: input.entryId, attachment_id: id })),
    );
}
