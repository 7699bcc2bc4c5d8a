import { toDate, type Row, type Queryable as Db } from '../db/db';

export const MAILING_KINDS = ['judging_opens', 'nominees', 'winner'] as const;
export type MailingKind = (typeof MAILING_KINDS)[number];

/** Claims an edition's mailing of this kind; false when it was claimed before (nothing is sent twice). */
export async function claimMailing(
  trx: Db,
  input: { editionId: number; kind: MailingKind; actorId: number | null; now: Date },
): Promise<boolean> {
  const inserted = await trx('edition_mailings')
    .insert({
      edition_id: input.editionId,
      kind: input.kind,
      sent_by_user_id: input.actorId,
      sent_at: input.now,
    })
    .onConflict(['edition_id', 'kind'])
    .ignore()
    .returning('edition_id');
  return (inserted as unknown[]).length === 1;
}

/** When each mailing of the edition went out. */
export async function listMailings(db: Db, editionId: number): Promise<Partial<Record<MailingKind, Date>>> {
  const rows: Row[] = await db('edition_mailings').where({ edition_id: editionId });
  return Object.fromEntries(rows.map((r) => [String(r.kind), toDate(r.sent_at)]));
}
