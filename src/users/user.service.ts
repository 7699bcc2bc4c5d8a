import type { AppContext } from '../context';
import { DbRateLimitStore } from '../db/rate-limit.repo';
import { recordAudit } from '../audit/audit.repo';
import { hashPassword, passwordPolicyError, PASSWORD_MIN_LENGTH, verifyPassword } from '../auth/password';
import { consumeToken, createToken, findValidToken, type TokenPurpose } from '../auth/token.repo';
import type { Lng } from '../i18n/i18n';
import { inTransaction, ok, refuse, type Result } from '../shared/result';
import {
  countActiveAdmins,
  findPasswordHash,
  findUserByEmail,
  findUserById,
  insertUser,
  markEmailVerified,
  setUserActive,
  updatePasswordHash,
  updateUserLanguage,
} from './user.repo';
import type { User } from './user.types';

type Deps = Pick<AppContext, 'db' | 'clock' | 'mailer' | 'config' | 'i18n'>;

function mailT(deps: Deps, lng: Lng) {
  return deps.i18n.getFixedT(lng);
}

/** The first-run setup is open only while no active organiser exists (and createFirstAdmin checks it again). */
export async function isSetupNeeded(deps: Pick<Deps, 'db'>): Promise<boolean> {
  return (await countActiveAdmins(deps.db)) === 0;
}

/**
 * First run: creates the first admin, only while no active admin exists (checked inside the transaction; a second
 * visitor who was too late finds the setup gone: notFound).
 */
export async function createFirstAdmin(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { name: string; email: string; password: string },
): Promise<Result<User>> {
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  const created = await inTransaction(deps.db, async (trx) => {
    if ((await countActiveAdmins(trx)) > 0) return refuse('notFound', 'errors.404.message');
    if (await findUserByEmail(trx, input.email)) return refuse('conflict', 'auth.setup.errors.emailTaken');
    const id = await insertUser(trx, { ...input, role: 'admin', passwordHash, now });
    await recordAudit(trx, {
      actorUserId: id,
      action: 'user.setup_admin',
      subjectType: 'user',
      subjectId: id,
      after: { email: input.email },
      at: now,
    });
    return ok(id);
  });
  return created.ok ? storedUser(deps, created.value) : created;
}

/** The user as stored after a committed change. */
async function storedUser(deps: Pick<Deps, 'db'>, id: number): Promise<Result<User>> {
  const user = await findUserById(deps.db, id);
  return user ? ok(user) : refuse('notFound', 'errors.404.message');
}

/** Invites another organiser: an account without a password and a one-time link (7 days) to set one. */
export async function inviteAdmin(
  deps: Deps,
  input: { actor: User; name: string; email: string; lng: Lng },
): Promise<Result<{ userId: number }>> {
  const now = deps.clock.now();
  const result = await inTransaction(deps.db, async (trx) => {
    if (await findUserByEmail(trx, input.email))
      return refuse('invalid', 'users.errors.emailTaken', { field: 'email' });
    const userId = await insertUser(trx, {
      name: input.name,
      email: input.email,
      role: 'admin',
      passwordHash: null,
      now,
    });
    const token = await createToken(trx, { userId, purpose: 'invite', now });
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'user.invite_admin',
      subjectType: 'user',
      subjectId: userId,
      after: { name: input.name, email: input.email },
      at: now,
    });
    return ok({ userId, token });
  });
  if (!result.ok) return result;
  const t = mailT(deps, input.lng);
  await deps.mailer.send({
    to: input.email,
    template: 'mail.invite',
    subject: t('mail.invite.subject'),
    text: t('mail.invite.body', {
      name: input.name,
      inviter: input.actor.name,
      link: `${deps.config.baseUrl}/password/set/${result.value.token}`,
    }),
  });
  return ok({ userId: result.value.userId });
}

const HOUR_MS = 60 * 60 * 1000;
const RESET_MAILS_PER_HOUR = 3;

/**
 * Sends a reset link when the account exists and is active. Never refused: the caller answers the same either way,
 * so nobody learns which addresses have an account.
 */
export async function requestPasswordReset(deps: Deps, input: { email: string; lng: Lng }): Promise<Result> {
  const user = await findUserByEmail(deps.db, input.email);
  if (!user || !user.active) return ok();
  const now = deps.clock.now();
  // At most 3 reset mails an hour to one account, whoever asks: nobody floods a mailbox from many addresses.
  const sent = await new DbRateLimitStore(deps.db, 'reset-mail', () => now.getTime(), HOUR_MS).increment(
    user.email,
  );
  if (sent.totalHits > RESET_MAILS_PER_HOUR) return ok();
  const token = await inTransaction(deps.db, async (trx) =>
    ok(await createToken(trx, { userId: user.id, purpose: 'reset', now })),
  );
  if (!token.ok) return token;
  const t = mailT(deps, user.language ?? input.lng);
  await deps.mailer.send({
    to: user.email,
    template: 'mail.reset',
    subject: t('mail.reset.subject'),
    text: t('mail.reset.body', {
      name: user.name,
      link: `${deps.config.baseUrl}/password/set/${token.value}`,
    }),
  });
  return ok();
}

const SET_PASSWORD_PURPOSES: TokenPurpose[] = ['reset', 'invite'];

/** The user behind a still-valid reset or invitation link, for showing the form. */
export async function userForPasswordToken(
  deps: Pick<Deps, 'db' | 'clock'>,
  token: string,
): Promise<{ user: User; purpose: TokenPurpose } | undefined> {
  const found = await findValidToken(deps.db, {
    token,
    purposes: SET_PASSWORD_PURPOSES,
    now: deps.clock.now(),
  });
  if (!found) return undefined;
  const user = await findUserById(deps.db, found.userId);
  return user?.active ? { user, purpose: found.purpose } : undefined;
}

/**
 * Sets the password from a one-time link; uses the link up and ends the user's other sessions. A link that expired,
 * or that another request used first, is refused (notFound): the caller says the link no longer works.
 */
export async function setPasswordWithToken(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { token: string; password: string; lng: Lng },
): Promise<Result<User>> {
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  const used = await inTransaction(deps.db, async (trx) => {
    const found = await findValidToken(trx, { token: input.token, purposes: SET_PASSWORD_PURPOSES, now });
    if (!found || !(await consumeToken(trx, { id: found.id, now })))
      return refuse('notFound', 'auth.setPassword.invalidBody');
    await updatePasswordHash(trx, { userId: found.userId, passwordHash, now });
    // The link reached this mailbox, which is all that verifying an e-mail address proves.
    await markEmailVerified(trx, { userId: found.userId, now });
    // Accepting an invitation sets the language of the person's mails: the one they accepted it in.
    if (found.purpose === 'invite')
      await updateUserLanguage(trx, { userId: found.userId, language: input.lng, now });
    await recordAudit(trx, {
      actorUserId: found.userId,
      action: `user.password_${found.purpose}`,
      subjectType: 'user',
      subjectId: found.userId,
      at: now,
    });
    return ok(found.userId);
  });
  return used.ok ? storedUser(deps, used.value) : used;
}

/** Deactivating takes effect at once: the session check reads `active` on every request. Not on oneself. */
export async function setActive(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { actor: User; userId: number; active: boolean },
): Promise<Result> {
  if (input.actor.id === input.userId)
    return refuse('invalid', 'users.errors.notYourself', { field: 'confirm' });
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const user = await findUserById(trx, input.userId);
    if (!user) return refuse('notFound', 'errors.404.message');
    if (user.active === input.active) return ok();
    await setUserActive(trx, { userId: user.id, active: input.active, now });
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: input.active ? 'user.activate' : 'user.deactivate',
      subjectType: 'user',
      subjectId: user.id,
      before: { active: user.active },
      after: { active: input.active },
      at: now,
    });
    return ok();
  });
}

/** The language of the user's mails, chosen on the account page (audited). */
export async function setLanguage(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { user: User; language: Lng },
): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    await updateUserLanguage(trx, { userId: input.user.id, language: input.language, now });
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: 'user.language',
      subjectType: 'user',
      subjectId: input.user.id,
      before: { language: input.user.language },
      after: { language: input.language },
      at: now,
    });
    return ok();
  });
}

/**
 * Changes the password of a logged-in user who knows the current one. The session version moves, so every other
 * session of the user ends; the caller logs this session in again with the returned user.
 */
export async function changePassword(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { user: User; currentPassword: string; password: string },
): Promise<Result<User>> {
  if (!(await verifyPassword(await findPasswordHash(deps.db, input.user.id), input.currentPassword)))
    return refuse('invalid', 'users.account.errors.currentWrong', { field: 'currentPassword' });
  const policy = passwordPolicyError(input.password, input.user.email);
  if (policy) return refuse('invalid', policy, { field: 'password', params: { min: PASSWORD_MIN_LENGTH } });
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  const changed = await inTransaction(deps.db, async (trx) => {
    await updatePasswordHash(trx, { userId: input.user.id, passwordHash, now });
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: 'user.password_change',
      subjectType: 'user',
      subjectId: input.user.id,
      at: now,
    });
    return ok();
  });
  return changed.ok ? storedUser(deps, input.user.id) : changed;
}
