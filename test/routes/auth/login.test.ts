import request from 'supertest';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, csrfFrom } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';

let t: TestApp;
let submitter: TestUser;

beforeAll(async () => {
  t = await makeTestApp();
  await createUser(t.db, { role: 'admin' });
  submitter = await createUser(t.db, { role: 'submitter' });
});
afterAll(() => t.close());

const sessionCount = async () => Number((await t.db('sessions').count({ n: '*' }).first())?.n ?? 0);
const withoutToken = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, '');

describe('login', () => {
  it('logs in with the right password, creating exactly one session, and lands on the entrant start page', async () => {
    const before = await sessionCount();
    const browser = new Browser(t.app);
    const res = await browser.submit('/login', '/login', {
      email: submitter.email.toUpperCase(),
      password: submitter.password,
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/entries');
    expect(await sessionCount()).toBe(before + 1);
    const account = await browser.get('/account').expect(200);
    expect(account.text).toContain(submitter.email);
  });

  it('gives the same answer for a wrong password and an unknown e-mail address', async () => {
    const browser = new Browser(t.app);
    const wrong = await browser.submit('/login', '/login', {
      email: submitter.email,
      password: 'not the password at all',
    });
    const unknown = await browser.submit('/login', '/login', {
      email: 'nobody@example.nl',
      password: 'not the password at all',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.text).toContain('Het e-mailadres of het wachtwoord klopt niet');
    // Apart from the e-mail the user typed and the CSRF token, the pages are identical.
    expect(withoutToken(unknown.text).replace('nobody@example.nl', 'X')).toBe(
      withoutToken(wrong.text).replace(submitter.email, 'X'),
    );
  });

  it('refuses the 6th rapid failed login for an account with a clear "try again in N minutes" message', async () => {
    const target = await createUser(t.db, { role: 'juror' });
    const browser = new Browser(t.app);
    for (let i = 1; i <= 5; i++) {
      const res = await browser.submit('/login', '/login', {
        email: target.email,
        password: `wrong password ${i}`,
      });
      expect(res.status).toBe(401);
    }
    const sixth = await browser.submit('/login', '/login', {
      email: target.email,
      password: target.password,
    });
    expect(sixth.status).toBe(429);
    expect(sixth.text).toMatch(/Te veel mislukte pogingen\. Probeer het over 1[45] minuten opnieuw/);
    // Another account from the same address is not locked out by it.
    await new Browser(t.app).login(submitter);
  });

  it('shows 422 with an error summary linking to the fields when fields are empty, keeping the e-mail', async () => {
    const browser = new Browser(t.app);
    const res = await browser.submit('/login', '/login', { email: 'not-an-email', password: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Er is een probleem');
    expect(res.text).toContain('href="#email"');
    expect(res.text).toContain('href="#password"');
    expect(res.text).toContain('value="not-an-email"');
    expect(res.text).toContain('<title>Fout: Inloggen');
  });

  it('returns to the page the user asked for, but never to another site', async () => {
    const browser = new Browser(t.app);
    const page = await browser.get('/login?next=%2Faccount').expect(200);
    expect(page.text).toContain('name="next" value="/account"');
    const evil = await browser.get('/login?next=%2F%2Fevil.example').expect(200);
    expect(evil.text).toContain('name="next" value=""');
    const res = await browser.agent
      .post('/login')
      .type('form')
      .send({
        email: submitter.email,
        password: submitter.password,
        next: '//evil.example',
        _csrf: csrfFrom(evil.text),
      });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/entries');
  });

  it('regenerates the session id on login', async () => {
    const browser = new Browser(t.app);
    // A session planted before login (e.g. by a fixation attack) must not survive it.
    const login = await browser.get('/login');
    const cookieBefore = (login.headers['set-cookie'] as unknown as string[] | undefined)?.find((c) =>
      c.startsWith('ip.sid='),
    );
    expect(cookieBefore).toBeUndefined();
    const res = await browser.submit('/login', '/login', {
      email: submitter.email,
      password: submitter.password,
    });
    const sid = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('ip.sid='));
    expect(sid).toMatch(/HttpOnly/i);
    expect(sid).toMatch(/SameSite=Lax/i);
  });
});

describe('logout', () => {
  it('is a POST that ends the session; GET /logout does not exist', async () => {
    const browser = new Browser(t.app);
    await browser.login(submitter);
    await browser.get('/logout').expect(404);
    await browser.get('/account').expect(200);
    const res = await browser.submit('/account', '/logout', {});
    expect(res.status).toBe(303);
    const after = await browser.get('/account');
    expect(after.status).toBe(303);
    expect(after.headers.location).toBe('/login?next=%2Faccount');
  });
});

describe('anonymous visitors', () => {
  it('leave the sessions table untouched on every public GET', async () => {
    const before = await sessionCount();
    for (const path of [
      '/',
      '/login',
      '/password/forgot',
      '/setup',
      '/healthz',
      '/does-not-exist',
      '/lang/en',
      '/account',
    ]) {
      await request(t.app).get(path);
    }
    expect(await sessionCount()).toBe(before);
  });
});
