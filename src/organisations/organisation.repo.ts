import type { Knex } from 'knex';
import { insertReturningId, toDate } from '../db/db';
import type { Organisation, OrganisationType } from './organisation.types';

type Row = Record<string, unknown>;
type Db = Knex | Knex.Transaction;

function toOrganisation(r: Row, ownerIds: number[]): Organisation {
  return {
    id: Number(r.id),
    name: String(r.name),
    type: r.type as OrganisationType,
    ownerIds,
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
  };
}

/** Owner ids per SSC, for the given SSCs (all when `sscIds` is omitted). */
async function ownerIdsBySsc(db: Db, sscIds?: number[]): Promise<Map<number, number[]>> {
  const q = db('organisation_owners').select('ssc_id', 'owner_id').orderBy(['ssc_id', 'owner_id']);
  if (sscIds) q.whereIn('ssc_id', sscIds);
  const rows: Row[] = await q;
  const result = new Map<number, number[]>();
  for (const r of rows) {
    const list = result.get(Number(r.ssc_id)) ?? [];
    list.push(Number(r.owner_id));
    result.set(Number(r.ssc_id), list);
  }
  return result;
}

/**
 * All organisations (of one type, when given), with their owners. Not sorted: the service sorts by name with a
 * Dutch collation, so SQLite and PostgreSQL give the same order.
 */
export async function listOrganisations(
  db: Db,
  filter: { type?: OrganisationType } = {},
): Promise<Organisation[]> {
  const q = db('organisations');
  if (filter.type) q.where({ type: filter.type });
  const rows: Row[] = await q;
  const owners = await ownerIdsBySsc(db);
  return rows.map((r) => toOrganisation(r, owners.get(Number(r.id)) ?? []));
}

export async function findOrganisationById(db: Db, id: number): Promise<Organisation | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const row = await db('organisations').where({ id }).first();
  if (!row) return undefined;
  return toOrganisation(row, (await ownerIdsBySsc(db, [id])).get(id) ?? []);
}

export async function findOrganisationsByIds(db: Db, ids: number[]): Promise<Organisation[]> {
  if (ids.length === 0) return [];
  const rows: Row[] = await db('organisations').whereIn('id', ids);
  const owners = await ownerIdsBySsc(
    db,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => toOrganisation(r, owners.get(Number(r.id)) ?? []));
}

export async function insertOrganisation(
  trx: Db,
  input: { name: string; type: OrganisationType; now: Date },
): Promise<number> {
  return insertReturningId(trx, 'organisations', {
    name: input.name,
    type: input.type,
    created_at: input.now,
    updated_at: input.now,
  });
}

export async function updateOrganisationRow(
  trx: Db,
  input: { id: number; name: string; type: OrganisationType; now: Date },
): Promise<void> {
  await trx('organisations')
    .where({ id: input.id })
    .update({ name: input.name, type: input.type, updated_at: input.now });
}

/** Replaces the owners of an SSC with exactly these organisations. */
export async function setOwners(trx: Db, input: { sscId: number; ownerIds: number[] }): Promise<void> {
  await trx('organisation_owners').where({ ssc_id: input.sscId }).del();
  if (input.ownerIds.length > 0) {
    await trx('organisation_owners').insert(
      input.ownerIds.map((ownerId) => ({ ssc_id: input.sscId, owner_id: ownerId })),
    );
  }
}
