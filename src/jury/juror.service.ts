/**
 * The jury of an edition: adding jurors (an invitation with a one-time link, or a note to an existing juror),
 * changing their ties, resending a pending invitation and revoking a seat. Each change is one transaction with
 * its audit record; mail goes out after the commit.
 */
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { createToken } from '../auth/token.repo';
import { findEdition } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import type { Lng } from '../i18n/i18n';
import { findOrganisationsByIds } from '../organisations/organisation.repo';
import { inTransaction, invalid, ok, refuse, type FieldError, type Result } from '../shared/result';
import { formatDateTime } from '../shared/time';
import { findUserByEmail, findUserById, insertUser } from '../users/user.repo';
import type { User } from '../users/user.types';
import {
  deleteUnusedInviteTokens,
  findMembership,
  insertMembership,
  listActiveEditionIds,
  replaceTies,
  updateMembership,
} from './juror.repo';
import type { EditionJuror, JurorTie } from './jury.types';

type Deps = Pick<AppContext, 'db' | 'clock' | 'mailer' | 'config' | 'i18n'>;

export interface JurorDetails {
  jobTitle: string;
  employerId: number | null;
  employerName: string;
  ties: JurorTie[];
}

/** A seat (or an edition) that is not there: the organiser's page was stale. */
const NOT_FOUND = 'errors.404.message';

/** Which mail the juror gets: a link to set a password, or word that they can log in with their account. */
type JuryMail = { kind: 'invite'; token: string } | { kind: 'added' };

async function unknownOrganisation(
  deps: Pick<Deps, 'db'>,
  details: JurorDetails,
): Promise<FieldError | null> {
  const ids = [
    ...(details.employerId === null ? [] : [details.employerId]),
    ...details.ties.map((t) => t.organisationId),
  ];
  const found = new Set((await findOrganisationsByIds(deps.db, [...new Set(ids)])).map((o) => o.id));
  if (details.employerId !== null && !found.has(details.employerId))
    return { field: 'employerId', messageKey: 'jury.errors.organisationUnknown' };
  const tie = details.ties.find((t) => !found.has(t.organisationId));
  return tie
    ? {
        field: tie.kind === 'member' ? 'tiesMember' : 'tiesBoard',
        messageKey: 'jury.errors.organisationUnknown',
      }
    : null;
}

async function sendJuryMail(
  deps: Deps,
  input: { to: string; name: string; edition: Edition; inviter: string; mail: JuryMail; lng: Lng },
): Promise<void> {
  const t = deps.i18n.getFixedT(input.lng);
  const deadline = input.edition.scoringDeadline
    ? formatDateTime(input.edition.scoringDeadline, input.lng)
    : t('jury.mail.noDeadline');
  const params = { name: input.name, inviter: input.inviter, edition: input.edition.name, deadline };
  if (input.mail.kind === 'invite') {
    await deps.mailer.send({
      to: input.to,
      template: 'jury.mail.invite',
      subject: t('jury.mail.invite.subject', { edition: input.edition.name }),
      text: t('jury.mail.invite.body', {
        ...params,
        link: `${deps.config.baseUrl}/password/set/${input.mail.token}`,
      }),
    });
  } else {
    await deps.mailer.send({
      to: input.to,
      template: 'jury.mail.added',
      subject: t('jury.mail.added.subject', { edition: input.edition.name }),
      text: t('jury.mail.added.body', { ...params, link: `${deps.config.baseUrl}/login?next=/jury` }),
    });
  }
}

/**
 * Adds a juror to an edition. A new e-mail address gets a juror account without a password and an invitation
 * link (7 days); an existing juror gets an "added to the jury" mail instead (or a new link if they never set a
 * password). An address that belongs to an organiser or submitter is refused: one account has one role.
 * Re-adding a revoked juror gives them their seat back.
 */
export async function addJuror(
  deps: Deps,
  input: { actor: User; editionId: number; name: string; email: string; details: JurorDetails; lng: Lng },
): Promise<Result<{ userId: number; mail: JuryMail['kind'] }>> {
  const now = deps.clock.now();
  const unknown = await unknownOrganisation(deps, input.details);
  if (unknown) return invalid([unknown]);
  const result = await inTransaction(deps.db, async (trx) => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return refuse('notFound', NOT_FOUND);
    let user = await findUserByEmail(trx, input.email);
    if (user && user.role !== 'juror')
      return refuse('invalid', 'jury.errors.emailOtherRole', { field: 'email' });
    if (user && !user.active) return refuse('invalid', 'jury.errors.accountInactive', { field: 'email' });
    if (!user) {
      const id = await insertUser(trx, {
        name: input.name,
        email: input.email,
        role: 'juror',
        passwordHash: null,
        now,
      });
      user = (await findUserById(trx, id))!;
    }
    const existing = await findMembership(trx, { editionId: edition.id, userId: user.id });
    if (existing && !existing.revokedAt)
      return refuse('invalid', 'jury.errors.alreadyJuror', { field: 'email' });
    const { jobTitle, employerId, employerName, ties } = input.details;
    let membershipId: number;
    if (existing) {
      membershipId = existing.id;
      await updateMembership(
        trx,
        existing.id,
        { jobTitle, employerId, employerName, revokedAt: null, invitedAt: now, invitedById: input.actor.id },
        now,
      );
    } else {
      membershipId = await insertMembership(trx, {
        editionId: edition.id,
        userId: user.id,
        jobTitle,
        employerId,
        employerName,
        invitedById: input.actor.id,
        now,
      });
    }
    await replaceTies(trx, membershipId, ties);
    const mail: JuryMail = user.hasPassword
      ? { kind: 'added' }
      : { kind: 'invite', token: await createToken(trx, { userId: user.id, purpose: 'invite', now }) };
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: existing ? 'juror.readd' : 'juror.add',
      subjectType: 'user',
      subjectId: user.id,
      after: { editionId: edition.id, name: user.name, email: user.email, ...input.details, mail: mail.kind },
      at: now,
    });
    return ok({ edition, user, mail });
  });
  if (!result.ok) return result;
  const { edition, user, mail } = result.value;
  await sendJuryMail(deps, {
    to: user.email,
    name: user.name,
    edition,
    inviter: input.actor.name,
    mail,
    lng: user.language ?? input.lng,
  });
  return ok({ userId: user.id, mail: mail.kind });
}

/** A seat that counts: on this edition's jury and not revoked. Undefined for anything else. */
async function activeMembership(
  db: Parameters<typeof findMembership>[0],
  input: { editionId: number; userId: number },
): Promise<EditionJuror | undefined> {
  const juror = await findMembership(db, input);
  return juror && !juror.revokedAt ? juror : undefined;
}

/** The juror seat an organiser's page names (:userId of an edition), when it is active. */
export function findActiveSeat(
  deps: Pick<Deps, 'db'>,
  input: { editionId: number; userId: number },
): Promise<EditionJuror | undefined> {
  return activeMembership(deps.db, input);
}

/** Changes a juror's job title, employer and ties; the conflicts follow from the new ties at once. */
export async function updateJuror(
  deps: Deps,
  input: { actor: User; editionId: number; userId: number; details: JurorDetails },
): Promise<Result> {
  const now = deps.clock.now();
  const unknown = await unknownOrganisation(deps, input.details);
  if (unknown) return invalid([unknown]);
  return inTransaction(deps.db, async (trx) => {
    const juror = await activeMembership(trx, input);
    if (!juror) return refuse('notFound', NOT_FOUND);
    const { jobTitle, employerId, employerName, ties } = input.details;
    await updateMembership(trx, juror.id, { jobTitle, employerId, employerName }, now);
    await replaceTies(trx, juror.id, ties);
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'juror.update',
      subjectType: 'user',
      subjectId: juror.userId,
      before: {
        editionId: juror.editionId,
        jobTitle: juror.jobTitle,
        employerId: juror.employerId,
        employerName: juror.employerName,
        ties: juror.ties,
      },
      after: { editionId: juror.editionId, ...input.details },
      at: now,
    });
    return ok();
  });
}

/** Sends a new invitation link; the old one stops working (createToken replaces unused links). */
export async function resendInvitation(
  deps: Deps,
  input: { actor: User; editionId: number; userId: number; lng: Lng },
): Promise<Result> {
  const now = deps.clock.now();
  const result = await inTransaction(deps.db, async (trx) => {
    const juror = await activeMembership(trx, input);
    if (!juror) return refuse('notFound', NOT_FOUND);
    // Nothing to resend: the page the organiser acted on was stale.
    if (juror.accepted) return refuse('conflict', 'jury.errors.alreadyAccepted');
    if (!juror.userActive) return refuse('conflict', 'jury.errors.accountInactive');
    const edition = (await findEdition(trx, input.editionId))!;
    const token = await createToken(trx, { userId: juror.userId, purpose: 'invite', now });
    await updateMembership(trx, juror.id, { invitedAt: now, invitedById: input.actor.id }, now);
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'juror.resend_invitation',
      subjectType: 'user',
      subjectId: juror.userId,
      after: { editionId: edition.id },
      at: now,
    });
    return ok({ juror, edition, token });
  });
  if (!result.ok) return result;
  const { juror, edition, token } = result.value;
  const user = await findUserById(deps.db, juror.userId);
  await sendJuryMail(deps, {
    to: juror.email,
    name: juror.name,
    edition,
    inviter: input.actor.name,
    mail: { kind: 'invite', token },
    lng: user?.language ?? input.lng,
  });
  return ok();
}

/**
 * Revokes a juror's seat. Access ends on their next request (every jury page and entry check reads the seat);
 * a pending invitation link stops working unless they still sit on another edition's jury. Their sheets stay,
 * for the record.
 */
export async function revokeJuror(
  deps: Deps,
  input: { actor: User; editionId: number; userId: number; reason?: string },
): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const juror = await activeMembership(trx, input);
    if (!juror) return refuse('notFound', NOT_FOUND);
    await updateMembership(trx, juror.id, { revokedAt: now }, now);
    if ((await listActiveEditionIds(trx, juror.userId)).length === 0) {
      await deleteUnusedInviteTokens(trx, juror.userId);
    }
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'juror.revoke',
      subjectType: 'user',
      subjectId: juror.userId,
      before: { editionId: juror.editionId, revokedAt: null },
      after: { editionId: juror.editionId, revokedAt: now },
      reason: input.reason || null,
      at: now,
    });
    return ok();
  });
}
