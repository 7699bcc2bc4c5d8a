import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, loggedIn } from '../../helpers/agent';
import { createEntry, createOpenEdition } from '../../helpers/entries';
import { createUser, type TestUser } from '../../helpers/factories';
import { pdfBytes } from '../../helpers/files';
import { linkIn } from '../../helpers/smtp-sink';
import { upload } from '../attachments/helpers';
import type { Edition } from '../../../src/editions/edition.types';

/**
 * Membership must be granted. The attack this file closes: a stranger registers, picks an existing gemeente, and
 * reads, changes or withdraws its entry. Every way in is tried as the stranger would, over HTTP.
 */
let t: TestApp;
let edition: Edition;
let admin: TestUser;
let clerk: TestUser;
let gemeenteId: number;
let entryId: number;
let attachmentId: number;

const PASSWORD = 'een lang wachtwoord voor de prijs';
const pathOf = (link: string) => new URL(link).pathname;

beforeAll(async () => {
  t = await makeTestApp();
  ({ edition } = await createOpenEdition(t));
  admin = await createUser(t.db, { role: 'admin', name: 'Olga Organisator', email: 'olga@prijs.example' });
  gemeenteId = Number((await t.db('organisations').where({ type: 'gemeente', name: 'Houten' }).first()).id);
  clerk = await createUser(t.db, {
    role: 'submitter',
    organisationId: gemeenteId,
    name: 'Eerste Klerk',
    email: 'eerste@houten.example',
  });
  const entry = await createEntry(t, {
    edition,
    organisationId: gemeenteId,
    userId: clerk.id,
    status: 'submitted',
  });
  entryId = entry.id;
  const browser = await loggedIn(t.app, clerk);
  const res = await upload(browser, entryId, [
    { name: 'plan.pdf', data: await pdfBytes({ text: 'Geheim plan' }) },
  ]);
  expect(res.status).toBe(303);
  attachmentId = Number((await t.db('attachments').where({ entry_id: entryId }).first()).id);
});
afterAll(() => t.close());

/** Registers through the real form, choosing an organisation of the register; returns the logged-in browser. */
async function registerAs(email: string, organisationId: number): Promise<Browser> {
  const browser = new Browser(t.app);
  const res = await browser.submit('/register', '/register', {
    name: `Nieuw ${email}`,
    email,
    password: PASSWORD,
    passwordConfirm: PASSWORD,
    organisationChoice: 'register',
    organisationId: String(organisationId),
  });
  expect(res.status).toBe(303);
  return browser;
}

async function verify(email: string) {
  const mail = t.sink.mailsTo(email).find((m) => m.subject.startsWith('Bevestig'));
  await new Browser(t.app)
    .get(pathOf(linkIn(mail ?? (await t.sink.waitForMail(email)), '/register/verify/')))
    .expect(200);
}

/** Everything a takeover needs, tried as that user: every one must be refused and change nothing. */
async function expectNoAccess(browser: Browser) {
  for (const path of [
    `/entries/${entryId}`,
    `/entries/${entryId}/edit`,
    `/entries/${entryId}/partners`,
    `/entries/${entryId}/withdraw`,
    `/entries/${entryId}/attachments/${attachmentId}`,
    `/entries/${entryId}/attachments/${attachmentId}/view`,
    `/organisations/${gemeenteId}`,
  ]) {
    expect([path, (await browser.get(path)).status]).toEqual([path, 404]);
  }
  const token = await browser.csrf('/account');
  for (const [path, body] of [
    [`/entries/${entryId}/edit`, { title: 'Overgenomen', version: '1' }],
    [`/entries/${entryId}/withdraw`, {}],
    [`/entries/${entryId}/partners/propose`, { proposedType: 'overig', proposedName: 'X' }],
  ] as const) {
    const res = await browser.agent
      .post(path)
      .type('form')
      .send({ ...body, _csrf: token });
    expect([path, res.status]).toEqual([path, 404]);
  }
  const list = await browser.get('/entries').expect(200);
  expect(list.text).not.toContain(`/entries/${entryId}`);
  const entry = await t.db('entries').where({ id: entryId }).first();
  expect(entry).toMatchObject({ status: 'submitted' });
  expect(entry.title).not.toBe('Overgenomen');
}

describe('joining an organisation', () => {
  it('refuses the takeover: a stranger choosing an existing gemeente sees nothing until a member approves', async () => {
    const stranger = await registerAs('indringer@example.org', gemeenteId);
    // Before verifying the address: nothing, and nobody has been asked yet.
    await expectNoAccess(stranger);
    expect(t.sink.mailsTo(clerk.email).filter((m) => m.subject.startsWith('Aanvraag'))).toHaveLength(0);

    // Verified, but not granted: still nothing.
    await verify('indringer@example.org');
    await expectNoAccess(stranger);
    expect((await stranger.get('/entries')).text).toContain('wacht op goedkeuring');

    // The members and the organisers are asked, each with a link to the request.
    const toClerk = await t.sink.waitForMail(clerk.email);
    expect(toClerk.subject).toBe('Aanvraag om lid te worden van Houten');
    expect(toClerk.text).toContain('indringer@example.org');
    const toAdmin = await t.sink.waitForMail(admin.email);
    const link = pathOf(linkIn(toAdmin, '/organisations/'));
    expect(pathOf(linkIn(toClerk, '/organisations/'))).toBe(link);

    // The requester cannot decide on their own request (they see no organisation page at all).
    await stranger.get(link).expect(404);

    // The member refuses: no access, the requester is told, and it is audited.
    const member = await loggedIn(t.app, clerk);
    const page = await member.get(link).expect(200);
    expect(page.text).toContain('indringer@example.org');
    const refused = await member.submit(link, link, { decision: 'refuse', reason: 'Ken ik niet' });
    expect(refused.status).toBe(303);
    await expectNoAccess(stranger);
    const told = await t.sink.waitForMail('indringer@example.org');
    expect(told.text).toContain('Ken ik niet');
    const audit = await t.db('audit_events').where({ action: 'membership.refuse' }).first();
    expect(audit).toMatchObject({ actor_user_id: clerk.id, subject_id: gemeenteId, reason: 'Ken ik niet' });
    // A second decision on the same request is a conflict, not a change of mind through the back door.
    const token = await member.csrf('/account');
    const again = await member.agent.post(link).type('form').send({ decision: 'approve', _csrf: token });
    expect(again.status).toBe(409);
    await expectNoAccess(stranger);
  });

  it('grants access once a member approves, and takes it away at once when a member removes the person', async () => {
    const colleague = await registerAs('tweede@houten.example', gemeenteId);
    await verify('tweede@houten.example');
    await expectNoAccess(colleague);
    const request = await t
      .db('memberships')
      .join('users', 'users.id', 'memberships.user_id')
      .where({ email: 'tweede@houten.example' })
      .first('memberships.id');
    const link = `/organisations/${gemeenteId}/requests/${request.id}`;
    const member = await loggedIn(t.app, clerk);
    const approved = await member.submit(link, link, { decision: 'approve' });
    expect(approved.headers.location).toBe(`/organisations/${gemeenteId}?notice=approved`);
    expect((await t.sink.waitForMail('tweede@houten.example')).subject).toBe('U bent lid van Houten');

    // Same session, next request: the colleague sees the entry, its attachment and the members.
    await colleague.get(`/entries/${entryId}`).expect(200);
    await colleague.get(`/entries/${entryId}/attachments/${attachmentId}`).expect(200);
    const organisation = await colleague.get(`/organisations/${gemeenteId}`).expect(200);
    expect(organisation.text).toContain('Eerste Klerk');

    // Removed by the first clerk: gone at the next request, both are told.
    const remove = `/organisations/${gemeenteId}/members/${request.id}/remove`;
    await member.get(remove).expect(200);
    expect((await member.submit(remove, remove, { reason: 'Vertrokken' })).status).toBe(303);
    await expectNoAccess(colleague);
    expect(t.sink.mailsTo('tweede@houten.example').some((m) => m.text.includes('Vertrokken'))).toBe(true);
    expect(
      await t.db('audit_events').where({ action: 'membership.remove', actor_user_id: clerk.id }),
    ).toHaveLength(1);
  });

  it('needs a verified address: a granted member without one sees nothing, and approval waits for it', async () => {
    const unverified = await createUser(t.db, {
      role: 'submitter',
      organisationId: gemeenteId,
      emailVerifiedAt: null,
    });
    await expectNoAccess(await loggedIn(t.app, unverified));
    const pending = await registerAs('onbevestigd@houten.example', gemeenteId);
    const request = await t
      .db('memberships')
      .join('users', 'users.id', 'memberships.user_id')
      .where({ email: 'onbevestigd@houten.example' })
      .first('memberships.id');
    const link = `/organisations/${gemeenteId}/requests/${request.id}`;
    const organiser = await loggedIn(t.app, admin);
    const early = await organiser.submit(link, link, { decision: 'approve' });
    expect(early.status).toBe(422);
    expect(early.text).toContain('nog niet bevestigd');
    await expectNoAccess(pending);
  });

  it('admits a verified address on the organisation domain at once, and tells the members', async () => {
    await t
      .db('organisation_domains')
      .insert({ domain: 'houten.nl', organisation_id: gemeenteId, created_at: new Date() });
    const browser = await registerAs('derde@houten.nl', gemeenteId);
    // Not before the address is verified.
    await expectNoAccess(browser);
    await verify('derde@houten.nl');
    await browser.get(`/entries/${entryId}`).expect(200);
    expect(
      (
        await t
          .db('memberships')
          .join('users', 'users.id', 'memberships.user_id')
          .where({ email: 'derde@houten.nl' })
          .first()
      ).via,
    ).toBe('domain');
    const told = await t.sink.waitForMail(clerk.email);
    expect(t.sink.mailsTo(clerk.email).some((m) => m.subject.includes('is lid geworden van Houten'))).toBe(
      true,
    );
    expect(told).toBeDefined();
    // The domain of another organisation admits nobody here.
    const other = Number(
      (await t.db('organisations').where({ type: 'gemeente', name: 'Bunnik' }).first()).id,
    );
    const elsewhere = await registerAs('vierde@houten.nl', other);
    await verify('vierde@houten.nl');
    expect(
      (
        await t
          .db('memberships')
          .join('users', 'users.id', 'memberships.user_id')
          .where({ email: 'vierde@houten.nl' })
          .first()
      ).status,
    ).toBe('requested');
    await elsewhere.get(`/entries/${entryId}`).expect(404);
  });

  it('sends the first member of an organisation to the organisers only, who decide', async () => {
    const empty = Number(
      (await t.db('organisations').where({ type: 'gemeente', name: 'Wijk bij Duurstede' }).first()).id,
    );
    t.sink.mails.length = 0;
    await registerAs('eerste@wijk.example', empty);
    await verify('eerste@wijk.example');
    const mail = await t.sink.waitForMail(admin.email);
    expect(mail.text).toContain('het eerste lid');
    const organiser = await loggedIn(t.app, admin);
    const waiting = await organiser.get('/admin/organisations/requests').expect(200);
    expect(waiting.text).toContain('eerste@wijk.example');
  });

  it('tells every member of each change of an entry: withdrawn, reopened, edited after submitting', async () => {
    const second = await createUser(t.db, {
      role: 'submitter',
      organisationId: gemeenteId,
      email: 'collega@houten.example',
    });
    const browser = await loggedIn(t.app, clerk);
    t.sink.mails.length = 0;
    expect(
      (await browser.submit(`/entries/${entryId}/withdraw`, `/entries/${entryId}/withdraw`, {})).status,
    ).toBe(303);
    for (const to of [clerk.email, second.email])
      expect((await t.sink.waitForMail(to)).subject).toMatch(/^Inzending \d{4}-\d{3} is ingetrokken/);
    expect((await browser.submit(`/entries/${entryId}`, `/entries/${entryId}/reopen`, {})).status).toBe(303);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.sink.mailsTo(second.email).some((m) => m.subject.includes('weer geopend'))).toBe(true);
  });
});

describe('account without an organisation', () => {
  it('cancels a waiting request and asks to join another from the account page', async () => {
    const browser = await registerAs('wisselaar@example.org', gemeenteId);
    const cancelled = await browser.submit('/account', '/account/membership/cancel', {});
    expect(cancelled.headers.location).toBe('/account?notice=requestCancelled');
    const account = await browser.get('/account').expect(200);
    expect(account.text).toContain('Lid worden van een organisatie');
    const empty = await browser.submit('/account', '/account/membership', {});
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Kies uw organisatie uit het register');
    const other = Number(
      (await t.db('organisations').where({ type: 'gemeente', name: 'Bunnik' }).first()).id,
    );
    const asked = await browser.submit('/account', '/account/membership', { organisationId: String(other) });
    expect(asked.headers.location).toBe('/account?notice=requestSent');
    const twice = await browser.submit('/account', '/account/membership', { organisationId: String(other) });
    expect(twice.status).toBe(409);
    const actions = (
      await t.db('audit_events').whereIn('action', ['membership.request', 'membership.cancel']).orderBy('id')
    ).map((a) => a.action);
    expect(actions.slice(-3)).toEqual(['membership.request', 'membership.cancel', 'membership.request']);
  });
});
