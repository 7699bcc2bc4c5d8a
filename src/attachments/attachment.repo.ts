import type { Knex } from 'knex';
import { insertReturningId, isPostgres, toDate, type Row, type Queryable as Db } from '../db/db';
import type { Attachment } from './attachment.types';

/** The only place the `attachments` table is read and written. */

const toAttachment = (r: Row): Attachment => ({
  id: Number(r.id),
  entryId: Number(r.entry_id),
  originalName: String(r.original_name),
  storedName: String(r.stored_name),
  fileType: String(r.file_type),
  mimeType: String(r.mime_type),
  sizeBytes: Number(r.size_bytes),
  sha256: String(r.sha256),
  cleanStoredName: r.clean_stored_name ? String(r.clean_stored_name) : null,
  uploadedByUserId: r.uploaded_by_user_id === null ? null : Number(r.uploaded_by_user_id),
  createdAt: toDate(r.created_at),
});

/** An entry's attachments in upload order (the order the jury numbers them in). */
export async function listAttachments(db: Db, entryId: number): Promise<Attachment[]> {
  const rows: Row[] = await db('attachments').where({ entry_id: entryId }).orderBy('id');
  return rows.map(toAttachment);
}

export async function findAttachment(db: Db, id: number): Promise<Attachment | undefined> {
  const row = await db('attachments').where({ id }).first();
  return row ? toAttachment(row) : undefined;
}

export async function insertAttachment(
  db: Db,
  a: Omit<Attachment, 'id' | 'cleanStoredName'> & { cleanStoredName?: string | null },
): Promise<number> {
  return insertReturningId(db, 'attachments', {
    entry_id: a.entryId,
    original_name: a.originalName,
    stored_name: a.storedName,
    file_type: a.fileType,
    mime_type: a.mimeType,
    size_bytes: a.sizeBytes,
    sha256: a.sha256,
    clean_stored_name: a.cleanStoredName ?? null,
    uploaded_by_user_id: a.uploadedByUserId,
    created_at: a.createdAt,
  });
}

export async function deleteAttachment(db: Db, id: number): Promise<void> {
  await db('attachments').where({ id }).del();
}

/**
 * Records the copy without metadata, unless another request made one first (then it answers false and the caller
 * removes its own copy).
 */
export async function setCleanStoredName(db: Db, id: number, cleanStoredName: string): Promise<boolean> {
  const changed = await db('attachments').where({ id }).whereNull('clean_stored_name').update({
    clean_stored_name: cleanStoredName,
  });
  return changed === 1;
}

/** Every stored file name the database knows (originals and clean copies), for cleaning up leftovers. */
export async function allStoredNames(db: Db): Promise<Set<string>> {
  const rows: Row[] = await db('attachments').select('stored_name', 'clean_stored_name');
  return new Set(
    rows.flatMap((r) => [
      String(r.stored_name),
      ...(r.clean_stored_name ? [String(r.clean_stored_name)] : []),
    ]),
  );
}

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

/** How many files each entry of an edition has (entries without files are absent), for the organisers' list. */
export async function countAttachmentsPerEntry(db: Db, editionId: number): Promise<Map<number, number>> {
  const rows: Row[] = await db('attachments as a')
    .join('entries as e', 'e.id', 'a.entry_id')
    .where('e.edition_id', editionId)
    .groupBy('a.entry_id')
    .select('a.entry_id')
    .count({ n: '*' });
  return new Map(rows.map((r) => [Number(r.entry_id), Number(r.n)]));
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
