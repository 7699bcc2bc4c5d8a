import { insertReturningId, toDate, toDateOrNull, type Row, type Queryable as Db } from '../db/db';
import type { Membership, MembershipStatus, MembershipVia, MembershipWithPerson } from './membership.types';

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toMembership(r: Row): Membership {
  return {
    id: Number(r.id),
    organisationId: Number(r.organisation_id),
    userId: Number(r.user_id),
    status: r.status as MembershipStatus,
    via: (r.via as MembershipVia | null) ?? null,
    requestedAt: toDate(r.requested_at),
    decidedAt: toDateOrNull(r.decided_at),
    decidedByUserId: num(r.decided_by_user_id),
    endedAt: toDateOrNull(r.ended_at),
    endedByUserId: num(r.ended_by_user_id),
    reason: (r.reason as string | null) ?? null,
    notifiedAt: toDateOrNull(r.notified_at),
  };
}

const CURRENT: readonly MembershipStatus[] = ['requested', 'active'];

export async function findMembershipById(db: Db, id: number): Promise<Membership | undefined> {
  const row = await db('memberships').where({ id }).first();
  return row ? toMembership(row) : undefined;
}

/** The account's current membership (requested or active): at most one, by a unique index. */
export async function findCurrentMembership(db: Db, userId: number): Promise<Membership | undefined> {
  const row = await db('memberships').where({ user_id: userId }).whereIn('status', CURRENT).first();
  return row ? toMembership(row) : undefined;
}

/** Every membership of an organisation (or only some statuses), with the person, oldest first. */
export async function listMemberships(
  db: Db,
  filter: { organisationId?: number; statuses?: readonly MembershipStatus[] },
): Promise<MembershipWithPerson[]> {
  const q = db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .select('m.*', 'u.name', 'u.email', 'u.email_verified_at', 'u.active')
    .orderBy([{ column: 'm.requested_at' }, { column: 'm.id' }]);
  if (filter.organisationId !== undefined) q.where('m.organisation_id', filter.organisationId);
  if (filter.statuses) q.whereIn('m.status', filter.statuses);
  const rows: Row[] = await q;
  return rows.map((r) => ({
    ...toMembership(r),
    name: String(r.name),
    email: String(r.email),
    emailVerified: r.email_verified_at !== null && r.email_verified_at !== undefined,
    active: Boolean(r.active),
  }));
}

/** Active members whose address is verified: the people who may decide on requests and are told of changes. */
export async function listActiveMemberIds(db: Db, organisationId: number): Promise<number[]> {
  const rows: Row[] = await db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'm.organisation_id': organisationId, 'm.status': 'active', 'u.active': true })
    .whereNotNull('u.email_verified_at')
    .select('u.id')
    .orderBy('u.id');
  return rows.map((r) => Number(r.id));
}

/** How many active members each organisation has (organisations without members are absent). */
export async function countActiveMembers(db: Db): Promise<Map<number, number>> {
  const rows: Row[] = await db('memberships')
    .where({ status: 'active' })
    .groupBy('organisation_id')
    .select('organisation_id')
    .count({ n: '*' });
  return new Map(rows.map((r) => [Number(r.organisation_id), Number(r.n)]));
}

export async function insertMembership(
  trx: Db,
  input: {
    organisationId: number;
    userId: number;
    status: 'requested' | 'active';
    via?: MembershipVia | null;
    now: Date;
    decidedByUserId?: number | null;
  },
): Promise<number> {
  return insertReturningId(trx, 'memberships', {
    organisation_id: input.organisationId,
    user_id: input.userId,
    status: input.status,
    via: input.via ?? null,
    requested_at: input.now,
    decided_at: input.status === 'active' ? input.now : null,
    decided_by_user_id: input.decidedByUserId ?? null,
  });
}

/**
 * Moves a membership from one status to another; only when it is still in `from`, so that two people deciding at
 * once cannot both win. Returns whether it moved.
 */
export async function moveMembership(
  trx: Db,
  input: {
    id: number;
    from: MembershipStatus;
    to: MembershipStatus;
    now: Date;
    actorUserId: number | null;
    via?: MembershipVia;
    reason?: string | null;
  },
): Promise<boolean> {
  const ending = input.to === 'removed' || input.to === 'cancelled';
  const row: Row = { status: input.to };
  if (ending) {
    row.ended_at = input.now;
    row.ended_by_user_id = input.actorUserId;
  } else {
    row.decided_at = input.now;
    row.decided_by_user_id = input.actorUserId;
  }
  if (input.via) row.via = input.via;
  if (input.reason !== undefined) row.reason = input.reason;
  const n = await trx('memberships').where({ id: input.id, status: input.from }).update(row);
  return n === 1;
}

export async function markMembershipNotified(trx: Db, input: { id: number; now: Date }): Promise<void> {
  await trx('memberships').where({ id: input.id }).update({ notified_at: input.now });
}

/**
 * A herindeling: the current memberships (requested or active) of a gemeente that merged go to its successor, so
 * its people keep acting for the gemeente they now work for. Ended ones stay, as history. Returns how many moved.
 */
export async function moveCurrentMemberships(
  trx: Db,
  input: { fromId: number; toId: number },
): Promise<number> {
  return trx('memberships')
    .where({ organisation_id: input.fromId })
    .whereIn('status', CURRENT)
    .update({ organisation_id: input.toId });
}

/** Ends every current membership of an account (its data is being anonymised): waiting ones cancelled, granted ones removed. */
export async function endMembershipsOf(trx: Db, input: { userId: number; now: Date }): Promise<void> {
  await trx('memberships')
    .where({ user_id: input.userId, status: 'requested' })
    .update({ status: 'cancelled', ended_at: input.now });
  await trx('memberships')
    .where({ user_id: input.userId, status: 'active' })
    .update({ status: 'removed', ended_at: input.now });
}
