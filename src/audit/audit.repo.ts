import type { Knex } from 'knex';
import { toDate } from '../db/db';

export interface AuditInput {
  actorUserId: number | null;
  action: string;
  subjectType: string;
  subjectId: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  at: Date;
}

export interface AuditEvent extends Required<Omit<AuditInput, 'before' | 'after'>> {
  id: number;
  before: unknown;
  after: unknown;
  actorName: string | null;
}

/** Called inside the transaction of the change it records, so a change never exists without its record. */
export async function recordAudit(trx: Knex | Knex.Transaction, input: AuditInput): Promise<void> {
  await trx('audit_events').insert(auditRow(input));
}

/** The stored row of an audit record (also written by the vote's synchronous SQLite transaction, vote.repo.ts). */
export function auditRow(input: AuditInput) {
  return {
    at: input.at,
    actor_user_id: input.actorUserId,
    action: input.action,
    subject_type: input.subjectType,
    subject_id: input.subjectId,
    before_json: input.before === undefined ? null : JSON.stringify(input.before),
    after_json: input.after === undefined ? null : JSON.stringify(input.after),
    reason: input.reason ?? null,
  };
}

export interface AuditFilter {
  action?: string;
  subjectType?: string;
  limit?: number;
}

export async function listAudit(db: Knex, filter: AuditFilter = {}): Promise<AuditEvent[]> {
  const q = db('audit_events as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select('a.*', 'u.name as actor_name')
    .orderBy('a.id', 'desc')
    .limit(filter.limit ?? 200);
  if (filter.action) q.where('a.action', filter.action);
  if (filter.subjectType) q.where('a.subject_type', filter.subjectType);
  const rows: Array<Record<string, unknown>> = await q;
  return rows.map((r) => ({
    id: Number(r.id),
    at: toDate(r.at),
    actorUserId: r.actor_user_id === null ? null : Number(r.actor_user_id),
    actorName: (r.actor_name as string | null) ?? null,
    action: String(r.action),
    subjectType: String(r.subject_type),
    subjectId: r.subject_id === null ? null : Number(r.subject_id),
    before: r.before_json ? JSON.parse(String(r.before_json)) : null,
    after: r.after_json ? JSON.parse(String(r.after_json)) : null,
    reason: (r.reason as string | null) ?? null,
  }));
}

/** Every action the log holds, for the filter. */
export async function listAuditActions(db: Knex): Promise<string[]> {
  const rows: Array<{ action: string }> = await db('audit_events').distinct('action').orderBy('action');
  return rows.map((r) => r.action);
}

/**
 * recordAudit inside a synchronous better-sqlite3 transaction (the audience vote's ballot on SQLite, vote.repo.ts),
 * where knex cannot run: the same row, on the same connection as the change it records.
 */
export function recordAuditSync(
  conn: { prepare(sql: string): { run(...params: unknown[]): unknown } },
  input: AuditInput,
): void {
  const row = auditRow(input);
  conn
    .prepare(
      `insert into audit_events (at, actor_user_id, action, subject_type, subject_id, before_json, after_json, reason)
       values (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      row.at.getTime(),
      row.actor_user_id,
      row.action,
      row.subject_type,
      row.subject_id,
      row.before_json,
      row.after_json,
      row.reason,
    );
}
