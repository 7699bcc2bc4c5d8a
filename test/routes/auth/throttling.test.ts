import net from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { csrfFrom } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';

/**
 * Throttling as OWASP advises against lockout abuse: someone else's wrong passwords do not lock the owner out,
 * reset mails are limited per address and per account, and the reset answer does not wait for the mail (so its
 * timing cannot tell whether an account exists). The app trusts X-Forwarded-For here, as behind a proxy, so the
 * test can speak from several addresses.
 */
let t: TestApp;
let owner: TestUser;
beforeAll(async () => {
  t = await makeTestApp({ env: { TRUST_PROXY: 'true' } });
  owner = await createUser(t.db, { role: 'admin', email: 'eigenaar@prijs.example' });
});
afterAll(() => t.close());

/** A visitor from one address, with the cookies of a browser. */
function from(address: string) {
  const agent = request.agent(t.app);
  return {
    async post(path: string, fields: Record<string, string>) {
      const page = await agent
        .get(path === '/login' ? '/login' : '/password/forgot')
        .set('X-Forwarded-For', address);
      return agent
        .post(path)
        .set('X-Forwarded-For', address)
        .type('form')
        .send({ ...fields, _csrf: csrfFrom(page.text) });
    },
  };
}

describe('failed logins', () => {
  it('limit the attacker’s address for the account, never the owner elsewhere', async () => {
    const attacker = from('203.0.113.7');
    for (let i = 1; i <= 5; i++)
      expect((await attacker.post('/login', { email: owner.email, password: `fout ${i}` })).status).toBe(401);
    const sixth = await attacker.post('/login', { email: owner.email, password: owner.password });
    expect(sixth.status).toBe(429);
    expect(sixth.text).toMatch(/Probeer het over (14|15) minuten opnieuw/);
    // The owner, at the office, logs in at once.
    const home = await from('198.51.100.20').post('/login', { email: owner.email, password: owner.password });
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/admin');
  });

  it('from many addresses slow the account down rather than lock it', async () => {
    const victim = await createUser(t.db, { role: 'juror', email: 'doelwit@prijs.example' });
    for (let i = 1; i <= 11; i++)
      expect(
        (await from(`203.0.113.${100 + i}`).post('/login', { email: victim.email, password: 'fout' })).status,
      ).toBe(401);
    const ok = await from('198.51.100.21').post('/login', { email: victim.email, password: victim.password });
    expect(ok.status).toBe(303);
  }, 30_000);

  it('are counted in the database, so every app process sees the same count', async () => {
    const rows = await t.db('rate_limits').where('key', 'like', 'login-pair:%');
    expect(Math.max(...rows.map((r) => Number(r.hits)))).toBeGreaterThanOrEqual(5);
    // keys are hashed: the table holds no e-mail addresses
    const all = await t.db('rate_limits').select('key');
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((r) => String(r.key).includes('@'))).toEqual([]);
  });
});

describe('reset links', () => {
  it('are limited to 10 requests an hour from one address, with a translated 429', async () => {
    const visitor = from('203.0.113.50');
    for (let i = 1; i <= 10; i++)
      expect((await visitor.post('/password/forgot', { email: `niemand${i}@example.nl` })).status).toBe(200);
    const eleventh = await visitor.post('/password/forgot', { email: 'niemand@example.nl' });
    expect(eleventh.status).toBe(429);
    expect(eleventh.text).toContain('Probeer het over');
  });

  it('send at most 3 mails an hour to one account, whoever asks', async () => {
    const target = await createUser(t.db, { role: 'juror', email: 'overspoeld@prijs.example' });
    for (let i = 1; i <= 6; i++)
      expect((await from(`192.0.2.${i}`).post('/password/forgot', { email: target.email })).status).toBe(200);
    await t.sink.waitForMail(target.email);
    await new Promise((r) => setTimeout(r, 500));
    expect(t.sink.mailsTo(target.email)).toHaveLength(3);
  });

  it('answer without waiting for the mail: a mail server that never answers does not hold the reply', async () => {
    // An SMTP "server" that accepts connections and then says nothing.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const app = await makeTestApp({
      env: { SMTP_URL: `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}` },
    });
    try {
      const user = await createUser(app.db, { role: 'juror', email: 'stil@prijs.example' });
      const agent = request.agent(app.app);
      const page = await agent.get('/password/forgot');
      const res = await agent
        .post('/password/forgot')
        .type('form')
        .send({ email: user.email, _csrf: csrfFrom(page.text) })
        .timeout(3000);
      expect(res.status).toBe(200);
      expect(res.text).toContain(user.email);
    } finally {
      silent.close();
      await app.close().catch(() => undefined);
    }
  });
});
