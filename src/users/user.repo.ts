import type { Knex } from 'knex';
import { insertReturningId, toDate, toDateOrNull, type Row } from '../db/db';
import type { Role, User } from './user.types';

function toUser(r: Row): User {
  const emailVerifiedAt = toDateOrNull(r.email_verified_at);
  const membership =
    r.m_id === null || r.m_id === undefined
      ? null
      : {
          id: Number(r.m_id),
          organisationId: Number(r.m_organisation_id),
          status: r.m_status as 'requested' | 'active',
        };
  return {
    id: Number(r.id),
    email: String(r.email),
    name: String(r.name),
    role: r.role as Role,
    active: Boolean(r.active),
    hasPassword: r.password_hash !== null,
    language: (r.language as User['language']) ?? null,
    sessionVersion: Number(r.session_version),
    createdAt: toDate(r.created_at),
    deactivatedAt: toDateOrNull(r.deactivated_at),
    organisationId: membership?.status === 'active' && emailVerifiedAt ? membership.organisationId : null,
    membership,
    emailVerifiedAt,
  };
}

/** Users with their current membership (at most one, by a unique index), which decides what they may see. */
function usersWithMembership(db: Knex | Knex.Transaction) {
  return db('users as u')
    .leftJoin('memberships as m', (join) => {
      join.on('m.user_id', '=', 'u.id').andOnIn('m.status', ['requested', 'active']);
    })
    .select('u.*', 'm.id as m_id', 'm.organisation_id as m_organisation_id', 'm.status as m_status');
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserById(db: Knex, id: number): Promise<User | undefined> {
  const row = await usersWithMembership(db).where('u.id', id).first();
  return row ? toUser(row) : undefined;
}

export async function findUserByEmail(db: Knex, email: string): Promise<User | undefined> {
  const row = await usersWithMembership(db).where('u.email', normaliseEmail(email)).first();
  return row ? toUser(row) : undefined;
}

export async function findUsersByIds(db: Knex | Knex.Transaction, ids: number[]): Promise<User[]> {
  if (ids.length === 0) return [];
  const rows: Row[] = await usersWithMembership(db).whereIn('u.id', ids).orderBy('u.id');
  return rows.map(toUser);
}

/** Active organisers, who decide on first members and proposals. */
export async function listActiveAdmins(db: Knex | Knex.Transaction): Promise<User[]> {
  const rows: Row[] = await usersWithMembership(db)
    .where({ 'u.role': 'admin', 'u.active': true })
    .orderBy('u.id');
  return rows.map(toUser);
}

/** The stored hash, read only by the login check. */
export async function findPasswordHash(db: Knex, userId: number): Promise<string | null> {
  const row = await db('users').where({ id: userId }).first('password_hash');
  return (row?.password_hash as string | null | undefined) ?? null;
}

export async function countActiveAdmins(db: Knex): Promise<number> {
  const row = await db('users')
    .where({ role: 'admin', active: true })
    .count<{ n: number | string }>({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

export async function listUsers(db: Knex): Promise<User[]> {
  const rows: Row[] = await usersWithMembership(db).orderBy([
    { column: 'u.role' },
    { column: 'u.name' },
    { column: 'u.id' },
  ]);
  return rows.map(toUser);
}

export async function insertUser(
  trx: Knex | Knex.Transaction,
  input: {
    email: string;
    name: string;
    role: Role;
    passwordHash: string | null;
    now: Date;
    language?: User['language'];
  },
): Promise<number> {
  return insertReturningId(trx, 'users', {
    email: normaliseEmail(input.email),
    name: input.name.trim(),
    role: input.role,
    password_hash: input.passwordHash,
    language: input.language ?? null,
    active: true,
    created_at: input.now,
    updated_at: input.now,
  });
}

export async function updatePasswordHash(
  trx: Knex.Transaction,
  input: { userId: number; passwordHash: string; now: Date },
): Promise<void> {
  await trx('users')
    .where({ id: input.userId })
    .update({ password_hash: input.passwordHash, updated_at: input.now })
    .increment('session_version', 1);
}

export async function setUserActive(
  trx: Knex.Transaction,
  input: { userId: number; active: boolean; now: Date },
): Promise<void> {
  await trx('users')
    .where({ id: input.userId })
    .update({ active: input.active, deactivated_at: input.active ? null : input.now, updated_at: input.now });
}

/** Marks the e-mail address verified; keeps the first moment when it already was. Returns true when it changed. */
export async function markEmailVerified(
  trx: Knex.Transaction,
  input: { userId: number; now: Date },
): Promise<boolean> {
  const n = await trx('users')
    .where({ id: input.userId })
    .whereNull('email_verified_at')
    .update({ email_verified_at: input.now, updated_at: input.now });
  return n === 1;
}

/** The language the user's mails are written in (chosen on the account page, or set when they joined). */
export async function updateUserLanguage(
  trx: Knex.Transaction,
  input: { userId: number; language: 'nl' | 'en'; now: Date },
): Promise<void> {
  await trx('users').where({ id: input.userId }).update({ language: input.language, updated_at: input.now });
}

/** The accounts of these addresses (normalised), for checking a list before anything is sent. */
export async function findUsersByEmails(db: Knex, emails: readonly string[]): Promise<User[]> {
  if (emails.length === 0) return [];
  const rows: Row[] = await usersWithMembership(db).whereIn('u.email', [
    ...new Set(emails.map(normaliseEmail)),
  ]);
  return rows.map(toUser);
}
