import { insertReturningId, toDate, toDateOrNull, type Row, type Queryable as Db } from '../db/db';

export interface DeletionRequest {
  id: number;
  userId: number;
  userName: string;
  userEmail: string;
  userRole: string;
  reason: string;
  status: 'pending' | 'done' | 'rejected';
  requestedAt: Date;
  decidedAt: Date | null;
}

const toRequest = (r: Row): DeletionRequest => ({
  id: Number(r.id),
  userId: Number(r.user_id),
  userName: String(r.user_name ?? ''),
  userEmail: String(r.user_email ?? ''),
  userRole: String(r.user_role ?? ''),
  reason: String(r.reason),
  status: r.status as DeletionRequest['status'],
  requestedAt: toDate(r.requested_at),
  decidedAt: toDateOrNull(r.decided_at),
});

const withUser = (db: Db) =>
  db('deletion_requests as d')
    .join('users as u', 'u.id', 'd.user_id')
    .select('d.*', 'u.name as user_name', 'u.email as user_email', 'u.role as user_role');

export async function listDeletionRequests(db: Db): Promise<DeletionRequest[]> {
  const rows: Row[] = await withUser(db).orderBy([
    { column: 'd.status', order: 'desc' },
    { column: 'd.id', order: 'desc' },
  ]);
  return rows.map(toRequest);
}

export async function findDeletionRequest(db: Db, id: number): Promise<DeletionRequest | undefined> {
  const row = await withUser(db).where('d.id', id).first();
  return row ? toRequest(row) : undefined;
}

export async function findPendingRequestOf(db: Db, userId: number): Promise<DeletionRequest | undefined> {
  const row = await withUser(db).where({ 'd.user_id': userId, 'd.status': 'pending' }).first();
  return row ? toRequest(row) : undefined;
}

export async function insertDeletionRequest(
  db: Db,
  input: { userId: number; reason: string; now: Date },
): Promise<number> {
  return insertReturningId(db, 'deletion_requests', {
    user_id: input.userId,
    reason: input.reason,
    status: 'pending',
    requested_at: input.now,
  });
}

export async function decideDeletionRequest(
  db: Db,
  input: { id: number; status: 'done' | 'rejected'; deciderId: number; now: Date },
): Promise<boolean> {
  const n = await db('deletion_requests')
    .where({ id: input.id, status: 'pending' })
    .update({ status: input.status, decided_by_user_id: input.deciderId, decided_at: input.now });
  return n === 1;
}

/** Replaces everything that identifies the person; rows that refer to the account (entries, scores) stay. */
export async function anonymiseUser(db: Db, input: { userId: number; now: Date }): Promise<void> {
  await db('users')
    .where({ id: input.userId })
    .update({
      name: `Verwijderde gebruiker ${input.userId}`,
      email: `verwijderd-${input.userId}@invalid.invalid`,
      password_hash: null,
      active: false,
      language: null,
      deactivated_at: input.now,
      updated_at: input.now,
    })
    .increment('session_version', 1);
  await db('user_tokens').where({ user_id: input.userId }).del();
}

/** Every row in `table` where `column` is the user, for the personal data export. Unknown tables give []. */
export async function rowsOfUser(db: Db, table: string, column: string, userId: number): Promise<Row[]> {
  if (!(await db.schema.hasTable(table))) return [];
  return db(table).where(column, userId);
}

/** The scores on these sheets, for the personal data export (a juror's own sheets). */
export async function listScoresOfSheets(db: Db, sheetIds: number[]): Promise<Row[]> {
  if (sheetIds.length === 0) return [];
  return db('scores').whereIn('sheet_id', sheetIds);
}
