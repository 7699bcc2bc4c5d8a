import type { Knex } from 'knex';
import { isPostgres } from '../db/db';

/**
 * Queries for attachments beyond the basic ones in entries/entry.repo.ts (insert, list, find, delete, stored
 * names), which this module uses as they are.
 */

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

/**
 * Serialises changes to one entry's attachments, so two uploads at once cannot both fill the last free place.
 * PostgreSQL locks the entry's row; SQLite has one writer at a time anyway (and knex only warns on FOR UPDATE).
 */
export async function lockEntry(trx: Knex.Transaction, entryId: number): Promise<void> {
  if (isPostgres(trx)) await trx('entries').where({ id: entryId }).forUpdate().select('id');
}

export async function countAttachments(db: Db, entryId: number): Promise<number> {
  const row = await db('attachments')
    .where({ entry_id: entryId })
    .count<{ n: number | string }>({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

/** One file for an archive: the entry it belongs to, its display name and its stored name. */
export interface ArchiveItem {
  entryId: number;
  entryNumber: number;
  entryTitle: string;
  attachmentId: number;
  originalName: string;
  storedName: string;
}

const toArchiveItem = (r: Row): ArchiveItem => ({
  entryId: Number(r.entry_id),
  entryNumber: Number(r.number),
  entryTitle: String(r.title ?? ''),
  attachmentId: Number(r.id),
  originalName: String(r.original_name),
  storedName: String(r.stored_name),
});

/** The attachments of the submitted entries of an edition, by entry number and then upload order. */
export async function listSubmittedAttachments(db: Db, editionId: number): Promise<ArchiveItem[]> {
  const rows: Row[] = await db('attachments as a')
    .join('entries as e', 'e.id', 'a.entry_id')
    .where({ 'e.edition_id': editionId, 'e.status': 'submitted' })
    .select('a.id', 'a.entry_id', 'a.original_name', 'a.stored_name', 'e.number', 'e.title')
    .orderBy([{ column: 'e.number' }, { column: 'a.id' }]);
  return rows.map(toArchiveItem);
}
