import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser } from '../../helpers/agent';
import { createUser } from '../../helpers/factories';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const userCount = async () => Number((await t.db('users').count({ n: '*' }).first())?.n ?? 0);

describe('CSRF protection', () => {
  it('refuses a POST without token with 403 and changes nothing', async () => {
    const browser = new Browser(t.app);
    await browser.get('/setup').expect(200);
    const res = await browser.agent.post('/setup').type('form').send({
      name: 'Mallory',
      email: 'mallory@example.nl',
      password: 'a long enough password',
      passwordConfirm: 'a long enough password',
    });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Het formulier is verlopen');
    expect(await userCount()).toBe(0);
  });

  it('refuses a token from another session once logged in', async () => {
    const admin = await createUser(t.db, { role: 'admin' });
    const alice = new Browser(t.app);
    await alice.login(admin);
    const mallory = new Browser(t.app);
    const foreignToken = await mallory.csrf('/login');
    const before = await userCount();
    const res = await alice.agent
      .post('/admin/users/invite')
      .type('form')
      .send({ name: 'X', email: 'x@example.nl', _csrf: foreignToken });
    expect(res.status).toBe(403);
    expect(await userCount()).toBe(before);
    // With its own token the same request works.
    const ok = await alice.submit('/admin/users/invite', '/admin/users/invite', {
      name: 'X',
      email: 'x@example.nl',
    });
    expect(ok.status).toBe(303);
    expect(await userCount()).toBe(before + 1);
  });
});
