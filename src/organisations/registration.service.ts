import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { hashPassword } from '../auth/password';
import { consumeToken, createToken, findValidToken } from '../auth/token.repo';
import type { FieldError } from '../http/validation';
import type { Lng } from '../i18n/i18n';
import { findUserByEmail, findUserById, insertUser, markEmailVerified } from '../users/user.repo';
import type { User } from '../users/user.types';
import { findOrganisationById } from './organisation.repo';
import { auditCreatedOrganisations, createOrganisation } from './organisation.service';
import type { RegistrationForm } from './registration.schemas';

type Deps = Pick<AppContext, 'db' | 'clock' | 'mailer' | 'config' | 'i18n' | 'logger'>;

export type RegistrationResult =
  { ok: true; user: User } | { ok: false; errors: FieldError[]; existingOrganisationId?: number };

/**
 * Self-registration of a submitter: the organisation (when new, with the owners of an SSC), the account with
 * role 'submitter' and a verification link, in one transaction with its audit records; then the mail.
 * The password is hashed first, so an address that already has an account takes as long as a new one.
 */
export async function registerSubmitter(
  deps: Deps,
  input: RegistrationForm & { lng: Lng },
): Promise<RegistrationResult> {
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  const result = await deps.db.transaction(async (trx): Promise<RegistrationResult & { token?: string }> => {
    if (await findUserByEmail(trx, input.email)) {
      return { ok: false, errors: [{ field: 'email', messageKey: 'registration.errors.emailTaken' }] };
    }
    const choice = input.organisation;
    let organisationId: number;
    let created: Parameters<typeof auditCreatedOrganisations>[1]['created'] = [];
    if (choice.kind === 'existing') {
      const existing = await findOrganisationById(trx, choice.organisationId);
      if (!existing) {
        return {
          ok: false,
          errors: [{ field: 'organisationId', messageKey: 'registration.errors.organisationRequired' }],
        };
      }
      organisationId = existing.id;
    } else {
      const made = await createOrganisation(trx, { ...choice, now });
      if (!made.ok) {
        return { ok: false, errors: made.errors, existingOrganisationId: made.existingId };
      }
      organisationId = made.id;
      created = made.created;
    }
    const userId = await insertUser(trx, {
      name: input.name,
      email: input.email,
      role: 'submitter',
      passwordHash,
      organisationId,
      language: input.lng,
      now,
    });
    await auditCreatedOrganisations(trx, { created, actorUserId: userId, now });
    await recordAudit(trx, {
      actorUserId: userId,
      action: 'user.register',
      subjectType: 'user',
      subjectId: userId,
      after: { name: input.name, email: input.email, role: 'submitter', organisationId },
      at: now,
    });
    const token = await createToken(trx, { userId, purpose: 'verify', now });
    return { ok: true, user: (await findUserById(trx, userId))!, token };
  });
  if (!result.ok) return result;
  await sendVerificationMail(deps, { user: result.user, token: result.token!, lng: input.lng });
  return { ok: true, user: result.user };
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

/** Uses a verification link: once, within its 7 days. Returns the verified user, or undefined. */
export async function verifyEmail(
  deps: Pick<Deps, 'db' | 'clock'>,
  token: string,
): Promise<User | undefined> {
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
  return userId === undefined ? undefined : findUserById(deps.db, userId);
}
