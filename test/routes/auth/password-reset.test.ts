import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';
import { linkIn } from '../../helpers/smtp-sink';
import { backgroundOf } from '../../../src/app';

let t: TestApp;
let user: TestUser;
beforeAll(async () => {
  t = await makeTestApp();
  user = await createUser(t.db, { role: 'juror', email: 'jan.jurylid@example.nl' });
});
afterAll(() => t.close());

const pathOf = (link: string) => new URL(link).pathname;

async function requestReset(email: string) {
  return new Browser(t.app).submit('/password/forgot', '/password/forgot', { email });
}

describe('password reset', () => {
  it('answers the same for an unknown address and sends no mail', async () => {
    const before = t.sink.mails.length;
    const known = await requestReset(user.email);
    const unknown = await requestReset('niemand@example.nl');
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const strip = (s: string, email: string) =>
      s.replace(email, 'X').replace(/name="_csrf" value="[^"]+"/g, '');
    expect(strip(unknown.text, 'niemand@example.nl')).toBe(strip(known.text, user.email));
    await t.sink.waitForMail(user.email);
    expect(t.sink.mailsTo('niemand@example.nl')).toHaveLength(0);
    expect(t.sink.mails.length).toBe(before + 1);
  });

  it('sets a new password through the mailed link, once, and ends other sessions', async () => {
    const otherDevice = new Browser(t.app);
    await otherDevice.login(user);
    await otherDevice.get('/account').expect(200);

    t.sink.mails.length = 0;
    await requestReset(user.email);
    const mail = await t.sink.waitForMail(user.email);
    expect(mail.subject).toBe('Nieuw wachtwoord instellen voor de Innovatieprijs');
    const link = pathOf(linkIn(mail, '/password/set/'));

    const browser = new Browser(t.app);
    const form = await browser.get(link).expect(200);
    expect(form.text).toContain('Nieuw wachtwoord instellen');
    const weak = await browser.submit(link, link, { password: 'kort', passwordConfirm: 'kort' });
    expect(weak.status).toBe(422);
    const res = await browser.submit(link, link, {
      password: 'een nieuw lang wachtwoord',
      passwordConfirm: 'een nieuw lang wachtwoord',
    });
    expect(res.status).toBe(303);
    await browser.get('/account').expect(200);

    // The link works once.
    await new Browser(t.app).get(link).expect(410);
    // The session on the other device ended with the password change.
    expect((await otherDevice.get('/account')).status).toBe(303);
    // Old password no longer works, the new one does.
    const old = await new Browser(t.app).submit('/login', '/login', {
      email: user.email,
      password: user.password,
    });
    expect(old.status).toBe(401);
    await new Browser(t.app).login({ email: user.email, password: 'een nieuw lang wachtwoord' });
    user.password = 'een nieuw lang wachtwoord';
  });

  it('expires the link after one hour', async () => {
    t.sink.mails.length = 0;
    await requestReset(user.email);
    const link = pathOf(linkIn(await t.sink.waitForMail(user.email), '/password/set/'));
    t.clock.advance(59 * 60 * 1000);
    await new Browser(t.app).get(link).expect(200);
    t.clock.advance(60 * 1000 + 1);
    const expired = await new Browser(t.app).get(link).expect(410);
    expect(expired.text).toContain('Deze link werkt niet meer');
  });

  it('sends the mail after the answer, and closing the app waits for it instead of cutting it off', async () => {
    t.sink.mails.length = 0;
    const answer = await requestReset(user.email);
    expect(answer.status).toBe(200);
    // No polling: once the work started after the answer has settled, the mail has been handed to the server.
    await backgroundOf(t.app).settled();
    expect(t.sink.mailsTo(user.email)).toHaveLength(1);
  });

  it('rejects made-up and malformed tokens', async () => {
    await new Browser(t.app).get('/password/set/abc').expect(410);
    await new Browser(t.app).get('/password/set/' + 'A'.repeat(43)).expect(410);
  });
});
