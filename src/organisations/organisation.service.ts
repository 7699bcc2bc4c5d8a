import type { Knex } from 'knex';
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import type { FieldError } from '../http/validation';
import type { User } from '../users/user.types';
import { countUsersByOrganisation } from '../users/user.repo';
import {
  findOrganisationById,
  findOrganisationsByIds,
  insertOrganisation,
  listOrganisations,
  setOwners,
  updateOrganisationRow,
} from './organisation.repo';
import {
  ORGANISATION_TYPES,
  SSC_OWNER_TYPES,
  type Organisation,
  type OrganisationListItem,
  type OrganisationType,
} from './organisation.types';

type Deps = Pick<AppContext, 'db' | 'clock'>;
type Trx = Knex.Transaction;

// Gemeenten and provinces are stored without the word for their type ("Utrecht", not "Gemeente Utrecht"): the
// type says it, and it keeps "Gemeente Zeist" and "Zeist" from becoming two organisations.
const TYPE_PREFIX: Partial<Record<OrganisationType, RegExp>> = {
  gemeente: /^gemeente\s+/i,
  provincie: /^provincie\s+/i,
};

/** Trims, collapses white space and drops a leading "Gemeente"/"Provincie" for those types. */
export function normaliseOrganisationName(name: string, type: OrganisationType): string {
  const clean = name.normalize('NFC').replace(/\s+/g, ' ').trim();
  const prefix = TYPE_PREFIX[type];
  const stripped = prefix ? clean.replace(prefix, '') : clean;
  return stripped === '' ? clean : stripped;
}

/** Two names are the same organisation when they differ only in case. */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('nl');
}

/** For searching: case and accents do not matter ("fryslan" finds "Súdwest-Fryslân"). */
function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('nl');
}

const collator = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });

/** Sorted by name as a Dutch reader expects, the same on SQLite and PostgreSQL. */
export function sortByName<T extends Pick<Organisation, 'name' | 'id'>>(list: T[]): T[] {
  return [...list].sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id);
}

/** Every organisation grouped by type, each group sorted by name: the options of the forms. */
export async function organisationsByType(
  deps: Pick<Deps, 'db'>,
): Promise<Record<OrganisationType, Organisation[]>> {
  const all = sortByName(await listOrganisations(deps.db));
  const groups = Object.fromEntries(ORGANISATION_TYPES.map((type) => [type, [] as Organisation[]]));
  for (const organisation of all) groups[organisation.type]!.push(organisation);
  return groups as Record<OrganisationType, Organisation[]>;
}

/** The organisers' list: optionally one type and a name search, sorted by name, with owners and accounts. */
export async function listForAdmin(
  deps: Pick<Deps, 'db'>,
  filter: { type?: OrganisationType; q?: string },
): Promise<OrganisationListItem[]> {
  const all = await listOrganisations(deps.db);
  const byId = new Map(all.map((o) => [o.id, o]));
  const counts = await countUsersByOrganisation(deps.db);
  const q = searchKey(filter.q ?? '').trim();
  const shown = all.filter(
    (o) => (!filter.type || o.type === filter.type) && (q === '' || searchKey(o.name).includes(q)),
  );
  // Owners by type (gemeenten first, as in the forms), then by name.
  const typeOrder = (type: OrganisationType) => ORGANISATION_TYPES.indexOf(type);
  return sortByName(shown).map((o) => ({
    ...o,
    owners: sortByName(o.ownerIds.flatMap((id) => byId.get(id) ?? []))
      .sort((a, b) => typeOrder(a.type) - typeOrder(b.type))
      .map(({ id, name, type }) => ({ id, name, type })),
    userCount: counts.get(o.id) ?? 0,
  }));
}

/** The organisation with this name and type, ignoring case; `exceptId` leaves out the one being edited. */
async function findSameName(
  trx: Trx,
  input: { name: string; type: OrganisationType; exceptId?: number },
): Promise<Organisation | undefined> {
  const key = nameKey(input.name);
  const candidates = await listOrganisations(trx, { type: input.type });
  return candidates.find((o) => o.id !== input.exceptId && nameKey(o.name) === key);
}

/** Checks that every owner exists, is not the SSC itself and (when given) has an allowed type. */
async function validOwners(
  trx: Trx,
  input: { ownerIds: number[]; sscId?: number; allowedTypes?: readonly OrganisationType[] },
): Promise<boolean> {
  const ids = [...new Set(input.ownerIds)];
  const found = await findOrganisationsByIds(trx, ids);
  return (
    found.length === ids.length &&
    found.every((o) => o.id !== input.sscId && (!input.allowedTypes || input.allowedTypes.includes(o.type)))
  );
}

/** What a registration or an organiser created, for the audit records the caller writes. */
export interface CreatedOrganisation {
  id: number;
  name: string;
  type: OrganisationType;
  ownerIds: number[];
}

export type CreateResult =
  | { ok: true; id: number; created: CreatedOrganisation[] }
  | { ok: false; errors: FieldError[]; existingId?: number };

/** "Provincie Utrecht" is a province, anything else a gemeente: the owners a registering SSC types in. */
export function ownerFromLine(line: string): { name: string; type: OrganisationType } {
  const type: OrganisationType = TYPE_PREFIX.provincie!.test(line.trim()) ? 'provincie' : 'gemeente';
  return { name: normaliseOrganisationName(line, type), type };
}

/**
 * Registers a new organisation inside the caller's transaction. For an SSC, the owners are ticked existing
 * gemeenten/provinces plus names typed one per line; a typed name that already exists (ignoring case) is that
 * organisation, any other becomes a new one. Rule of the prize: an SSC has at least one owner, because the
 * jury's conflict check depends on it. Everything is checked before anything is written, so a refusal leaves
 * nothing behind in the transaction.
 */
export async function createOrganisation(
  trx: Trx,
  input: { name: string; type: OrganisationType; ownerIds: number[]; ownerLines: string[]; now: Date },
): Promise<CreateResult> {
  const name = normaliseOrganisationName(input.name, input.type);
  const same = await findSameName(trx, { name, type: input.type });
  if (same) {
    return {
      ok: false,
      existingId: same.id,
      errors: [
        { field: 'organisationName', messageKey: 'organisations.errors.exists', params: { name: same.name } },
      ],
    };
  }
  const isSsc = input.type === 'ssc';
  const ticked = isSsc ? [...new Set(input.ownerIds)] : [];
  const lines = isSsc ? input.ownerLines : [];
  if (isSsc && ticked.length + lines.length === 0) {
    return { ok: false, errors: [{ field: 'ownerIds', messageKey: 'organisations.errors.ownersRequired' }] };
  }
  if (!(await validOwners(trx, { ownerIds: ticked, allowedTypes: SSC_OWNER_TYPES }))) {
    return { ok: false, errors: [{ field: 'ownerIds', messageKey: 'organisations.errors.ownerUnknown' }] };
  }
  const created: CreatedOrganisation[] = [];
  const ownerIds = new Set(ticked);
  for (const line of lines) {
    const owner = ownerFromLine(line);
    const existing = await findSameName(trx, owner);
    if (existing) {
      ownerIds.add(existing.id);
      continue;
    }
    const id = await insertOrganisation(trx, { ...owner, now: input.now });
    created.push({ id, ...owner, ownerIds: [] });
    ownerIds.add(id);
  }
  const id = await insertOrganisation(trx, { name, type: input.type, now: input.now });
  await setOwners(trx, { sscId: id, ownerIds: [...ownerIds] });
  created.push({ id, name, type: input.type, ownerIds: [...ownerIds] });
  return { ok: true, id, created };
}

export async function auditCreatedOrganisations(
  trx: Trx,
  input: { created: CreatedOrganisation[]; actorUserId: number; now: Date },
): Promise<void> {
  for (const o of input.created) {
    await recordAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'organisation.create',
      subjectType: 'organisation',
      subjectId: o.id,
      after: { name: o.name, type: o.type, ownerIds: o.ownerIds },
      at: input.now,
    });
  }
}

export type UpdateResult = { ok: true; changed: boolean } | { ok: false; errors: FieldError[] };

/**
 * An organiser corrects an organisation: name, type and, for an SSC, its owners (any other organisation).
 * Only SSCs have owners: changing the type to anything else removes them. Audited with before and after.
 */
export async function updateOrganisation(
  deps: Deps,
  input: { actor: User; organisationId: number; name: string; type: OrganisationType; ownerIds: number[] },
): Promise<UpdateResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const before = await findOrganisationById(trx, input.organisationId);
    if (!before) return { ok: false, errors: [{ field: 'name', messageKey: 'organisations.errors.gone' }] };
    const name = normaliseOrganisationName(input.name, input.type);
    const errors: FieldError[] = [];
    const same = await findSameName(trx, { name, type: input.type, exceptId: before.id });
    if (same)
      errors.push({ field: 'name', messageKey: 'organisations.errors.exists', params: { name: same.name } });
    const ownerIds = input.type === 'ssc' ? [...new Set(input.ownerIds)].sort((a, b) => a - b) : [];
    if (input.type === 'ssc' && ownerIds.length === 0) {
      errors.push({ field: 'ownerIds', messageKey: 'organisations.errors.ownersRequired' });
    } else if (!(await validOwners(trx, { ownerIds, sscId: before.id }))) {
      errors.push({ field: 'ownerIds', messageKey: 'organisations.errors.ownerUnknown' });
    }
    if (errors.length > 0) return { ok: false, errors };

    const beforeOwners = [...before.ownerIds].sort((a, b) => a - b);
    const changed =
      name !== before.name || input.type !== before.type || beforeOwners.join(',') !== ownerIds.join(',');
    if (!changed) return { ok: true, changed: false };
    await updateOrganisationRow(trx, { id: before.id, name, type: input.type, now });
    await setOwners(trx, { sscId: before.id, ownerIds });
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'organisation.update',
      subjectType: 'organisation',
      subjectId: before.id,
      before: { name: before.name, type: before.type, ownerIds: beforeOwners },
      after: { name, type: input.type, ownerIds },
      at: now,
    });
    return { ok: true, changed: true };
  });
}

/** "Gemeente Zeist" → gemeente, "Provincie Utrecht" → provincie: the type a typed partner name implies. */
function typeFromPrefix(line: string): OrganisationType | undefined {
  return (Object.keys(TYPE_PREFIX) as OrganisationType[]).find((type) =>
    TYPE_PREFIX[type]!.test(line.trim()),
  );
}

/**
 * Partner organisations an entrant types, one per line. A line naming an existing organisation of any type
 * (ignoring case and a "Gemeente"/"Provincie" prefix) is that organisation; any other line becomes a new
 * organisation (type from its prefix, else "overig") that an organiser can correct. The entrant is never its
 * own partner. Runs in the caller's transaction; new organisations are audited with the entrant as actor.
 */
export async function resolvePartnerOrganisations(
  trx: Trx,
  input: { names: string[]; exceptId: number; now: Date; actorUserId: number },
): Promise<number[]> {
  const all = await listOrganisations(trx);
  const ids: number[] = [];
  const created: CreatedOrganisation[] = [];
  for (const line of input.names.map((n) => n.trim()).filter(Boolean)) {
    const prefixed = typeFromPrefix(line);
    const candidates = (prefixed ? [prefixed] : ORGANISATION_TYPES).map((type) =>
      normaliseOrganisationName(line, type),
    );
    const match = all.find(
      (o) =>
        candidates.some((name) => nameKey(name) === nameKey(o.name)) && (!prefixed || o.type === prefixed),
    );
    if (match) {
      if (match.id !== input.exceptId) ids.push(match.id);
      continue;
    }
    const type = prefixed ?? 'overig';
    const name = normaliseOrganisationName(line, type);
    const id = await insertOrganisation(trx, { name, type, now: input.now });
    all.push({ id, name, type, ownerIds: [], createdAt: input.now, updatedAt: input.now });
    created.push({ id, name, type, ownerIds: [] });
    ids.push(id);
  }
  await auditCreatedOrganisations(trx, { created, actorUserId: input.actorUserId, now: input.now });
  return [...new Set(ids)];
}
