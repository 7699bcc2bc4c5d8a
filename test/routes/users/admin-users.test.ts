import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, loggedIn } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';
import { linkIn } from '../../helpers/smtp-sink';

let t: TestApp;
let admin: TestUser;
beforeAll(async () => {
  t = await makeTestApp();
  admin = await createUser(t.db, { role: 'admin', name: 'Anna Admin' });
});
afterAll(() => t.close());

describe('users page', () => {
  it('lists accounts for admins', async () => {
    const juror = await createUser(t.db, { role: 'juror', name: 'Joost Jurylid' });
    const browser = await loggedIn(t.app, admin);
    const res = await browser.get('/admin/users').expect(200);
    expect(res.text).toContain('Joost Jurylid');
    expect(res.text).toContain(juror.email);
    expect(res.text).toContain('Jurylid');
  });

  it('invites an organiser by e-mail, who sets a password and logs in as admin', async () => {
    const browser = await loggedIn(t.app, admin);
    const res = await browser.submit('/admin/users/invite', '/admin/users/invite', {
      name: 'Otto Organisator',
      email: 'otto@example.nl',
    });
    expect(res.status).toBe(303);
    const mail = await t.sink.waitForMail('otto@example.nl');
    expect(mail.text).toContain('Anna Admin heeft u uitgenodigd');
    const link = new URL(linkIn(mail, '/password/set/')).pathname;
    const otto = new Browser(t.app);
    const form = await otto.get(link).expect(200);
    expect(form.text).toContain('Welkom: kies uw wachtwoord');
    const set = await otto.submit(link, link, {
      password: 'otto zijn lange wachtwoord',
      passwordConfirm: 'otto zijn lange wachtwoord',
    });
    expect(set.headers.location).toBe('/admin');
    await otto.get('/admin/users').expect(200);
    const audit = await t.db('audit_events').where({ action: 'user.invite_admin' });
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_user_id).toBe(admin.id);
  });

  it('refuses a duplicate e-mail with 422 and keeps the input', async () => {
    const browser = await loggedIn(t.app, admin);
    const res = await browser.submit('/admin/users/invite', '/admin/users/invite', {
      name: 'Dubbel',
      email: admin.email,
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Er bestaat al een account met dit e-mailadres');
    expect(res.text).toContain('value="Dubbel"');
  });

  it("deactivates an account after confirmation; that user's open session stops at once", async () => {
    const victim = await createUser(t.db, { role: 'submitter' });
    const victimBrowser = await loggedIn(t.app, victim);
    await victimBrowser.get('/account').expect(200);

    const browser = await loggedIn(t.app, admin);
    const confirm = await browser.get(`/admin/users/${victim.id}/deactivate`).expect(200);
    expect(confirm.text).toContain('Weet u zeker');
    const res = await browser.submit(
      `/admin/users/${victim.id}/deactivate`,
      `/admin/users/${victim.id}/deactivate`,
      {},
    );
    expect(res.status).toBe(303);

    expect((await victimBrowser.get('/account')).status).toBe(303);
    const again = await new Browser(t.app).submit('/login', '/login', {
      email: victim.email,
      password: victim.password,
    });
    expect(again.status).toBe(401);

    await browser.submit('/admin/users', `/admin/users/${victim.id}/activate`, {});
    await new Browser(t.app).login(victim);
  });

  it('does not let an admin deactivate themselves', async () => {
    const browser = await loggedIn(t.app, admin);
    const res = await browser.submit(
      `/admin/users/${admin.id}/deactivate`,
      `/admin/users/${admin.id}/deactivate`,
      {},
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('U kunt uw eigen account niet deactiveren');
    expect((await t.db('users').where({ id: admin.id }).first()).active).toBeTruthy();
  });

  it('gives 404 for an unknown or malformed user id', async () => {
    const browser = await loggedIn(t.app, admin);
    await browser.get('/admin/users/99999/deactivate').expect(404);
    await browser.get('/admin/users/abc/deactivate').expect(404);
  });
});
