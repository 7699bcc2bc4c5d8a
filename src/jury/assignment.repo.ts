import { toDateOrNull, type Row, type Queryable as Db } from '../db/db';
import type { JurorEntryPair } from './assignment';
import type { AssignmentMode, JurySettings } from './jury.types';

export type AssignmentSource = 'all' | 'balanced' | 'manual';

export interface StoredAssignment extends JurorEntryPair {
  source: AssignmentSource;
}

/** The jury settings of an edition; undefined when the organiser never saved any (the defaults apply). */
export async function findSettings(db: Db, editionId: number): Promise<JurySettings | undefined> {
  const r: Row | undefined = await db('jury_settings').where({ edition_id: editionId }).first();
  if (!r) return undefined;
  return {
    editionId,
    mode: r.assignment_mode as AssignmentMode,
    jurorsPerEntry: Number(r.jurors_per_entry),
    maxLoad: r.max_load === null ? null : Number(r.max_load),
    seed: String(r.assignment_seed),
    generatedAt: toDateOrNull(r.generated_at),
  };
}

export async function saveSettings(trx: Db, settings: JurySettings, now: Date): Promise<void> {
  const row = {
    assignment_mode: settings.mode,
    jurors_per_entry: settings.jurorsPerEntry,
    max_load: settings.maxLoad,
    assignment_seed: settings.seed,
    generated_at: settings.generatedAt,
    updated_at: now,
  };
  await trx('jury_settings')
    .insert({ edition_id: settings.editionId, ...row })
    .onConflict('edition_id')
    .merge(row);
}

/** Assignments of an edition (optionally of one juror or one entry), sorted by entry then juror. */
export async function listAssignments(
  db: Db,
  filter: { editionId: number; jurorId?: number; entryId?: number },
): Promise<StoredAssignment[]> {
  const q = db('assignments').where({ edition_id: filter.editionId }).orderBy(['entry_id', 'juror_user_id']);
  if (filter.jurorId !== undefined) q.where({ juror_user_id: filter.jurorId });
  if (filter.entryId !== undefined) q.where({ entry_id: filter.entryId });
  const rows: Row[] = await q;
  return rows.map((r) => ({
    jurorId: Number(r.juror_user_id),
    entryId: Number(r.entry_id),
    source: r.source as AssignmentSource,
  }));
}

export async function isAssigned(db: Db, input: { jurorId: number; entryId: number }): Promise<boolean> {
  const row = await db('assignments')
    .where({ juror_user_id: input.jurorId, entry_id: input.entryId })
    .first('id');
  return row !== undefined;
}

/** Adds pairs; a pair that already exists is left as it is (the unique juror × entry key). */
export async function insertAssignments(
  trx: Db,
  input: { editionId: number; pairs: JurorEntryPair[]; source: AssignmentSource; now: Date },
): Promise<void> {
  // Chunks keep SQLite under its limit of bound variables per statement.
  for (let i = 0; i < input.pairs.length; i += 100) {
    const chunk = input.pairs.slice(i, i + 100).map((p) => ({
      edition_id: input.editionId,
      juror_user_id: p.jurorId,
      entry_id: p.entryId,
      source: input.source,
      created_at: input.now,
    }));
    await trx('assignments').insert(chunk).onConflict(['juror_user_id', 'entry_id']).ignore();
  }
}

export async function deleteAssignments(trx: Db, pairs: JurorEntryPair[]): Promise<void> {
  for (const p of pairs) {
    await trx('assignments').where({ juror_user_id: p.jurorId, entry_id: p.entryId }).del();
  }
}
