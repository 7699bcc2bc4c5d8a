import { insertReturningId, toDate, toDateOrNull, type Row, type Queryable as Db } from '../db/db';
import type { EditionJuror, JurorTie, TieKind } from './jury.types';

function toJuror(r: Row, ties: JurorTie[]): EditionJuror {
  return {
    id: Number(r.id),
    editionId: Number(r.edition_id),
    userId: Number(r.user_id),
    name: String(r.user_name),
    email: String(r.user_email),
    accepted: Boolean(r.user_active) && r.has_password === 1,
    userActive: Boolean(r.user_active),
    jobTitle: String(r.job_title),
    employerId: r.employer_organisation_id === null ? null : Number(r.employer_organisation_id),
    employerName: String(r.employer_name),
    invitedAt: toDate(r.invited_at),
    remindedAt: toDateOrNull(r.reminded_at),
    revokedAt: toDateOrNull(r.revoked_at),
    declarationAcceptedAt: toDateOrNull(r.declaration_accepted_at),
    ties,
  };
}

function jurorQuery(db: Db) {
  return db('edition_jurors as ej').join('users as u', 'u.id', 'ej.user_id').select(
    'ej.*',
    'u.name as user_name',
    'u.email as user_email',
    'u.active as user_active',
    // 1/0 on both dialects, so the row mapper needs no dialect switch.
    db.raw('case when u.password_hash is null then 0 else 1 end as has_password'),
  );
}

async function tiesOf(db: Db, membershipIds: number[]): Promise<Map<number, JurorTie[]>> {
  const result = new Map<number, JurorTie[]>();
  if (membershipIds.length === 0) return result;
  const rows: Row[] = await db('juror_ties')
    .whereIn('edition_juror_id', membershipIds)
    .orderBy(['edition_juror_id', 'organisation_id']);
  for (const r of rows) {
    const list = result.get(Number(r.edition_juror_id)) ?? [];
    list.push({ organisationId: Number(r.organisation_id), kind: r.kind as TieKind });
    result.set(Number(r.edition_juror_id), list);
  }
  return result;
}

async function withTies(db: Db, rows: Row[]): Promise<EditionJuror[]> {
  const has = (r: Row) => ({ ...r, has_password: Number(r.has_password) });
  const ties = await tiesOf(
    db,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => toJuror(has(r), ties.get(Number(r.id)) ?? []));
}

/** The jury of an edition, revoked members included (the list shows them), sorted by name then id. */
export async function listJurors(db: Db, editionId: number): Promise<EditionJuror[]> {
  const rows: Row[] = await jurorQuery(db)
    .where('ej.edition_id', editionId)
    .orderBy([{ column: 'u.name' }, { column: 'ej.id' }]);
  return withTies(db, rows);
}

/** A user's seat on an edition's jury, revoked or not. */
export async function findMembership(
  db: Db,
  input: { editionId: number; userId: number },
): Promise<EditionJuror | undefined> {
  const row: Row | undefined = await jurorQuery(db)
    .where({ 'ej.edition_id': input.editionId, 'ej.user_id': input.userId })
    .first();
  return row ? (await withTies(db, [row]))[0] : undefined;
}

/** The editions a user is an active (not revoked) juror of, newest first. */
export async function listActiveEditionIds(db: Db, userId: number): Promise<number[]> {
  const rows: Row[] = await db('edition_jurors as ej')
    .join('editions as e', 'e.id', 'ej.edition_id')
    .where('ej.user_id', userId)
    .whereNull('ej.revoked_at')
    .orderBy([
      { column: 'e.year', order: 'desc' },
      { column: 'e.id', order: 'desc' },
    ])
    .select('ej.edition_id');
  return rows.map((r) => Number(r.edition_id));
}

export interface MembershipInput {
  jobTitle: string;
  employerId: number | null;
  employerName: string;
}

export async function insertMembership(
  trx: Db,
  input: MembershipInput & { editionId: number; userId: number; invitedById: number; now: Date },
): Promise<number> {
  return insertReturningId(trx, 'edition_jurors', {
    edition_id: input.editionId,
    user_id: input.userId,
    job_title: input.jobTitle,
    employer_organisation_id: input.employerId,
    employer_name: input.employerName,
    invited_by_user_id: input.invitedById,
    invited_at: input.now,
    created_at: input.now,
    updated_at: input.now,
  });
}

export async function updateMembership(
  trx: Db,
  id: number,
  fields: Partial<MembershipInput> & {
    invitedAt?: Date;
    invitedById?: number;
    remindedAt?: Date;
    revokedAt?: Date | null;
    declarationAccepted?: { at: Date; text: string };
  },
  now: Date,
): Promise<void> {
  const row: Row = { updated_at: now };
  if (fields.jobTitle !== undefined) row.job_title = fields.jobTitle;
  if (fields.employerId !== undefined) row.employer_organisation_id = fields.employerId;
  if (fields.employerName !== undefined) row.employer_name = fields.employerName;
  if (fields.invitedAt !== undefined) row.invited_at = fields.invitedAt;
  if (fields.invitedById !== undefined) row.invited_by_user_id = fields.invitedById;
  if (fields.remindedAt !== undefined) row.reminded_at = fields.remindedAt;
  if (fields.revokedAt !== undefined) row.revoked_at = fields.revokedAt;
  if (fields.declarationAccepted !== undefined) {
    row.declaration_accepted_at = fields.declarationAccepted.at;
    row.declaration_text = fields.declarationAccepted.text;
  }
  await trx('edition_jurors').where({ id }).update(row);
}

export async function replaceTies(trx: Db, membershipId: number, ties: JurorTie[]): Promise<void> {
  await trx('juror_ties').where({ edition_juror_id: membershipId }).del();
  const unique = new Map(ties.map((tie) => [tie.organisationId, tie]));
  if (unique.size) {
    await trx('juror_ties').insert(
      [...unique.values()].map((tie) => ({
        edition_juror_id: membershipId,
        organisation_id: tie.organisationId,
        kind: tie.kind,
      })),
    );
  }
}

/**
 * Makes a juror's unused invitation links stop working. The tokens belong to the auth module, but revoking a
 * juror must end a pending invitation in the same transaction as the revocation itself.
 */
export async function deleteUnusedInviteTokens(trx: Db, userId: number): Promise<void> {
  await trx('user_tokens').where({ user_id: userId, purpose: 'invite' }).whereNull('used_at').del();
}

/** Jury seats of any edition whose juror works at, or is tied to, one of these organisations. */
export async function listJurorsTiedTo(db: Db, organisationIds: readonly number[]): Promise<EditionJuror[]> {
  if (organisationIds.length === 0) return [];
  const rows: Row[] = await jurorQuery(db)
    .where((w) => {
      w.whereIn('ej.employer_organisation_id', organisationIds).orWhereIn(
        'ej.id',
        db('juror_ties').whereIn('organisation_id', organisationIds).select('edition_juror_id'),
      );
    })
    .orderBy([{ column: 'ej.edition_id', order: 'desc' }, { column: 'u.name' }, { column: 'ej.id' }]);
  return withTies(db, rows);
}
