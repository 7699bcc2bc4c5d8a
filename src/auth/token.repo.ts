import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { toDate } from '../db/db';

export type TokenPurpose = 'reset' | 'invite' | 'verify';

export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  reset: 60 * 60 * 1000,
  invite: 7 * 24 * 60 * 60 * 1000,
  verify: 7 * 24 * 60 * 60 * 1000,
};

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** Makes a one-time token; only its hash is stored, so a leaked database gives no working links. */
export async function createToken(
  trx: Knex | Knex.Transaction,
  input: { userId: number; purpose: TokenPurpose; now: Date },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  // A new link replaces older unused ones of the same kind.
  await trx('user_tokens')
    .where({ user_id: input.userId, purpose: input.purpose })
    .whereNull('used_at')
    .del();
  await trx('user_tokens').insert({
    user_id: input.userId,
    purpose: input.purpose,
    token_hash: sha256(token),
    expires_at: new Date(input.now.getTime() + TOKEN_TTL_MS[input.purpose]),
    created_at: input.now,
  });
  return token;
}

export interface ValidToken {
  id: number;
  userId: number;
  purpose: TokenPurpose;
  expiresAt: Date;
}

export async function findValidToken(
  db: Knex | Knex.Transaction,
  input: { token: string; purposes: TokenPurpose[]; now: Date },
): Promise<ValidToken | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(input.token)) return undefined;
  const row = await db('user_tokens')
    .where({ token_hash: sha256(input.token) })
    .whereIn('purpose', input.purposes)
    .whereNull('used_at')
    .first();
  if (!row || toDate(row.expires_at).getTime() <= input.now.getTime()) return undefined;
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    purpose: row.purpose,
    expiresAt: toDate(row.expires_at),
  };
}

/** Marks the token used; returns false when another request used it first. */
export async function consumeToken(
  trx: Knex.Transaction,
  input: { id: number; now: Date },
): Promise<boolean> {
  const n = await trx('user_tokens')
    .where({ id: input.id })
    .whereNull('used_at')
    .update({ used_at: input.now });
  return n === 1;
}
