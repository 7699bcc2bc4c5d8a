/**
 * Membership must be granted. Joining an organisation is a request that its members (or, for its first member,
 * an organiser) approve or refuse; a verified address on one of the organisation's e-mail domains is admitted at
 * once. Every step is audited in the transaction that makes it; the mails go out after it commits.
 */
import type { Knex } from 'knex';
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { mailEach, type Recipient } from '../mail/notify';
import { inTransaction, ok, refuse, type Result } from '../shared/result';
import { findUserById, findUsersByIds, listActiveAdmins } from '../users/user.repo';
import type { User } from '../users/user.types';
import {
  findCurrentMembership,
  findMembershipById,
  insertMembership,
  listActiveMemberIds,
  listMemberships,
  markMembershipNotified,
  moveMembership,
} from './membership.repo';
import { domainOf, mayActForOrganisation } from './membership.rules';
import type { Membership, MembershipWithPerson } from './membership.types';
import {
  findOrganisationById,
  findOrganisationIdByDomain,
  findOrganisationsByIds,
} from './organisation.repo';
import type { Organisation } from './organisation.types';

type Deps = Pick<AppContext, 'db' | 'clock' | 'mailer' | 'i18n' | 'logger' | 'config'>;
type Trx = Knex.Transaction;

/** Statuses of an organisation that can take a request: in the register, or proposed by the requester. */
const JOINABLE = new Set(['active', 'proposed']);

/**
 * Asks to join `organisationId`, inside the caller's transaction (registration, or the account page). A verified
 * address on a domain of the organisation is admitted at once; anything else waits for a decision. Returns the
 * membership; the caller mails the approvers (`notifyApprovers`) after its commit.
 */
export async function requestMembershipInTrx(
  trx: Trx,
  input: {
    user: Pick<User, 'id' | 'email' | 'emailVerifiedAt' | 'role'>;
    organisation: Organisation;
    now: Date;
  },
): Promise<Result<Membership>> {
  if (input.user.role !== 'submitter')
    return refuse('forbidden', 'organisations.membership.errors.notSubmitter');
  if (!JOINABLE.has(input.organisation.status))
    return refuse('invalid', 'organisations.membership.errors.organisationClosed', {
      field: 'organisationId',
    });
  if (await findCurrentMembership(trx, input.user.id))
    return refuse('conflict', 'organisations.membership.errors.alreadyMember');
  const byDomain =
    input.user.emailVerifiedAt !== null &&
    input.organisation.status === 'active' &&
    (await findOrganisationIdByDomain(trx, domainOf(input.user.email))) === input.organisation.id;
  const id = await insertMembership(trx, {
    organisationId: input.organisation.id,
    userId: input.user.id,
    status: byDomain ? 'active' : 'requested',
    via: byDomain ? 'domain' : null,
    now: input.now,
  });
  await recordAudit(trx, {
    actorUserId: input.user.id,
    action: byDomain ? 'membership.admit_domain' : 'membership.request',
    subjectType: 'organisation',
    subjectId: input.organisation.id,
    after: { membershipId: id, userId: input.user.id, status: byDomain ? 'active' : 'requested' },
    at: input.now,
  });
  return ok((await findMembershipById(trx, id))!);
}

/** An account without an organisation (refused, removed, or left) asks to join one. */
export async function requestMembership(
  deps: Deps,
  input: { user: User; organisationId: number },
): Promise<Result<Membership>> {
  const now = deps.clock.now();
  const result = await inTransaction(deps.db, async (trx) => {
    const organisation = await findOrganisationById(trx, input.organisationId);
    if (!organisation || organisation.status !== 'active')
      return refuse('invalid', 'registration.errors.organisationRequired', { field: 'organisationId' });
    return requestMembershipInTrx(trx, { user: input.user, organisation, now });
  });
  if (result.ok) await afterRequest(deps, result.value);
  return result;
}

/** After a request commits: tell the members of a domain admission, or ask the approvers to decide. */
export async function afterRequest(deps: Deps, membership: Membership): Promise<void> {
  if (membership.status === 'active') await mailMembersOfAdmission(deps, membership);
  else await notifyApprovers(deps, membership.id);
}

async function recipientsOf(deps: Pick<Deps, 'db'>, organisationId: number, exceptUserId?: number) {
  const members = await findUsersByIds(deps.db, await listActiveMemberIds(deps.db, organisationId));
  return members.filter((m) => m.id !== exceptUserId);
}

const asRecipient = (u: User): Recipient => ({ email: u.email, name: u.name, language: u.language });

/**
 * Asks the organisation's members and the organisers to decide on a request, once, and only when the requester's
 * address is verified: nobody is asked to vouch for an address that was never confirmed. The first member of an
 * organisation has no members to ask, so only the organisers decide.
 */
export async function notifyApprovers(deps: Deps, membershipId: number): Promise<void> {
  const now = deps.clock.now();
  const claimed = await deps.db.transaction(async (trx) => {
    const membership = await findMembershipById(trx, membershipId);
    if (!membership || membership.status !== 'requested' || membership.notifiedAt) return undefined;
    const requester = await findUserById(trx, membership.userId);
    if (!requester?.emailVerifiedAt) return undefined;
    await markMembershipNotified(trx, { id: membership.id, now });
    return { membership, requester };
  });
  if (!claimed) return;
  const { membership, requester } = claimed;
  const organisation = (await findOrganisationById(deps.db, membership.organisationId))!;
  const members = await recipientsOf(deps, organisation.id, requester.id);
  const admins = await listActiveAdmins(deps.db);
  const link = `${deps.config.baseUrl}/organisations/${organisation.id}/requests/${membership.id}`;
  const first = members.length === 0;
  await mailEach(deps, [...members, ...admins].map(asRecipient), (t, r) => ({
    template: 'organisations.mail.request',
    subject: t('organisations.mail.request.subject', { organisation: organisation.name }),
    text: t(first ? 'organisations.mail.request.bodyFirst' : 'organisations.mail.request.body', {
      name: r.name,
      requester: requester.name,
      email: requester.email,
      organisation: organisation.name,
      link,
    }),
  }));
}

async function mailMembersOfAdmission(deps: Deps, membership: Membership): Promise<void> {
  const organisation = (await findOrganisationById(deps.db, membership.organisationId))!;
  const person = (await findUserById(deps.db, membership.userId))!;
  const members = await recipientsOf(deps, organisation.id, person.id);
  const link = `${deps.config.baseUrl}/organisations/${organisation.id}`;
  await mailEach(deps, members.map(asRecipient), (t, r) => ({
    template: 'organisations.mail.admittedByDomain',
    subject: t('organisations.mail.admittedByDomain.subject', { organisation: organisation.name }),
    text: t('organisations.mail.admittedByDomain.body', {
      name: r.name,
      person: person.name,
      email: person.email,
      organisation: organisation.name,
      link,
    }),
  }));
}

/**
 * After an address is verified: a waiting request on the organisation's domain is granted at once; any other
 * waiting request now goes to the approvers.
 */
export async function afterEmailVerified(deps: Deps, userId: number): Promise<void> {
  const now = deps.clock.now();
  const admitted = await deps.db.transaction(async (trx) => {
    const user = await findUserById(trx, userId);
    const membership = await findCurrentMembership(trx, userId);
    if (!user || !membership || membership.status !== 'requested') return { membership, admitted: false };
    const organisation = await findOrganisationById(trx, membership.organisationId);
    const domainOrg = await findOrganisationIdByDomain(trx, domainOf(user.email));
    if (organisation?.status !== 'active' || domainOrg !== organisation.id)
      return { membership, admitted: false };
    await moveMembership(trx, {
      id: membership.id,
      from: 'requested',
      to: 'active',
      now,
      actorUserId: null,
      via: 'domain',
    });
    await recordAudit(trx, {
      actorUserId: userId,
      action: 'membership.admit_domain',
      subjectType: 'organisation',
      subjectId: organisation.id,
      after: { membershipId: membership.id, userId, status: 'active' },
      at: now,
    });
    return { membership, admitted: true };
  });
  if (!admitted.membership) return;
  if (admitted.admitted) await mailMembersOfAdmission(deps, admitted.membership);
  else await notifyApprovers(deps, admitted.membership.id);
}

/** Loads a membership of `organisationId` for `actor`, or refuses: a stranger learns nothing (404). */
async function loadForActor(trx: Trx, input: { actor: User; organisationId: number; membershipId: number }) {
  if (!mayActForOrganisation(input.actor, input.organisationId)) return undefined;
  const membership = await findMembershipById(trx, input.membershipId);
  return membership && membership.organisationId === input.organisationId ? membership : undefined;
}

/**
 * A member or an organiser approves or refuses a request. Approving needs the requester's address to be verified.
 * Two people deciding at once: the second gets a conflict, not a second decision.
 */
export async function decideMembership(
  deps: Deps,
  input: {
    actor: User;
    organisationId: number;
    membershipId: number;
    decision: 'approve' | 'refuse';
    reason: string;
  },
): Promise<Result<Membership>> {
  const now = deps.clock.now();
  const result = await inTransaction(deps.db, async (trx) => {
    const membership = await loadForActor(trx, input);
    if (!membership) return refuse('notFound', 'errors.404.message');
    if (membership.status !== 'requested')
      return refuse('conflict', 'organisations.membership.errors.alreadyDecided');
    const requester = await findUserById(trx, membership.userId);
    if (input.decision === 'approve' && !requester?.emailVerifiedAt)
      return refuse('invalid', 'organisations.membership.errors.notVerified');
    const organisation = await findOrganisationById(trx, membership.organisationId);
    if (input.decision === 'approve' && organisation?.status !== 'active')
      return refuse('invalid', 'organisations.membership.errors.organisationNotActive');
    const to = input.decision === 'approve' ? 'active' : 'refused';
    const moved = await moveMembership(trx, {
      id: membership.id,
      from: 'requested',
      to,
      now,
      actorUserId: input.actor.id,
      via: input.actor.role === 'admin' ? 'organiser' : 'member',
      reason: input.reason.trim() || null,
    });
    if (!moved) return refuse('conflict', 'organisations.membership.errors.alreadyDecided');
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: input.decision === 'approve' ? 'membership.approve' : 'membership.refuse',
      subjectType: 'organisation',
      subjectId: membership.organisationId,
      before: { membershipId: membership.id, userId: membership.userId, status: 'requested' },
      after: { membershipId: membership.id, userId: membership.userId, status: to },
      reason: input.reason.trim() || null,
      at: now,
    });
    return ok((await findMembershipById(trx, membership.id))!);
  });
  if (result.ok) {
    const organisation = (await findOrganisationById(deps.db, input.organisationId))!;
    const requester = await findUserById(deps.db, result.value.userId);
    if (requester) {
      await mailEach(deps, [asRecipient(requester)], (t, r) => ({
        template: `organisations.mail.${input.decision}d`,
        subject: t(`organisations.mail.${input.decision}d.subject`, { organisation: organisation.name }),
        text: t(`organisations.mail.${input.decision}d.body`, {
          name: r.name,
          organisation: organisation.name,
          reason: input.reason.trim() || t('organisations.mail.noReason'),
          link: `${deps.config.baseUrl}/entries`,
        }),
      }));
    }
  }
  return result;
}

/**
 * Ends an active membership: by an organiser, by another member, or by the member (leaving). Access ends with the
 * next request, because every request reads the membership. The person and the remaining members are told.
 */
export async function removeMember(
  deps: Deps,
  input: { actor: User; organisationId: number; membershipId: number; reason: string },
): Promise<Result<Membership>> {
  const now = deps.clock.now();
  const result = await inTransaction(deps.db, async (trx) => {
    const membership = await loadForActor(trx, input);
    if (!membership) return refuse('notFound', 'errors.404.message');
    if (membership.status !== 'active')
      return refuse('conflict', 'organisations.membership.errors.notActive');
    const moved = await moveMembership(trx, {
      id: membership.id,
      from: 'active',
      to: 'removed',
      now,
      actorUserId: input.actor.id,
      reason: input.reason.trim() || null,
    });
    if (!moved) return refuse('conflict', 'organisations.membership.errors.notActive');
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: membership.userId === input.actor.id ? 'membership.leave' : 'membership.remove',
      subjectType: 'organisation',
      subjectId: membership.organisationId,
      before: { membershipId: membership.id, userId: membership.userId, status: 'active' },
      after: { membershipId: membership.id, userId: membership.userId, status: 'removed' },
      reason: input.reason.trim() || null,
      at: now,
    });
    return ok((await findMembershipById(trx, membership.id))!);
  });
  if (result.ok) {
    const organisation = (await findOrganisationById(deps.db, input.organisationId))!;
    const person = await findUserById(deps.db, result.value.userId);
    const members = await recipientsOf(deps, organisation.id);
    if (person) {
      const recipients = [person, ...members].map(asRecipient);
      await mailEach(deps, recipients, (t, r) => ({
        template: 'organisations.mail.removed',
        subject: t('organisations.mail.removed.subject', { organisation: organisation.name }),
        text: t('organisations.mail.removed.body', {
          name: r.name,
          person: person.name,
          actor: input.actor.name,
          organisation: organisation.name,
          reason: input.reason.trim() || t('organisations.mail.noReason'),
        }),
      }));
    }
  }
  return result;
}

/** The requester withdraws a request that is still waiting. */
export async function cancelRequest(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { user: User },
): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const membership = await findCurrentMembership(trx, input.user.id);
    if (!membership || membership.status !== 'requested')
      return refuse('conflict', 'organisations.membership.errors.alreadyDecided');
    await moveMembership(trx, {
      id: membership.id,
      from: 'requested',
      to: 'cancelled',
      now,
      actorUserId: input.user.id,
    });
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: 'membership.cancel',
      subjectType: 'organisation',
      subjectId: membership.organisationId,
      after: { membershipId: membership.id, userId: input.user.id, status: 'cancelled' },
      at: now,
    });
    return ok();
  });
}

/** Everyone to tell about a change of an organisation's entry: its granted members, with verified addresses. */
export async function organisationRecipients(
  deps: Pick<Deps, 'db'>,
  organisationId: number,
): Promise<Recipient[]> {
  return (await recipientsOf(deps, organisationId)).map(asRecipient);
}

/**
 * Where an account stands with its organisation, for the pages that explain it: a member ('member'), a request
 * waiting for a decision ('requested'), or granted but waiting for the address to be verified ('unverified').
 */
export type MembershipStanding = 'member' | 'requested' | 'unverified';

export async function membershipOf(
  deps: Pick<Deps, 'db'>,
  user: Pick<User, 'membership' | 'emailVerifiedAt'>,
): Promise<{ organisation: Organisation; standing: MembershipStanding } | null> {
  if (!user.membership) return null;
  const organisation = await findOrganisationById(deps.db, user.membership.organisationId);
  if (!organisation) return null;
  const standing: MembershipStanding =
    user.membership.status === 'requested' ? 'requested' : user.emailVerifiedAt ? 'member' : 'unverified';
  return { organisation, standing };
}

/** A membership of this organisation (any status), with the person, for the decision and removal pages. */
export async function getMembershipOf(
  deps: Pick<Deps, 'db'>,
  input: { organisationId: number; membershipId: number },
): Promise<MembershipWithPerson | undefined> {
  const all = await listMemberships(deps.db, { organisationId: input.organisationId });
  return all.find((m) => m.id === input.membershipId);
}

/** Every request waiting for a decision, for the organisers' overview, oldest first. */
export async function listWaitingRequests(deps: Pick<Deps, 'db'>) {
  const requests = await listMemberships(deps.db, { statuses: ['requested'] });
  const organisations = new Map(
    (await findOrganisationsByIds(deps.db, [...new Set(requests.map((r) => r.organisationId))])).map((o) => [
      o.id,
      o,
    ]),
  );
  return requests.map((r) => ({ ...r, organisation: organisations.get(r.organisationId)! }));
}
