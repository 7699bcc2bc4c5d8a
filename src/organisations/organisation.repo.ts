import { readReference } from '../db/reference-cache';
import { insertReturningId, toDate, type Row, type Queryable as Db } from '../db/db';
import type {
  Organisation,
  OrganisationSource,
  OrganisationStatus,
  OrganisationType,
} from './organisation.types';

const nullableNumber = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const nullableString = (v: unknown) => (v === null || v === undefined ? null : String(v));

function toOrganisation(r: Row, ownerIds: number[]): Organisation {
  return {
    id: Number(r.id),
    name: String(r.name),
    type: r.type as OrganisationType,
    ownerIds,
    code: nullableString(r.code),
    provinceCode: nullableString(r.province_code),
    status: r.status as OrganisationStatus,
    source: r.source as OrganisationSource,
    mergedIntoId: nullableNumber(r.merged_into_id),
    proposedByUserId: nullableNumber(r.proposed_by_user_id),
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
  };
}

/** Owner ids per joint body, for the given bodies (all when `sscIds` is omitted). */
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
 * Organisations (of one type or some statuses, when given), with their owners. Not sorted: the service sorts by
 * name with a Dutch collation, so SQLite and PostgreSQL give the same order.
 */
export async function listOrganisations(
  db: Db,
  filter: { type?: OrganisationType; statuses?: readonly OrganisationStatus[] } = {},
): Promise<Organisation[]> {
  const q = db('organisations');
  if (filter.type) q.where({ type: filter.type });
  if (filter.statuses) q.whereIn('status', filter.statuses);
  const rows: Row[] = await q;
  const owners = await ownerIdsBySsc(db);
  return rows.map((r) => toOrganisation(r, owners.get(Number(r.id)) ?? []));
}

/** Kept per process between writes (db/reference-cache.ts). */
export async function findOrganisationById(db: Db, id: number): Promise<Organisation | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return readReference(db, `organisation:${id}`, async () => {
    const row = await db('organisations').where({ id }).first();
    if (!row) return undefined;
    return toOrganisation(row, (await ownerIdsBySsc(db, [id])).get(id) ?? []);
  });
}

/** Kept per process between writes, per list of ids (db/reference-cache.ts). */
export async function findOrganisationsByIds(db: Db, ids: readonly number[]): Promise<Organisation[]> {
  if (ids.length === 0) return [];
  return readReference(db, `organisations:${ids.join(',')}`, () => fetchOrganisationsByIds(db, ids));
}

async function fetchOrganisationsByIds(db: Db, ids: readonly number[]): Promise<Organisation[]> {
  const rows: Row[] = [];
  for (let i = 0; i < ids.length; i += 500)
    rows.push(...(await db('organisations').whereIn('id', ids.slice(i, i + 500))));
  const owners = await ownerIdsBySsc(
    db,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => toOrganisation(r, owners.get(Number(r.id)) ?? []));
}

/**
 * The organisations with these ids and every organisation they merged into, so that a rule following mergers
 * (conflicts of interest) sees the successors' owners too.
 */
export async function findOrganisationsWithSuccessors(db: Db, ids: number[]): Promise<Organisation[]> {
  const found = new Map<number, Organisation>();
  let wanted = [...new Set(ids)];
  for (let round = 0; round < 10 && wanted.length > 0; round++) {
    for (const o of await findOrganisationsByIds(db, wanted)) found.set(o.id, o);
    const next = new Set<number>();
    for (const o of found.values()) {
      for (const id of [o.mergedIntoId, ...o.ownerIds]) if (id !== null && !found.has(id)) next.add(id);
    }
    wanted = [...next];
  }
  return [...found.values()];
}

/** The organisation with this official code (GM0344), whatever its status. */
export async function findOrganisationByCode(db: Db, code: string): Promise<Organisation | undefined> {
  const row = await db('organisations').where({ code }).first();
  return row
    ? toOrganisation(row, (await ownerIdsBySsc(db, [Number(row.id)])).get(Number(row.id)) ?? [])
    : undefined;
}

/** Organisations that merged into `id`, directly or through earlier mergers: its predecessors. */
export async function listPredecessorIds(db: Db, id: number): Promise<number[]> {
  const result: number[] = [];
  let frontier = [id];
  for (let round = 0; round < 20 && frontier.length > 0; round++) {
    const rows: Row[] = await db('organisations').whereIn('merged_into_id', frontier).select('id');
    frontier = rows.map((r) => Number(r.id)).filter((x) => x !== id && !result.includes(x));
    result.push(...frontier);
  }
  return result;
}

export async function insertOrganisation(
  trx: Db,
  input: {
    name: string;
    type: OrganisationType;
    now: Date;
    status?: OrganisationStatus;
    source?: OrganisationSource;
    code?: string | null;
    provinceCode?: string | null;
    proposedByUserId?: number | null;
  },
): Promise<number> {
  return insertReturningId(trx, 'organisations', {
    name: input.name,
    type: input.type,
    status: input.status ?? 'active',
    source: input.source ?? 'organiser',
    code: input.code ?? null,
    province_code: input.provinceCode ?? null,
    proposed_by_user_id: input.proposedByUserId ?? null,
    created_at: input.now,
    updated_at: input.now,
  });
}

/** The fields an organiser or an import may change; only those given are written. */
export interface OrganisationUpdate {
  name?: string;
  type?: OrganisationType;
  status?: OrganisationStatus;
  source?: OrganisationSource;
  code?: string | null;
  provinceCode?: string | null;
  mergedIntoId?: number | null;
}

export async function updateOrganisationRow(
  trx: Db,
  input: { id: number; now: Date; fields: OrganisationUpdate },
): Promise<void> {
  const f = input.fields;
  const row: Row = { updated_at: input.now };
  if (f.name !== undefined) row.name = f.name;
  if (f.type !== undefined) row.type = f.type;
  if (f.status !== undefined) row.status = f.status;
  if (f.source !== undefined) row.source = f.source;
  if (f.code !== undefined) row.code = f.code;
  if (f.provinceCode !== undefined) row.province_code = f.provinceCode;
  if (f.mergedIntoId !== undefined) row.merged_into_id = f.mergedIntoId;
  await trx('organisations').where({ id: input.id }).update(row);
}

/** Replaces the owners of a joint body with exactly these organisations. */
export async function setOwners(trx: Db, input: { sscId: number; ownerIds: number[] }): Promise<void> {
  await trx('organisation_owners').where({ ssc_id: input.sscId }).del();
  if (input.ownerIds.length > 0) {
    await trx('organisation_owners').insert(
      input.ownerIds.map((ownerId) => ({ ssc_id: input.sscId, owner_id: ownerId })),
    );
  }
}

/**
 * A merger moves the live ties of `fromId` to `toId`: the joint bodies it owned are owned by the successor (no
 * duplicate pair, never itself), and its e-mail domains move.
 */
export async function moveOwnershipAndDomains(
  trx: Db,
  input: { fromId: number; toId: number },
): Promise<void> {
  const owned: Row[] = await trx('organisation_owners').where({ owner_id: input.fromId }).select('ssc_id');
  for (const r of owned) {
    const sscId = Number(r.ssc_id);
    await trx('organisation_owners').where({ ssc_id: sscId, owner_id: input.fromId }).del();
    if (sscId === input.toId) continue;
    const already = await trx('organisation_owners').where({ ssc_id: sscId, owner_id: input.toId }).first();
    if (!already) await trx('organisation_owners').insert({ ssc_id: sscId, owner_id: input.toId });
  }
  await trx('organisation_domains')
    .where({ organisation_id: input.fromId })
    .update({ organisation_id: input.toId });
}

/**
 * Resolving a duplicate (a misspelt partner, an unverified copy of a register body) moves every reference to the
 * organisation it meant: entries, partners, jurors' employers and ties, ownership, domains, memberships.
 */
export async function moveAllReferences(trx: Db, input: { fromId: number; toId: number }): Promise<void> {
  const { fromId, toId } = input;
  await trx('entries').where({ organisation_id: fromId }).update({ organisation_id: toId });
  const partnerRows: Row[] = await trx('entry_partners')
    .where({ organisation_id: fromId })
    .select('entry_id');
  for (const r of partnerRows) {
    await trx('entry_partners').where({ entry_id: r.entry_id, organisation_id: fromId }).del();
    const entry = await trx('entries').where({ id: r.entry_id }).first('organisation_id');
    const already = await trx('entry_partners')
      .where({ entry_id: r.entry_id, organisation_id: toId })
      .first();
    if (!already && Number(entry?.organisation_id) !== toId)
      await trx('entry_partners').insert({ entry_id: r.entry_id, organisation_id: toId });
  }
  await trx('edition_jurors')
    .where({ employer_organisation_id: fromId })
    .update({ employer_organisation_id: toId });
  const tieRows: Row[] = await trx('juror_ties').where({ organisation_id: fromId });
  for (const r of tieRows) {
    await trx('juror_ties').where({ edition_juror_id: r.edition_juror_id, organisation_id: fromId }).del();
    const already = await trx('juror_ties')
      .where({ edition_juror_id: r.edition_juror_id, organisation_id: toId })
      .first();
    if (!already) await trx('juror_ties').insert({ ...r, organisation_id: toId });
  }
  const ownerRows: Row[] = await trx('organisation_owners').where({ ssc_id: fromId });
  for (const r of ownerRows) {
    const ownerId = Number(r.owner_id);
    if (ownerId === toId) continue;
    const already = await trx('organisation_owners').where({ ssc_id: toId, owner_id: ownerId }).first();
    if (!already) await trx('organisation_owners').insert({ ssc_id: toId, owner_id: ownerId });
  }
  await trx('organisation_owners').where({ ssc_id: fromId }).del();
  await moveOwnershipAndDomains(trx, { fromId, toId });
  await trx('memberships').where({ organisation_id: fromId }).update({ organisation_id: toId });
}

// --- E-mail domains --------------------------------------------------------------------------------------------

export async function listDomains(
  db: Db,
  organisationId?: number,
): Promise<Array<{ domain: string; organisationId: number }>> {
  const q = db('organisation_domains').select('domain', 'organisation_id').orderBy('domain');
  if (organisationId !== undefined) q.where({ organisation_id: organisationId });
  const rows: Row[] = await q;
  return rows.map((r) => ({ domain: String(r.domain), organisationId: Number(r.organisation_id) }));
}

/** The organisation that admits addresses on this domain, if any. */
export async function findOrganisationIdByDomain(db: Db, domain: string): Promise<number | undefined> {
  const row = await db('organisation_domains').where({ domain }).first('organisation_id');
  return row ? Number(row.organisation_id) : undefined;
}

export async function replaceDomains(
  trx: Db,
  input: { organisationId: number; domains: string[]; now: Date },
): Promise<void> {
  await trx('organisation_domains').where({ organisation_id: input.organisationId }).del();
  if (input.domains.length > 0)
    await trx('organisation_domains').insert(
      input.domains.map((domain) => ({
        domain,
        organisation_id: input.organisationId,
        created_at: input.now,
      })),
    );
}
