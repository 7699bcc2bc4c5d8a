import { DEMO_PASSWORD, seedDemo } from '../../src/demo/demo.seed';
import { insertMail } from '../../src/mail/outbox.repo';
import type { TestApp } from './test-app';
import { loggedIn, type Browser } from './agent';

/**
 * A complete edition in the judging phase (the demo seed at small size) and a logged-in browser for each kind
 * of user the access rules distinguish: an entrant of the entry's organisation and of another one, a juror
 * assigned to the entry and one in conflict with it, and an organiser.
 */
export interface AccessWorld {
  editionId: number;
  year: number;
  entryId: number;
  attachmentId: number;
  organisationId: number;
  jurorUserId: number;
  conflictedJurorId: number;
  /** A user no test logs in as, for routes that change an account (deactivate, privacy decisions). */
  spareUserId: number;
  deletionRequestId: number;
  /** The spare user's request to join the entry's organisation, waiting for a decision. */
  requestMembershipId: number;
  /** Another member of the entry's organisation, whom the member and organiser pages may remove. */
  memberMembershipId: number;
  /** A mail in the outbox. */
  mailId: number;
  browsers: Record<WorldUser, Browser>;
  /** Each user's e-mail address; they all have the demo password, for logging in through a real browser. */
  emails: Record<WorldUser, string>;
}

/** The kinds of logged-in user the access rules distinguish. */
export type WorldUser = 'submitterA' | 'submitterB' | 'jurorAssigned' | 'jurorConflicted' | 'admin';
export { DEMO_PASSWORD };

export async function buildAccessWorld(t: TestApp): Promise<AccessWorld> {
  const demo = await seedDemo(t.db, {
    entries: 6,
    jurors: 4,
    criteria: 5,
    seed: 'access',
    uploadDir: t.config.uploadDir,
    now: t.clock.now(),
    finalShare: 0.5,
  });
  const entry = await t.db('entries').where({ edition_id: demo.editionId }).orderBy('number').first();
  const attachment = await t.db('attachments').where({ entry_id: entry.id }).first();
  const submitterA = demo.submitters.find((s) => s.organisationId === entry.organisation_id)!;
  const submitterB = demo.submitters.find((s) => s.organisationId !== entry.organisation_id)!;
  const assigned = await t.db('assignments').where({ entry_id: entry.id }).orderBy('juror_user_id');
  const jurorAssigned = demo.jurors.find((j) => assigned.some((a) => a.juror_user_id === j.id))!;
  const jurorConflicted = demo.jurors.find((j) => j.id !== jurorAssigned.id)!;
  // An organiser-added conflict makes the second juror conflicted with this entry whatever the random ties were.
  await t.db('assignments').where({ juror_user_id: jurorConflicted.id, entry_id: entry.id }).del();
  await t.db('score_sheets').where({ juror_user_id: jurorConflicted.id, entry_id: entry.id }).del();
  await t.db('conflict_decisions').insert({
    edition_id: demo.editionId,
    juror_user_id: jurorConflicted.id,
    entry_id: entry.id,
    kind: 'organiser_added',
    reason: 'Test',
    decided_by_user_id: null,
    created_at: t.clock.now(),
  });
  const spare = await t
    .db('users')
    .insert({
      email: 'reserve@demo.innovatieprijs.nl',
      name: 'Reserve',
      role: 'submitter',
      active: true,
      session_version: 0,
      created_at: t.clock.now(),
      updated_at: t.clock.now(),
    })
    .returning('id');
  const spareUserId = Number(typeof spare[0] === 'object' ? (spare[0] as { id: number }).id : spare[0]);
  const request = await t
    .db('deletion_requests')
    .insert({ user_id: spareUserId, reason: '', status: 'pending', requested_at: t.clock.now() })
    .returning('id');
  const deletionRequestId = Number(
    typeof request[0] === 'object' ? (request[0] as { id: number }).id : request[0],
  );
  const insertId = async (table: string, row: Record<string, unknown>) => {
    const [inserted] = await t.db(table).insert(row).returning('id');
    return Number(typeof inserted === 'object' ? (inserted as { id: number }).id : inserted);
  };
  const requestMembershipId = await insertId('memberships', {
    organisation_id: entry.organisation_id,
    user_id: spareUserId,
    status: 'requested',
    requested_at: t.clock.now(),
  });
  const colleague = await insertId('users', {
    email: 'collega@demo.innovatieprijs.nl',
    name: 'Collega',
    role: 'submitter',
    active: true,
    session_version: 0,
    email_verified_at: t.clock.now(),
    created_at: t.clock.now(),
    updated_at: t.clock.now(),
  });
  const memberMembershipId = await insertId('memberships', {
    organisation_id: entry.organisation_id,
    user_id: colleague,
    status: 'active',
    via: 'organiser',
    requested_at: t.clock.now(),
    decided_at: t.clock.now(),
  });
  const login = (email: string) => loggedIn(t.app, { email, password: DEMO_PASSWORD } as never);
  const edition = await t.db('editions').where({ id: demo.editionId }).first();
  const emails: Record<WorldUser, string> = {
    submitterA: submitterA.email,
    submitterB: submitterB.email,
    jurorAssigned: jurorAssigned.email,
    jurorConflicted: jurorConflicted.email,
    admin: demo.admin.email,
  };
  const mailId = await insertMail(t.db, {
    to: submitterA.email,
    subject: 'Test',
    template: 'test',
    body: 'Test',
    attachments: [],
    now: t.clock.now(),
  });
  return {
    mailId,
    editionId: demo.editionId,
    year: edition.year,
    entryId: entry.id,
    attachmentId: attachment.id,
    organisationId: entry.organisation_id,
    jurorUserId: jurorAssigned.id,
    conflictedJurorId: jurorConflicted.id,
    spareUserId,
    deletionRequestId,
    requestMembershipId,
    memberMembershipId,
    browsers: {
      submitterA: await login(emails.submitterA),
      submitterB: await login(emails.submitterB),
      jurorAssigned: await login(emails.jurorAssigned),
      jurorConflicted: await login(emails.jurorConflicted),
      admin: await login(emails.admin),
    },
    emails,
  };
}

/** Fills a route's parameters with this world's ids, so every route is reached with real records. */
export function concretePath(path: string, w: AccessWorld): string {
  const values: Record<string, string | number> = {
    editionId: w.editionId,
    entryId: w.entryId,
    attachmentId: w.attachmentId,
    organisationId: w.organisationId,
    userId: path.startsWith('/admin/users/') ? w.spareUserId : w.jurorUserId,
    requestId: w.deletionRequestId,
    membershipId: path.includes('/members/') ? w.memberMembershipId : w.requestMembershipId,
    year: w.year,
    mailId: w.mailId,
    kind: 'deadline',
    lng: 'nl',
    token: 'x'.repeat(43),
  };
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => String(values[name] ?? 1));
}
