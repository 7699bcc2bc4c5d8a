import { insertReturningId, toDate, type Row, type Queryable as Db } from '../db/db';
import type { ConflictDecision, DecisionKind, RankingMoves } from './jury.types';

const toDecision = (r: Row): ConflictDecision => ({
  id: Number(r.id),
  editionId: Number(r.edition_id),
  jurorId: Number(r.juror_user_id),
  entryId: Number(r.entry_id),
  kind: r.kind as DecisionKind,
  reason: String(r.reason),
  decidedById: r.decided_by_user_id === null ? null : Number(r.decided_by_user_id),
  decidedByName: (r.decided_by_name as string | null) ?? null,
  createdAt: toDate(r.created_at),
  moves: r.moves_json ? (JSON.parse(String(r.moves_json)) as RankingMoves) : null,
});

/** Conflict decisions of an edition (optionally one juror and/or entry), oldest first: later ones win. */
export async function listDecisions(
  db: Db,
  filter: { editionId: number; jurorId?: number; entryId?: number },
): Promise<ConflictDecision[]> {
  const q = db('conflict_decisions as d')
    .leftJoin('users as u', 'u.id', 'd.decided_by_user_id')
    .where('d.edition_id', filter.editionId)
    .select('d.*', 'u.name as decided_by_name')
    .orderBy('d.id');
  if (filter.jurorId !== undefined) q.where('d.juror_user_id', filter.jurorId);
  if (filter.entryId !== undefined) q.where('d.entry_id', filter.entryId);
  const rows: Row[] = await q;
  return rows.map(toDecision);
}

export async function insertDecision(
  trx: Db,
  input: {
    editionId: number;
    jurorId: number;
    entryId: number;
    kind: DecisionKind;
    reason: string;
    decidedById: number;
    now: Date;
  },
): Promise<number> {
  return insertReturningId(trx, 'conflict_decisions', {
    edition_id: input.editionId,
    juror_user_id: input.jurorId,
    entry_id: input.entryId,
    kind: input.kind,
    reason: input.reason,
    decided_by_user_id: input.decidedById,
    created_at: input.now,
  });
}

/** Keeps what a decision moved in the ranking (measured around its insert, in the same transaction). */
export async function setDecisionMoves(trx: Db, id: number, moves: RankingMoves): Promise<void> {
  await trx('conflict_decisions')
    .where({ id })
    .update({ moves_json: JSON.stringify(moves) });
}
