import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser } from '../../helpers/agent';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('first-run setup', () => {
  it('is announced on the home page while there is no admin', async () => {
    const res = await new Browser(t.app).get('/').expect(200);
    expect(res.text).toContain('href="/setup"');
  });

  it('rejects a weak password or mismatch with 422, keeping name and e-mail', async () => {
    const browser = new Browser(t.app);
    const short = await browser.submit('/setup', '/setup', {
      name: 'Olga Organisator',
      email: 'olga@example.nl',
      password: 'kort',
      passwordConfirm: 'kort',
    });
    expect(short.status).toBe(422);
    expect(short.text).toContain('Het wachtwoord moet minimaal 12 tekens hebben');
    expect(short.text).toContain('value="Olga Organisator"');
    expect(short.text).not.toContain('value="kort"');
    const same = await browser.submit('/setup', '/setup', {
      name: 'Olga',
      email: 'olga@example.nl',
      password: 'olga@example.nl',
      passwordConfirm: 'olga@example.nl',
    });
    expect(same.text).toContain('Gebruik niet uw e-mailadres als wachtwoord');
    const mismatch = await browser.submit('/setup', '/setup', {
      name: 'Olga',
      email: 'olga@example.nl',
      password: 'een lang wachtwoord 1',
      passwordConfirm: 'een lang wachtwoord 2',
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.text).toContain('De wachtwoorden zijn niet hetzelfde');
    expect(Number((await t.db('users').count({ n: '*' }).first())?.n)).toBe(0);
  });

  it('creates the admin, logs them in, and then disappears', async () => {
    const browser = new Browser(t.app);
    const res = await browser.submit('/setup', '/setup', {
      name: 'Olga Organisator',
      email: 'Olga@Example.nl',
      password: 'een lang wachtwoord',
      passwordConfirm: 'een lang wachtwoord',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin');
    const admin = await browser.get('/admin').expect(200);
    expect(admin.text).toContain('Ingelogd als Olga Organisator');
    const row = await t.db('users').where({ email: 'olga@example.nl' }).first();
    expect(row.role).toBe('admin');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const audit = await t.db('audit_events').where({ action: 'user.setup_admin' });
    expect(audit).toHaveLength(1);

    const stranger = new Browser(t.app);
    await stranger.get('/setup').expect(404);
    const token = await stranger.csrf('/login');
    await stranger.agent
      .post('/setup')
      .type('form')
      .send({
        _csrf: token,
        name: 'Second',
        email: 'second@example.nl',
        password: 'een lang wachtwoord',
        passwordConfirm: 'een lang wachtwoord',
      })
      .expect(404);
    expect(await t.db('users').where({ role: 'admin' })).toHaveLength(1);
    const home = await stranger.get('/').expect(200);
    expect(home.text).not.toContain('href="/setup"');
  });
});
