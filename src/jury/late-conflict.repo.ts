/** Conflicts declared after scoring closed on an entry the juror had scored (late_conflict_declarations). */
import { insertReturningId, toDate, toDateOrNull, type Row, type Queryable as Db } from '../db/db';

export type LateConflictStatus = 'pending' | 'accepted' | 'rejected';

import type { RankingMoves } from './jury.types';

export type { RankingMoves };

export interface LateConflict {
  id: number;
  editionId: number;
  jurorId: number;
  jurorName: string;
  entryId: number;
  reason: string;
  declaredAt: Date;
  status: LateConflictStatus;
  decidedByName: string | null;
  decisionReason: string | null;
  decidedAt: Date | null;
  moves: RankingMoves | null;
}

function toLateConflict(r: Row): LateConflict {
  return {
    id: Number(r.id),
    editionId: Number(r.edition_id),
    jurorId: Number(r.juror_user_id),
    jurorName: String(r.juror_name ?? ''),
    entryId: Number(r.entry_id),
    reason: String(r.reason),
    declaredAt: toDate(r.declared_at),
    status: String(r.status) as LateConflictStatus,
    decidedByName: r.decider_name === null || r.decider_name === undefined ? null : String(r.decider_name),
    decisionReason:
      r.decision_reason === null || r.decision_reason === undefined ? null : String(r.decision_reason),
    decidedAt: toDateOrNull(r.decided_at),
    moves: r.moves_json ? (JSON.parse(String(r.moves_json)) as RankingMoves) : null,
  };
}

const selectLate = (db: Db) =>
  db('late_conflict_declarations as l')
    .join('users as j', 'j.id', 'l.juror_user_id')
    .leftJoin('users as d', 'd.id', 'l.decided_by_user_id')
    .select('l.*', 'j.name as juror_name', 'd.name as decider_name');

export async function insertLateConflict(
  db: Db,
  input: { editionId: number; jurorId: number; entryId: number; reason: string; now: Date },
): Promise<number> {
  return insertReturningId(db, 'late_conflict_declarations', {
    edition_id: input.editionId,
    juror_user_id: input.jurorId,
    entry_id: input.entryId,
    reason: input.reason,
    declared_at: input.now,
    status: 'pending',
  });
}

/** Every late declaration of an edition, oldest first. */
export async function listLateConflicts(db: Db, editionId: number): Promise<LateConflict[]> {
  const rows: Row[] = await selectLate(db).where('l.edition_id', editionId).orderBy('l.id');
  return rows.map(toLateConflict);
}

export async function findLateConflict(
  db: Db,
  editionId: number,
  id: number,
): Promise<LateConflict | undefined> {
  const row: Row | undefined = await selectLate(db).where({ 'l.edition_id': editionId, 'l.id': id }).first();
  return row ? toLateConflict(row) : undefined;
}

/** The pending declaration of a pair, if any. */
export async function findPendingLateConflict(
  db: Db,
  input: { jurorId: number; entryId: number },
): Promise<LateConflict | undefined> {
  const row: Row | undefined = await selectLate(db)
    .where({ 'l.juror_user_id': input.jurorId, 'l.entry_id': input.entryId, 'l.status': 'pending' })
    .first();
  return row ? toLateConflict(row) : undefined;
}

/** Records the organiser's decision; false when it was decided meanwhile (no longer pending). */
export async function decideLateConflictRow(
  db: Db,
  input: {
    id: number;
    status: 'accepted' | 'rejected';
    actorId: number;
    reason: string;
    moves: RankingMoves | null;
    now: Date;
  },
): Promise<boolean> {
  const n = await db('late_conflict_declarations')
    .where({ id: input.id, status: 'pending' })
    .update({
      status: input.status,
      decided_by_user_id: input.actorId,
      decision_reason: input.reason,
      decided_at: input.now,
      moves_json: input.moves ? JSON.stringify(input.moves) : null,
    });
  return n === 1;
}
