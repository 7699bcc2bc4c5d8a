import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, loggedIn } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';
import { linkIn } from '../../helpers/smtp-sink';

let t: TestApp;
let admin: TestUser;
let juror: TestUser;
beforeAll(async () => {
  t = await makeTestApp();
  admin = await createUser(t.db, { role: 'admin' });
  juror = await createUser(t.db, { role: 'juror', email: 'taal.jurylid@example.nl' });
});
afterAll(() => t.close());

async function languageOf(id: number): Promise<string | null> {
  const row = await t.db('users').where({ id }).first('language');
  return (row?.language as string | null) ?? null;
}

async function resetMailSubject(email: string): Promise<string> {
  t.sink.mails.length = 0;
  // Asked from a Dutch browser: the mail follows the account's language, not the asker's.
  await new Browser(t.app).submit('/password/forgot', '/password/forgot', { email });
  return (await t.sink.waitForMail(email)).subject;
}

describe('preferred language', () => {
  it('is chosen on the account page, audited, and every later mail uses it', async () => {
    const browser = await loggedIn(t.app, juror);
    const page = await browser.get('/account').expect(200);
    expect(page.text).toContain('Taal van e-mails');
    const bad = await browser.submit('/account', '/account/language', { language: 'fr' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Kies Nederlands of English');
    expect(await languageOf(juror.id)).toBeNull();

    const res = await browser.submit('/account', '/account/language', { language: 'en' });
    expect(res.status).toBe(303);
    expect(await languageOf(juror.id)).toBe('en');
    const audit = await t.db('audit_events').where({ action: 'user.language', subject_id: juror.id });
    expect(audit).toHaveLength(1);
    expect(await resetMailSubject(juror.email)).toBe('Set a new password for the Innovation Prize');

    await browser.submit('/account', '/account/language', { language: 'nl' });
    expect(await resetMailSubject(juror.email)).toBe('Nieuw wachtwoord instellen voor de Innovatieprijs');
  });

  it('is set from the language in which an invitation is accepted', async () => {
    const organiser = await loggedIn(t.app, admin);
    t.sink.mails.length = 0;
    const invite = await organiser.submit('/admin/users/invite', '/admin/users/invite', {
      name: 'Eva English',
      email: 'eva@example.nl',
    });
    expect(invite.status).toBe(303);
    const link = new URL(linkIn(await t.sink.waitForMail('eva@example.nl'), '/password/set/')).pathname;
    const invited = new Browser(t.app);
    await invited.get('/lang/en').expect(303);
    const accepted = await invited.submit(link, link, {
      password: 'a long enough passphrase',
      passwordConfirm: 'a long enough passphrase',
    });
    expect(accepted.status).toBe(303);
    const row = await t.db('users').where({ email: 'eva@example.nl' }).first('id');
    expect(await languageOf(Number(row.id))).toBe('en');
    expect(await resetMailSubject('eva@example.nl')).toBe('Set a new password for the Innovation Prize');
  });
});

describe('changing the password on the account page', () => {
  it('needs the current password, keeps the policy, and ends the sessions of other devices', async () => {
    const user = await createUser(t.db, { role: 'submitter' });
    const otherDevice = await loggedIn(t.app, user);
    const browser = await loggedIn(t.app, user);

    const wrong = await browser.submit('/account', '/account/password', {
      currentPassword: 'not my password at all',
      password: 'a brand new passphrase',
      passwordConfirm: 'a brand new passphrase',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Het huidige wachtwoord klopt niet');
    expect(wrong.text).toContain('href="#currentPassword"');
    const weak = await browser.submit('/account', '/account/password', {
      currentPassword: user.password,
      password: 'kort',
      passwordConfirm: 'kort',
    });
    expect(weak.status).toBe(422);
    const mismatch = await browser.submit('/account', '/account/password', {
      currentPassword: user.password,
      password: 'a brand new passphrase',
      passwordConfirm: 'another passphrase',
    });
    expect(mismatch.status).toBe(422);
    // Nothing changed yet: the other device is still logged in.
    await otherDevice.get('/account').expect(200);

    const res = await browser.submit('/account', '/account/password', {
      currentPassword: user.password,
      password: 'a brand new passphrase',
      passwordConfirm: 'a brand new passphrase',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/account?notice=passwordChanged');
    const after = await browser.get('/account?notice=passwordChanged').expect(200);
    expect(after.text).toContain('Uw wachtwoord is gewijzigd');
    const gone = await otherDevice.get('/account');
    expect(gone.status).toBe(303);
    expect(gone.headers.location).toMatch(/^\/login/);
    await new Browser(t.app).login({ email: user.email, password: 'a brand new passphrase' });
    await expect(new Browser(t.app).login(user)).rejects.toThrow(/Login failed/);
    expect(
      await t.db('audit_events').where({ action: 'user.password_change', subject_id: user.id }),
    ).toHaveLength(1);
  });
});
