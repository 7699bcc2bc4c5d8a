import type { Row, Queryable as Db } from '../db/db';

/** The tags of many entries: entry id → tags, sorted. */
export async function listTagsOf(db: Db, entryIds: readonly number[]): Promise<Map<number, string[]>> {
  const result = new Map<number, string[]>();
  for (let i = 0; i < entryIds.length; i += 500) {
    const rows: Row[] = await db('entry_tags')
      .whereIn('entry_id', entryIds.slice(i, i + 500))
      .orderBy('tag');
    for (const r of rows)
      result.set(Number(r.entry_id), [...(result.get(Number(r.entry_id)) ?? []), String(r.tag)]);
  }
  return result;
}

/** Every tag used in an edition, sorted (the filter's choices). */
export async function listEditionTags(db: Db, editionId: number): Promise<string[]> {
  const rows: Row[] = await db('entry_tags as t')
    .join('entries as e', 'e.id', 't.entry_id')
    .where('e.edition_id', editionId)
    .distinct('t.tag')
    .orderBy('t.tag');
  return rows.map((r) => String(r.tag));
}

/** Adds a tag; false when the entry had it already. */
export async function insertTag(db: Db, entryId: number, tag: string): Promise<boolean> {
  if (await db('entry_tags').where({ entry_id: entryId, tag }).first()) return false;
  await db('entry_tags').insert({ entry_id: entryId, tag });
  return true;
}

/** Removes a tag; false when the entry did not have it. */
export async function deleteTag(db: Db, entryId: number, tag: string): Promise<boolean> {
  return (await db('entry_tags').where({ entry_id: entryId, tag }).del()) > 0;
}
