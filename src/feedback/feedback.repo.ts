/** The only place knex touches `feedback_letters`. */
import { toDate, toDateOrNull, type Queryable as Db, type Row } from '../db/db';
import type { Lng } from '../shared/time';
import type { FeedbackLetter, FeedbackLetterRow, LetterStatus } from './feedback.types';

const toLetter = (r: Row): FeedbackLetter => ({
  id: Number(r.id),
  editionId: Number(r.edition_id),
  entryId: Number(r.entry_id),
  language: r.language as Lng,
  body: String(r.body),
  status: r.status as LetterStatus,
  updatedByUserId: r.updated_by_user_id === null ? null : Number(r.updated_by_user_id),
  createdAt: toDate(r.created_at),
  updatedAt: toDate(r.updated_at),
  releasedByUserId: r.released_by_user_id === null ? null : Number(r.released_by_user_id),
  releasedAt: toDateOrNull(r.released_at),
});

/** The letters of an edition with their entries, by entry number. */
export async function listLetters(db: Db, editionId: number): Promise<FeedbackLetterRow[]> {
  const rows: Row[] = await db('feedback_letters as f')
    .join('entries as e', 'e.id', 'f.entry_id')
    .join('organisations as o', 'o.id', 'e.organisation_id')
    .where('f.edition_id', editionId)
    .orderBy('e.number')
    .select(
      'f.*',
      'e.title as entry_title',
      'e.number as entry_number',
      'e.organisation_id',
      'o.name as organisation_name',
    );
  return rows.map((r) => ({
    ...toLetter(r),
    entryTitle: String(r.entry_title),
    entryNumber: r.entry_number === null ? null : Number(r.entry_number),
    organisationId: Number(r.organisation_id),
    organisationName: String(r.organisation_name),
  }));
}

export async function findLetter(db: Db, id: number): Promise<FeedbackLetter | undefined> {
  const row: Row | undefined = await db('feedback_letters').where({ id }).first();
  return row ? toLetter(row) : undefined;
}

/** The entry's letter in whatever state; the entrant's pages ask for `findReleasedLetter` instead. */
export async function findLetterOfEntry(db: Db, entryId: number): Promise<FeedbackLetter | undefined> {
  const row: Row | undefined = await db('feedback_letters').where({ entry_id: entryId }).first();
  return row ? toLetter(row) : undefined;
}

/** The entry's letter only once released: before that, for entrants, there is none. */
export async function findReleasedLetter(db: Db, entryId: number): Promise<FeedbackLetter | undefined> {
  const row: Row | undefined = await db('feedback_letters')
    .where({ entry_id: entryId, status: 'released' })
    .first();
  return row ? toLetter(row) : undefined;
}

/** Adds drafts for entries that have no letter yet (a letter already there, draft or released, is kept). */
export async function insertDrafts(
  db: Db,
  input: {
    editionId: number;
    language: Lng;
    letters: ReadonlyArray<{ entryId: number; body: string }>;
    actorId: number;
    now: Date;
  },
): Promise<number[]> {
  const created: number[] = [];
  // In slices, so a large edition stays below SQLite's limit of bound variables per statement.
  for (let from = 0; from < input.letters.length; from += 200) {
    const inserted = await db('feedback_letters')
      .insert(
        input.letters.slice(from, from + 200).map((letter) => ({
          edition_id: input.editionId,
          entry_id: letter.entryId,
          language: input.language,
          body: letter.body,
          status: 'draft',
          updated_by_user_id: input.actorId,
          created_at: input.now,
          updated_at: input.now,
        })),
      )
      .onConflict('entry_id')
      .ignore()
      .returning('entry_id');
    for (const r of inserted as Array<{ entry_id: number } | number>)
      created.push(Number(typeof r === 'object' ? r.entry_id : r));
  }
  return created;
}

/** Saves a draft's text; false when the letter is no longer a draft (released meanwhile). */
export async function updateDraftBody(
  db: Db,
  input: { id: number; body: string; actorId: number; now: Date },
): Promise<boolean> {
  const changed = await db('feedback_letters')
    .where({ id: input.id, status: 'draft' })
    .update({ body: input.body, updated_by_user_id: input.actorId, updated_at: input.now });
  return changed === 1;
}

/**
 * Releases these drafts of the edition in one conditional UPDATE, so two organisers releasing at once release (and
 * mail) each letter once; returns the letters released now, not those released before.
 */
export async function releaseDrafts(
  db: Db,
  input: { editionId: number; ids: readonly number[]; actorId: number; now: Date },
): Promise<number[]> {
  if (input.ids.length === 0) return [];
  const released = await db('feedback_letters')
    .where({ edition_id: input.editionId, status: 'draft' })
    .whereIn('id', input.ids)
    .update({ status: 'released', released_by_user_id: input.actorId, released_at: input.now })
    .returning('id');
  return (released as Array<{ id: number } | number>)
    .map((r) => Number(typeof r === 'object' ? r.id : r))
    .sort((a, b) => a - b);
}
