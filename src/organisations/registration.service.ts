import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { hashPassword } from '../auth/password';
import { consumeToken, createToken, findValidToken } from '../auth/token.repo';
import type { Lng } from '../i18n/i18n';
import { inTransaction, invalid, ok, type Result } from '../shared/result';
import { findUserByEmail, findUserById, insertUser, markEmailVerified } from '../users/user.repo';
import type { User } from '../users/user.types';
import { afterEmailVerified, afterRequest, requestMembershipInTrx } from './membership.service';
import { findOrganisationById } from './organisation.repo';
import { proposeOrganisationInTrx } from './organisation.service';
import type { RegistrationForm } from './registration.schemas';

type Deps = Pick<AppContext, 'db' | 'clock' | 'mailer' | 'config' | 'i18n' | 'logger'>;

/**
 * Self-registration of a submitter: the account with role 'submitter', a request to join an organisation of the
 * register (or a proposal for a joint body that is not in it, which the request then waits on), and a
 * verification link, in one transaction with its audit records; then the mail. The account sees nothing of the
 * organisation until its address is verified and its membership granted.
 * The password is hashed first, so an address that already has an account takes as long as a new one.
 */
export async function registerSubmitter(
  deps: Deps,
  input: RegistrationForm & { lng: Lng },
): Promise<Result<User>> {
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  const result = await inTransaction(deps.db, async (trx) => {
    if (await findUserByEmail(trx, input.email)) {
      return invalid([{ field: 'email', messageKey: 'registration.errors.emailTaken' }]);
    }
    const userId = await insertUser(trx, {
      name: input.name,
      email: input.email,
      role: 'submitter',
      passwordHash,
      language: input.lng,
      now,
    });
    await recordAudit(trx, {
      actorUserId: userId,
      action: 'user.register',
      subjectType: 'user',
      subjectId: userId,
      after: { name: input.name, email: input.email, role: 'submitter' },
      at: now,
    });
    const choice = input.organisation;
    let organisation;
    if (choice.kind === 'register') {
      organisation = await findOrganisationById(trx, choice.organisationId);
      if (!organisation || organisation.status !== 'active')
        return invalid([{ field: 'organisationId', messageKey: 'registration.errors.organisationRequired' }]);
    } else {
      const proposed = await proposeOrganisationInTrx(trx, {
        user: { id: userId },
        name: choice.name,
        type: choice.type,
        ownerIds: choice.ownerIds,
        now,
      });
      if (!proposed.ok)
        return invalid(
          proposed.errors.map((e) => (e.field === 'name' ? { ...e, field: 'proposedName' } : e)),
        );
      organisation = proposed.value;
    }
    const user = (await findUserById(trx, userId))!;
    const membership = await requestMembershipInTrx(trx, { user, organisation, now });
    if (!membership.ok) return membership;
    const token = await createToken(trx, { userId, purpose: 'verify', now });
    return ok({ user, token, membership: membership.value });
  });
  // A refusal rolled the transaction back: no account, no proposal, no request.
  if (!result.ok) return result;
  await sendVerificationMail(deps, { user: result.value.user, token: result.value.token, lng: input.lng });
  await afterRequest(deps, result.value.membership);
  return ok(result.value.user);
}

/**
 * Mails the verification link. A failing mail server does not undo the registration: the account page offers
 * a new link, so the error is logged and the person carries on.
 */
async function sendVerificationMail(
  deps: Deps,
  input: { user: User; token: string; lng: Lng },
): Promise<void> {
  const t = deps.i18n.getFixedT(input.user.language ?? input.lng);
  try {
    await deps.mailer.send({
      to: input.user.email,
      template: 'registration.mail.verify',
      subject: t('registration.mail.verify.subject'),
      text: t('registration.mail.verify.body', {
        name: input.user.name,
        link: `${deps.config.baseUrl}/register/verify/${input.token}`,
      }),
    });
  } catch (err) {
    deps.logger.error({ err, userId: input.user.id }, 'verification mail failed');
  }
}

export type ResendResult = 'sent' | 'alreadyVerified';

/** A fresh verification link for the logged-in user; it replaces any earlier unused one. */
export async function resendVerification(deps: Deps, input: { user: User; lng: Lng }): Promise<ResendResult> {
  if (input.user.emailVerifiedAt) return 'alreadyVerified';
  const now = deps.clock.now();
  const token = await deps.db.transaction((trx) =>
    createToken(trx, { userId: input.user.id, purpose: 'verify', now }),
  );
  await sendVerificationMail(deps, { user: input.user, token, lng: input.lng });
  return 'sent';
}

/**
 * Uses a verification link: once, within its 7 days. Returns the verified user, or undefined. A waiting request
 * to join an organisation then goes to its approvers (or is granted at once on the organisation's domain).
 */
export async function verifyEmail(deps: Deps, token: string): Promise<User | undefined> {
  const now = deps.clock.now();
  const userId = await deps.db.transaction(async (trx) => {
    const found = await findValidToken(trx, { token, purposes: ['verify'], now });
    if (!found || !(await consumeToken(trx, { id: found.id, now }))) return undefined;
    if (await markEmailVerified(trx, { userId: found.userId, now })) {
      await recordAudit(trx, {
        actorUserId: found.userId,
        action: 'user.verify_email',
        subjectType: 'user',
        subjectId: found.userId,
        at: now,
      });
    }
    return found.userId;
  });
  if (userId === undefined) return undefined;
  await afterEmailVerified(deps, userId);
  return findUserById(deps.db, userId);
}
