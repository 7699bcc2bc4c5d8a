/**
 * The register of organisations: gemeenten, provinces and waterschappen from the official lists (register.service
 * keeps them current), and the joint bodies (SSCs, gemeenschappelijke regelingen) that organisers create or
 * entrants propose, always owned by bodies from the register. No organisation is made from free text: an entrant's
 * new name is a proposal that an organiser approves, merges into the body it meant, or refuses.
 */
import type { Knex } from 'knex';
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { inTransaction, invalid, ok, refuse, type FieldError, type Result } from '../shared/result';
import type { User } from '../users/user.types';
import { countActiveMembers, listMemberships, moveMembership } from './membership.repo';
import { isPublicMailDomain, isValidDomain } from './membership.rules';
import {
  matchesQuery,
  nameKey,
  normaliseOrganisationName,
  searchKey,
  sortByName,
} from './organisation.names';
import {
  findOrganisationById,
  findOrganisationsByIds,
  insertOrganisation,
  listDomains,
  listOrganisations,
  moveAllReferences,
  replaceDomains,
  setOwners,
  updateOrganisationRow,
} from './organisation.repo';
import {
  JOINT_TYPES,
  ORGANISATION_TYPES,
  OWNER_TYPES,
  isRegisterType,
  type JointType,
  type Organisation,
  type OrganisationListItem,
  type OrganisationStatus,
  type OrganisationType,
} from './organisation.types';

type Deps = Pick<AppContext, 'db' | 'clock'>;
type Trx = Knex.Transaction;

/** The register grouped by type, each group sorted by name: the options of the forms. Active bodies by default. */
export async function organisationsByType(
  deps: Pick<Deps, 'db'>,
  options: { statuses?: readonly OrganisationStatus[] } = {},
): Promise<Record<OrganisationType, Organisation[]>> {
  const all = sortByName(await listOrganisations(deps.db, { statuses: options.statuses ?? ['active'] }));
  const groups = Object.fromEntries(ORGANISATION_TYPES.map((type) => [type, [] as Organisation[]]));
  for (const organisation of all) groups[organisation.type]!.push(organisation);
  return groups as Record<OrganisationType, Organisation[]>;
}

/**
 * Active bodies of the register whose name matches the query (every word, ignoring case and accents), names that
 * start with the query first, then by name; at most `limit`.
 */
export async function searchRegister(
  deps: Pick<Deps, 'db'>,
  input: { q: string; limit?: number; exceptIds?: readonly number[] },
): Promise<Organisation[]> {
  const q = searchKey(input.q);
  if (q === '') return [];
  const except = new Set(input.exceptIds ?? []);
  const found = (await listOrganisations(deps.db, { statuses: ['active'] })).filter(
    (o) => !except.has(o.id) && matchesQuery(o.name, input.q),
  );
  const starts = (o: Organisation) => (searchKey(o.name).startsWith(q) ? 0 : 1);
  return sortByName(found)
    .sort((a, b) => starts(a) - starts(b))
    .slice(0, input.limit ?? 20);
}

/** The organisers' list: optionally one type, one status and a name search, with owners, members and domains. */
export async function listForAdmin(
  deps: Pick<Deps, 'db'>,
  filter: { type?: OrganisationType; status?: OrganisationStatus; q?: string },
): Promise<OrganisationListItem[]> {
  const all = await listOrganisations(deps.db);
  const byId = new Map(all.map((o) => [o.id, o]));
  const members = await countActiveMembers(deps.db);
  const domains = await listDomains(deps.db);
  const q = filter.q?.trim() ?? '';
  const shown = all.filter(
    (o) =>
      (!filter.type || o.type === filter.type) &&
      (!filter.status || o.status === filter.status) &&
      (q === '' || matchesQuery(o.name, q) || o.code?.toLowerCase() === q.toLowerCase()),
  );
  const typeOrder = (type: OrganisationType) => ORGANISATION_TYPES.indexOf(type);
  return sortByName(shown).map((o) => ({
    ...o,
    owners: sortByName(o.ownerIds.flatMap((id) => byId.get(id) ?? []))
      .sort((a, b) => typeOrder(a.type) - typeOrder(b.type))
      .map(({ id, name, type }) => ({ id, name, type })),
    memberCount: members.get(o.id) ?? 0,
    domains: domains.filter((d) => d.organisationId === o.id).map((d) => d.domain),
  }));
}

/** How many organisations wait for an organiser's decision (proposed or unverified). */
export async function countOpenOrganisations(deps: Pick<Deps, 'db'>): Promise<number> {
  return (await listOrganisations(deps.db, { statuses: ['proposed', 'unverified'] })).length;
}

/** Owners of a joint body: at least one, each an active body of the register, never the body itself. */
async function checkOwners(
  trx: Trx,
  input: { ownerIds: number[]; selfId?: number },
): Promise<FieldError | null> {
  const ids = [...new Set(input.ownerIds)];
  if (ids.length === 0) return { field: 'ownerIds', messageKey: 'organisations.errors.ownersRequired' };
  const found = await findOrganisationsByIds(trx, ids);
  const valid =
    found.length === ids.length &&
    found.every((o) => o.id !== input.selfId && o.status === 'active' && OWNER_TYPES.includes(o.type));
  return valid ? null : { field: 'ownerIds', messageKey: 'organisations.errors.ownerUnknown' };
}

/** The same name and type already in use: which organisation, so the message can say what to do instead. */
async function sameName(trx: Trx, input: { name: string; type: OrganisationType; exceptId?: number }) {
  const key = nameKey(input.name);
  return (await listOrganisations(trx, { type: input.type })).find(
    (o) => o.id !== input.exceptId && nameKey(o.name) === key,
  );
}

function nameTakenError(existing: Organisation): FieldError {
  const messageKey =
    existing.status === 'active'
      ? 'organisations.errors.exists'
      : existing.status === 'proposed' || existing.status === 'unverified'
        ? 'organisations.errors.awaitingDecision'
        : 'organisations.errors.existsInactive';
  return { field: 'name', messageKey, params: { name: existing.name } };
}

/** Domains an organiser sets: valid host names, no public mail providers, each on at most one organisation. */
async function checkDomains(
  trx: Trx,
  input: { domains: string[]; organisationId?: number },
): Promise<FieldError | null> {
  for (const domain of input.domains) {
    if (!isValidDomain(domain))
      return { field: 'domains', messageKey: 'organisations.errors.domainInvalid', params: { domain } };
    if (isPublicMailDomain(domain))
      return { field: 'domains', messageKey: 'organisations.errors.domainPublic', params: { domain } };
  }
  const taken = (await listDomains(trx)).find(
    (d) => input.domains.includes(d.domain) && d.organisationId !== input.organisationId,
  );
  if (taken) {
    const owner = await findOrganisationById(trx, taken.organisationId);
    return {
      field: 'domains',
      messageKey: 'organisations.errors.domainTaken',
      params: { domain: taken.domain, organisation: owner?.name ?? '' },
    };
  }
  return null;
}

/** An organiser adds a joint body (an SSC, a gemeenschappelijke regeling, another body) to the register. */
export async function createJointBody(
  deps: Deps,
  input: { actor: User; name: string; type: JointType; ownerIds: number[]; domains: string[] },
): Promise<Result<number>> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const name = normaliseOrganisationName(input.name, input.type);
    const errors: FieldError[] = [];
    const existing = await sameName(trx, { name, type: input.type });
    if (existing) errors.push(nameTakenError(existing));
    const ownerIds = [...new Set(input.ownerIds)].sort((a, b) => a - b);
    const ownerError =
      input.type === 'ssc' || ownerIds.length > 0 ? await checkOwners(trx, { ownerIds }) : null;
    if (ownerError) errors.push(ownerError);
    const domainError = await checkDomains(trx, { domains: input.domains });
    if (domainError) errors.push(domainError);
    if (errors.length) return invalid(errors);
    const id = await insertOrganisation(trx, {
      name,
      type: input.type,
      now,
      status: 'active',
      source: 'organiser',
    });
    await setOwners(trx, { sscId: id, ownerIds });
    await replaceDomains(trx, { organisationId: id, domains: input.domains, now });
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'organisation.create',
      subjectType: 'organisation',
      subjectId: id,
      after: { name, type: input.type, ownerIds, domains: input.domains },
      at: now,
    });
    return ok(id);
  });
}

/**
 * An entrant proposes a body that is not in the register, inside the caller's transaction (registration, or a
 * partner of an entry). It exists as 'proposed': nobody can choose it, and the organisers decide. A name that a
 * refused proposal had is proposed again rather than stored twice.
 */
export async function proposeOrganisationInTrx(
  trx: Trx,
  input: { user: Pick<User, 'id'>; name: string; type: JointType; ownerIds: number[]; now: Date },
): Promise<Result<Organisation>> {
  const name = normaliseOrganisationName(input.name, input.type);
  const errors: FieldError[] = [];
  const existing = await sameName(trx, { name, type: input.type });
  if (existing && existing.status !== 'refused') errors.push(nameTakenError(existing));
  const ownerIds = [...new Set(input.ownerIds)].sort((a, b) => a - b);
  const ownerError =
    input.type === 'ssc' || ownerIds.length > 0 ? await checkOwners(trx, { ownerIds }) : null;
  if (ownerError) errors.push(ownerError);
  if (errors.length) return invalid(errors);
  let id: number;
  if (existing) {
    id = existing.id;
    await updateOrganisationRow(trx, {
      id,
      now: input.now,
      fields: { status: 'proposed', source: 'entrant' },
    });
    await trx('organisations').where({ id }).update({ proposed_by_user_id: input.user.id });
  } else {
    id = await insertOrganisation(trx, {
      name,
      type: input.type,
      now: input.now,
      status: 'proposed',
      source: 'entrant',
      proposedByUserId: input.user.id,
    });
  }
  await setOwners(trx, { sscId: id, ownerIds });
  await recordAudit(trx, {
    actorUserId: input.user.id,
    action: 'organisation.propose',
    subjectType: 'organisation',
    subjectId: id,
    after: { name, type: input.type, ownerIds },
    at: input.now,
  });
  return ok((await findOrganisationById(trx, id))!);
}

/**
 * An organiser corrects an organisation. Bodies of the register keep their official name and type (the yearly
 * import changes them); only their e-mail domains are set here. Joint bodies: name, type, owners and domains.
 * Audited with before and after.
 */
export async function updateOrganisation(
  deps: Deps,
  input: {
    actor: User;
    organisationId: number;
    name: string;
    type: OrganisationType;
    ownerIds: number[];
    domains: string[];
  },
): Promise<Result<{ changed: boolean }>> {
  const now = deps.clock.now();
  return inTransaction<{ changed: boolean }>(deps.db, async (trx) => {
    const before = await findOrganisationById(trx, input.organisationId);
    if (!before) return refuse('notFound', 'errors.404.message');
    const official = isRegisterType(before.type) && before.code !== null;
    const type = official ? before.type : input.type;
    if (!official && !(JOINT_TYPES as readonly string[]).includes(type) && !isRegisterType(type))
      return invalid([{ field: 'type', messageKey: 'organisations.errors.typeRequired' }]);
    const name = official ? before.name : normaliseOrganisationName(input.name, type);
    const ownerIds = official || type !== 'ssc' ? [] : [...new Set(input.ownerIds)].sort((a, b) => a - b);
    const errors: FieldError[] = [];
    const existing = await sameName(trx, { name, type, exceptId: before.id });
    if (existing) errors.push(nameTakenError(existing));
    if (type === 'ssc') {
      const ownerError = await checkOwners(trx, { ownerIds, selfId: before.id });
      if (ownerError) errors.push(ownerError);
    }
    const domains = [...new Set(input.domains)].sort();
    const domainError = await checkDomains(trx, { domains, organisationId: before.id });
    if (domainError) errors.push(domainError);
    if (errors.length) return invalid(errors);

    const beforeOwners = [...before.ownerIds].sort((a, b) => a - b);
    const beforeDomains = (await listDomains(trx, before.id)).map((d) => d.domain);
    const changed =
      name !== before.name ||
      type !== before.type ||
      beforeOwners.join(',') !== ownerIds.join(',') ||
      beforeDomains.join(',') !== domains.join(',');
    if (!changed) return ok({ changed: false });
    await updateOrganisationRow(trx, { id: before.id, now, fields: { name, type } });
    await setOwners(trx, { sscId: before.id, ownerIds });
    await replaceDomains(trx, { organisationId: before.id, domains, now });
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'organisation.update',
      subjectType: 'organisation',
      subjectId: before.id,
      before: { name: before.name, type: before.type, ownerIds: beforeOwners, domains: beforeDomains },
      after: { name, type, ownerIds, domains },
      at: now,
    });
    return ok({ changed: true });
  });
}

export type Resolution =
  { decision: 'approve' } | { decision: 'merge'; mergeIntoId: number } | { decision: 'refuse' };

/**
 * An organiser decides on a proposed or unverified organisation:
 * - approve: it joins the register as it is (a joint body with owners from the register); its proposer's waiting
 *   request to join becomes its first membership;
 * - merge: it was another body all along (a misspelling, a copy of a gemeente): every reference moves there;
 * - refuse: it leaves the register's choices; a partner link to it is removed, waiting requests are refused. An
 *   organisation that entered the prize is never refused, only merged, so no entry loses its organisation.
 */
export async function resolveOrganisation(
  deps: Deps,
  input: { actor: User; organisationId: number; resolution: Resolution; reason: string },
): Promise<Result<{ proposedByUserId: number | null; removedFromEntries: number[] }>> {
  const now = deps.clock.now();
  type Value = { proposedByUserId: number | null; removedFromEntries: number[] };
  return inTransaction<Value>(deps.db, async (trx) => {
    const organisation = await findOrganisationById(trx, input.organisationId);
    if (!organisation) return refuse('notFound', 'errors.404.message');
    if (organisation.status !== 'proposed' && organisation.status !== 'unverified')
      return refuse('conflict', 'organisations.resolve.errors.alreadyResolved');
    const reason = input.reason.trim() || null;
    const audited = {
      actorUserId: input.actor.id,
      subjectId: organisation.id,
      before: { status: organisation.status },
      reason,
      at: now,
    };
    const waiting = await listMemberships(trx, { organisationId: organisation.id, statuses: ['requested'] });
    let removedFromEntries: number[] = [];
    const resolution = input.resolution;
    if (resolution.decision === 'approve') {
      if (!(JOINT_TYPES as readonly string[]).includes(organisation.type))
        return invalid([
          { field: 'decision', messageKey: 'organisations.resolve.errors.registerTypeApprove' },
        ]);
      if (organisation.type === 'ssc') {
        const ownerError = await checkOwners(trx, {
          ownerIds: organisation.ownerIds,
          selfId: organisation.id,
        });
        if (ownerError)
          return invalid([{ field: 'decision', messageKey: 'organisations.resolve.errors.ownersFirst' }]);
      }
      await updateOrganisationRow(trx, { id: organisation.id, now, fields: { status: 'active' } });
      await recordAudit(trx, {
        ...audited,
        subjectType: 'organisation',
        action: 'organisation.approve',
        after: { status: 'active' },
      });
      for (const m of waiting.filter((m) => m.userId === organisation.proposedByUserId && m.emailVerified)) {
        await moveMembership(trx, {
          id: m.id,
          from: 'requested',
          to: 'active',
          now,
          actorUserId: input.actor.id,
          via: 'organiser',
        });
        await recordAudit(trx, {
          actorUserId: input.actor.id,
          action: 'membership.approve',
          subjectType: 'organisation',
          subjectId: organisation.id,
          after: { membershipId: m.id, userId: m.userId, status: 'active' },
          at: now,
        });
      }
    } else if (resolution.decision === 'merge') {
      const target = await findOrganisationById(trx, resolution.mergeIntoId);
      if (!target || target.status !== 'active' || target.id === organisation.id)
        return invalid([{ field: 'mergeIntoId', messageKey: 'organisations.resolve.errors.mergeTarget' }]);
      await moveAllReferences(trx, { fromId: organisation.id, toId: target.id });
      await updateOrganisationRow(trx, {
        id: organisation.id,
        now,
        fields: { status: 'merged', mergedIntoId: target.id },
      });
      await recordAudit(trx, {
        ...audited,
        subjectType: 'organisation',
        action: 'organisation.merge',
        after: {
          status: 'merged',
          mergedIntoId: target.id,
          mergedIntoName: target.name,
        },
      });
    } else {
      const entered = await trx('entries').where({ organisation_id: organisation.id }).first('id');
      const members = await listMemberships(trx, { organisationId: organisation.id, statuses: ['active'] });
      if (entered || members.length > 0)
        return invalid([{ field: 'decision', messageKey: 'organisations.resolve.errors.hasEntries' }]);
      const partnerRows: Array<{ entry_id: number }> = await trx('entry_partners')
        .where({ organisation_id: organisation.id })
        .select('entry_id');
      removedFromEntries = partnerRows.map((r) => Number(r.entry_id));
      await trx('entry_partners').where({ organisation_id: organisation.id }).del();
      await trx('organisation_owners').where({ owner_id: organisation.id }).del();
      for (const m of waiting)
        await moveMembership(trx, {
          id: m.id,
          from: 'requested',
          to: 'refused',
          now,
          actorUserId: input.actor.id,
          via: 'organiser',
          reason,
        });
      await updateOrganisationRow(trx, { id: organisation.id, now, fields: { status: 'refused' } });
      await recordAudit(trx, {
        ...audited,
        subjectType: 'organisation',
        action: 'organisation.refuse',
        after: { status: 'refused', removedFromEntries },
      });
    }
    return ok({ proposedByUserId: organisation.proposedByUserId, removedFromEntries });
  });
}

/** An organisation by id, for loaders (they decide who may see it). */
export async function getOrganisation(deps: Pick<Deps, 'db'>, id: number): Promise<Organisation | undefined> {
  return findOrganisationById(deps.db, id);
}
