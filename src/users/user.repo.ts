import type { Knex } from 'knex';
import { insertReturningId, toDate, toDateOrNull } from '../db/db';
import type { Role, User } from './user.types';

type Row = Record<string, unknown>;

function toUser(r: Row): User {
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
    organisationId:
      r.organisation_id === null || r.organisation_id === undefined ? null : Number(r.organisation_id),
    emailVerifiedAt: toDateOrNull(r.email_verified_at),
  };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserById(db: Knex, id: number): Promise<User | undefined> {
  const row = await db('users').where({ id }).first();
  return row ? toUser(row) : undefined;
}

export async function findUserByEmail(db: Knex, email: string): Promise<User | undefined> {
  const row = await db('users')
    .where({ email: normaliseEmail(email) })
    .first();
  return row ? toUser(row) : undefined;
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
  const rows: Row[] = await db('users').orderBy([{ column: 'role' }, { column: 'name' }, { column: 'id' }]);
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
    organisationId?: number | null;
    language?: User['language'];
  },
): Promise<number> {
  return insertReturningId(trx, 'users', {
    email: normaliseEmail(input.email),
    name: input.name.trim(),
    role: input.role,
    password_hash: input.passwordHash,
    organisation_id: input.organisationId ?? null,
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

/** How many accounts each organisation has (organisations without accounts are absent). */
export async function countUsersByOrganisation(db: Knex): Promise<Map<number, number>> {
  const rows: Array<{ organisation_id: unknown; n: unknown }> = await db('users')
    .whereNotNull('organisation_id')
    .groupBy('organisation_id')
    .select('organisation_id')
    .count({ n: '*' });
  return new Map(rows.map((r) => [Number(r.organisation_id), Number(r.n)]));
}
