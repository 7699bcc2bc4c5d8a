import { insertReturningId, toDate, toDateOrNull, type Row, type Queryable as Db } from '../db/db';
import type { MailStatus } from './outbox.rules';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface OutboxMail {
  id: number;
  to: string;
  /** Where a reply goes, when not to the sender (the kennisbank's contact form). */
  replyTo: string | null;
  subject: string;
  template: string;
  body: string;
  attachments: MailAttachment[];
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  sentAt: Date | null;
}

function toMail(r: Row): OutboxMail {
  return {
    id: Number(r.id),
    to: String(r.to_address),
    replyTo: r.reply_to ? String(r.reply_to) : null,
    subject: String(r.subject),
    template: String(r.template),
    body: String(r.body),
    attachments: r.attachments_json ? (JSON.parse(String(r.attachments_json)) as MailAttachment[]) : [],
    status: r.status as MailStatus,
    attempts: Number(r.attempts),
    lastError: r.last_error === null || r.last_error === undefined ? null : String(r.last_error),
    nextAttemptAt: toDateOrNull(r.next_attempt_at),
    createdAt: toDate(r.created_at),
    sentAt: toDateOrNull(r.sent_at),
  };
}

export async function insertMail(
  db: Db,
  input: {
    to: string;
    replyTo?: string | null;
    subject: string;
    template: string;
    body: string;
    attachments: MailAttachment[];
    now: Date;
  },
): Promise<number> {
  return insertReturningId(db, 'mail_outbox', {
    to_address: input.to,
    reply_to: input.replyTo ?? null,
    subject: input.subject.slice(0, 500),
    template: input.template,
    body: input.body,
    attachments_json: input.attachments.length ? JSON.stringify(input.attachments) : null,
    status: 'sending',
    attempts: 0,
    created_at: input.now,
    updated_at: input.now,
  });
}

/** Records the outcome of an attempt. */
export async function recordAttempt(
  db: Db,
  input: {
    id: number;
    status: MailStatus;
    attempts: number;
    error: string | null;
    nextAttemptAt: Date | null;
    now: Date;
  },
): Promise<void> {
  await db('mail_outbox')
    .where({ id: input.id })
    .update({
      status: input.status,
      attempts: input.attempts,
      last_error: input.error,
      next_attempt_at: input.nextAttemptAt,
      sent_at: input.status === 'sent' ? input.now : null,
      updated_at: input.now,
    });
}

/** Mails waiting for a retry whose moment has come, oldest first. */
export async function listDue(db: Db, now: Date, limit = 50): Promise<OutboxMail[]> {
  const rows: Row[] = await db('mail_outbox')
    .where('status', 'retrying')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .limit(limit);
  return rows.map(toMail);
}

/**
 * Takes a waiting mail for one attempt: only one process (or request) wins, so a retry is never sent twice. Returns
 * false when someone else took it first.
 */
export async function claimForRetry(
  db: Db,
  input: { id: number; attempts: number; now: Date },
): Promise<boolean> {
  const n = await db('mail_outbox')
    .where({ id: input.id, status: 'retrying', attempts: input.attempts })
    .update({ status: 'sending', updated_at: input.now });
  return n === 1;
}

/** An organiser asks to try a failed mail again now: it waits for the next retry round, its count starting over. */
export async function requeueMail(db: Db, input: { id: number; now: Date }): Promise<boolean> {
  const n = await db('mail_outbox')
    .where({ id: input.id })
    .whereIn('status', ['failed', 'retrying'])
    .update({ status: 'retrying', attempts: 0, next_attempt_at: input.now, updated_at: input.now });
  return n === 1;
}

export async function findMail(db: Db, id: number): Promise<OutboxMail | undefined> {
  const row: Row | undefined = await db('mail_outbox').where({ id }).first();
  return row ? toMail(row) : undefined;
}

export interface OutboxFilter {
  status?: MailStatus;
}

/** The outbox, newest first, a page at a time, with the count per status. */
export async function listMails(
  db: Db,
  input: OutboxFilter & { offset: number; limit: number },
): Promise<{ mails: OutboxMail[]; total: number; counts: Record<string, number> }> {
  const where = (q: ReturnType<Db>) => (input.status ? q.where('status', input.status) : q);
  const [rows, total, counts] = await Promise.all([
    where(db('mail_outbox'))
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .offset(input.offset)
      .limit(input.limit) as Promise<Row[]>,
    where(db('mail_outbox')).count<{ n: number | string }[]>({ n: '*' }),
    db('mail_outbox')
      .select('status')
      .count<{ status: string; n: number | string }[]>({ n: '*' })
      .groupBy('status'),
  ]);
  return {
    mails: rows.map(toMail),
    total: Number(total[0]?.n ?? 0),
    counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
  };
}
