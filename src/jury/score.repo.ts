import type { Knex } from 'knex';
import { isPostgres, toDate, toDateOrNull, type Row, type Queryable as Db } from '../db/db';
import type { CriterionScore, ScoreSheet, SheetStatus, SheetWithScores } from './jury.types';

const toSheet = (r: Row): ScoreSheet => ({
  id: Number(r.id),
  editionId: Number(r.edition_id),
  jurorId: Number(r.juror_user_id),
  entryId: Number(r.entry_id),
  status: r.status as SheetStatus,
  motivation: String(r.motivation),
  abstainReason: (r.abstain_reason as string | null) ?? null,
  finalizedAt: toDateOrNull(r.finalized_at),
  version: Number(r.version),
  createdAt: toDate(r.created_at),
  updatedAt: toDate(r.updated_at),
});

/**
 * Makes sure the juror's sheet for the entry exists. Two tabs saving at once both run this: the unique
 * juror × entry key lets exactly one insert win and the other do nothing (insert … on conflict do nothing works
 * the same on SQLite and PostgreSQL), so there is never a second sheet.
 */
export async function ensureSheet(
  trx: Knex.Transaction,
  input: { editionId: number; jurorId: number; entryId: number; now: Date },
): Promise<void> {
  await trx('score_sheets')
    .insert({
      edition_id: input.editionId,
      juror_user_id: input.jurorId,
      entry_id: input.entryId,
      status: 'draft',
      motivation: '',
      version: 0,
      created_at: input.now,
      updated_at: input.now,
    })
    .onConflict(['juror_user_id', 'entry_id'])
    .ignore();
}

/**
 * The juror's sheet for the entry. With `lock`, PostgreSQL holds the row until the transaction ends, so a second
 * tab's save waits and then sees the first one's result (SQLite runs one write transaction at a time anyway).
 */
export async function findSheet(
  db: Db,
  input: { jurorId: number; entryId: number; lock?: boolean },
): Promise<ScoreSheet | undefined> {
  const q = db('score_sheets').where({ juror_user_id: input.jurorId, entry_id: input.entryId }).first();
  if (input.lock && isPostgres(db as Knex)) q.forUpdate();
  const row: Row | undefined = await q;
  return row ? toSheet(row) : undefined;
}

export async function listScores(db: Db, sheetIds: number[]): Promise<Map<number, CriterionScore[]>> {
  const result = new Map<number, CriterionScore[]>();
  if (sheetIds.length === 0) return result;
  const rows: Row[] = await db('scores').whereIn('sheet_id', sheetIds).orderBy(['sheet_id', 'criterion_id']);
  for (const r of rows) {
    const list = result.get(Number(r.sheet_id)) ?? [];
    list.push({
      criterionId: Number(r.criterion_id),
      value: r.value === null ? null : Number(r.value),
      comment: String(r.comment),
    });
    result.set(Number(r.sheet_id), list);
  }
  return result;
}

export async function findSheetWithScores(
  db: Db,
  input: { jurorId: number; entryId: number },
): Promise<SheetWithScores | undefined> {
  const sheet = await findSheet(db, input);
  if (!sheet) return undefined;
  return { ...sheet, scores: (await listScores(db, [sheet.id])).get(sheet.id) ?? [] };
}

/** Sheets of an edition (optionally of one entry or one juror), with their scores. */
export async function listSheets(
  db: Db,
  filter: { editionId: number; entryId?: number; jurorId?: number; status?: SheetStatus },
): Promise<SheetWithScores[]> {
  const q = db('score_sheets').where({ edition_id: filter.editionId }).orderBy(['entry_id', 'juror_user_id']);
  if (filter.entryId !== undefined) q.where({ entry_id: filter.entryId });
  if (filter.jurorId !== undefined) q.where({ juror_user_id: filter.jurorId });
  if (filter.status !== undefined) q.where({ status: filter.status });
  const sheets = ((await q) as Row[]).map(toSheet);
  const scores = await listScores(
    db,
    sheets.map((s) => s.id),
  );
  return sheets.map((s) => ({ ...s, scores: scores.get(s.id) ?? [] }));
}

/** Who has a sheet for what and in which state: all the jury's overview pages need, without the scores. */
export async function listSheetStates(
  db: Db,
  filter: { editionId: number; jurorId?: number },
): Promise<Array<Pick<ScoreSheet, 'jurorId' | 'entryId' | 'status'>>> {
  const q = db('score_sheets')
    .where({ edition_id: filter.editionId })
    .select('juror_user_id', 'entry_id', 'status');
  if (filter.jurorId !== undefined) q.where({ juror_user_id: filter.jurorId });
  const rows: Row[] = await q;
  return rows.map((r) => ({
    jurorId: Number(r.juror_user_id),
    entryId: Number(r.entry_id),
    status: r.status as SheetStatus,
  }));
}

/** One posted criterion: only the parts that were posted are written, so a save never clears what it did not send. */
export interface ScoreWrite {
  criterionId: number;
  value?: number;
  comment?: string;
}

/**
 * Writes scores by upsert on the (sheet, criterion) primary key: a second tab saving at the same moment updates
 * the same rows instead of adding rows, and criteria one tab did not send keep what the other tab saved.
 */
export async function upsertScores(
  trx: Knex.Transaction,
  input: { sheetId: number; writes: ScoreWrite[]; now: Date },
): Promise<void> {
  // One statement per shape of write (usually one: every criterion with a value, or with value and comment).
  const byShape = new Map<string, ScoreWrite[]>();
  for (const w of input.writes) {
    const shape = `${w.value !== undefined}:${w.comment !== undefined}`;
    byShape.set(shape, [...(byShape.get(shape) ?? []), w]);
  }
  for (const writes of byShape.values()) {
    const merge = ['updated_at'];
    if (writes[0]!.value !== undefined) merge.push('value');
    if (writes[0]!.comment !== undefined) merge.push('comment');
    await trx('scores')
      .insert(
        writes.map((w) => ({
          sheet_id: input.sheetId,
          criterion_id: w.criterionId,
          value: w.value ?? null,
          comment: w.comment ?? '',
          updated_at: input.now,
        })),
      )
      .onConflict(['sheet_id', 'criterion_id'])
      .merge(merge);
  }
}

export async function updateSheet(
  trx: Knex.Transaction,
  id: number,
  fields: {
    status?: SheetStatus;
    motivation?: string;
    abstainReason?: string | null;
    finalizedAt?: Date | null;
  },
  now: Date,
): Promise<void> {
  const row: Row = { updated_at: now };
  if (fields.status !== undefined) row.status = fields.status;
  if (fields.motivation !== undefined) row.motivation = fields.motivation;
  if (fields.abstainReason !== undefined) row.abstain_reason = fields.abstainReason;
  if (fields.finalizedAt !== undefined) row.finalized_at = fields.finalizedAt;
  await trx('score_sheets').where({ id }).update(row).increment('version', 1);
}

/**
 * Fixes the edition's criteria, scale and tie-break rule from the first score on (the editions module refuses
 * to change them once this is set). Run first in the scoring transaction: on PostgreSQL the update locks the
 * edition row, so an organiser changing the scale at the same moment either commits before (and the scores are
 * checked against the new scale) or waits and finds the edition changed (its version moves on).
 */
export async function lockEditionCriteria(
  trx: Knex.Transaction,
  input: { editionId: number; now: Date },
): Promise<boolean> {
  const n = await trx('editions')
    .where({ id: input.editionId })
    .whereNull('criteria_locked_at')
    .update({ criteria_locked_at: input.now, updated_at: input.now })
    .increment('version', 1);
  return n === 1;
}

/** The edition each of these criterion ids belongs to (unknown ids are absent), to tell "unknown" from "other edition". */
export async function criterionEditions(db: Db, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows: Row[] = await db('criteria').whereIn('id', ids).select('id', 'edition_id');
  return new Map(rows.map((r) => [Number(r.id), Number(r.edition_id)]));
}
