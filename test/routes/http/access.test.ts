import { listRoutes } from '../../../src/http/access';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, loggedIn } from '../../helpers/agent';
import { createUser } from '../../helpers/factories';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('access is denied by default', () => {
  it('every route in the app starts with an access guard', () => {
    const routes = listRoutes(t.app as never);
    expect(routes.length).toBeGreaterThan(10);
    const unguarded = routes.filter((r) => !r.access).map((r) => `${r.method} ${r.path}`);
    expect(unguarded).toEqual([]);
  });

  const adminOnly = routes();
  function routes() {
    return [
      ['GET', '/admin'],
      ['GET', '/admin/users'],
      ['GET', '/admin/users/invite'],
      ['POST', '/admin/users/invite'],
      ['GET', '/admin/users/1/deactivate'],
      ['POST', '/admin/users/1/deactivate'],
      ['POST', '/admin/users/1/activate'],
    ] as const;
  }

  it('route table lists exactly the admin-only routes tested here as admin-only', () => {
    const listed = listRoutes(t.app as never)
      .filter(
        (r) => r.access?.kind === 'roles' && r.access.roles.length === 1 && r.access.roles[0] === 'admin',
      )
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(listed).toEqual(
      [
        'GET /admin',
        'GET /admin/users',
        'GET /admin/users/invite',
        'POST /admin/users/invite',
        'GET /admin/users/:userId/deactivate',
        'POST /admin/users/:userId/deactivate',
        'POST /admin/users/:userId/activate',
      ].sort(),
    );
  });

  it.each(adminOnly)('%s %s: anonymous users are sent to the login page', async (method, path) => {
    const browser = new Browser(t.app);
    const token = await browser.csrf('/login');
    const res =
      method === 'GET'
        ? await browser.get(path)
        : await browser.agent.post(path).type('form').send({ _csrf: token });
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
  });

  it.each(adminOnly)('%s %s: jurors and submitters get 403', async (method, path) => {
    for (const role of ['juror', 'submitter'] as const) {
      const user = await createUser(t.db, { role });
      const browser = await loggedIn(t.app, user);
      const res = method === 'GET' ? await browser.get(path) : await browser.submit('/account', path, {});
      expect(res.status).toBe(403);
      expect(res.text).toContain('Geen toegang');
    }
  });
});
