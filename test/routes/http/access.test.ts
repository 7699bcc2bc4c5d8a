import { listRoutes, type RouteInfo } from '../../../src/http/access';
import type { Role } from '../../../src/users/user.types';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, loggedIn } from '../../helpers/agent';
import { createUser } from '../../helpers/factories';

let t: TestApp;
const browsers: Partial<Record<Role, Browser>> = {};

beforeAll(async () => {
  t = await makeTestApp();
  for (const role of ['admin', 'juror', 'submitter'] as const) {
    browsers[role] = await loggedIn(t.app, await createUser(t.db, { role }));
  }
});
afterAll(() => t.close());

const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, '1');

async function call(browser: Browser, route: RouteInfo, formPage = '/account') {
  const path = concrete(route.path);
  if (route.method === 'GET') return browser.get(path);
  // A real CSRF token, so the answer is about access, not about a missing token.
  const token = await browser.csrf(formPage);
  return browser.agent.post(path).type('form').send({ _csrf: token });
}

// The routes come from the app itself, so a new route is covered the moment it exists.
describe('access is denied by default', () => {
  it('every route in the app starts with an access guard', () => {
    const routes = listRoutes(t.app as never);
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => !r.access).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('sends anonymous users to the login page on every role-guarded route', async () => {
    const guarded = listRoutes(t.app as never).filter((r) => r.access?.kind === 'roles');
    expect(guarded.length).toBeGreaterThan(15);
    const anonymous = new Browser(t.app);
    for (const route of guarded) {
      const res = await call(anonymous, route, '/login');
      expect({
        route: `${route.method} ${route.path}`,
        status: res.status,
        location: res.headers.location?.split('?')[0],
      }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 303,
        location: '/login',
      });
    }
  });

  it('gives 403 to every logged-in role a route does not allow', async () => {
    const guarded = listRoutes(t.app as never).filter((r) => r.access?.kind === 'roles');
    let checked = 0;
    for (const route of guarded) {
      const allowed = route.access?.kind === 'roles' ? route.access.roles : [];
      for (const role of ['admin', 'juror', 'submitter'] as const) {
        if (allowed.includes(role)) continue;
        const res = await call(browsers[role]!, route);
        expect({ route: `${route.method} ${route.path}`, role, status: res.status }).toEqual({
          route: `${route.method} ${route.path}`,
          role,
          status: 403,
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('keeps the organiser pages for admins only', async () => {
    const adminOnly = listRoutes(t.app as never)
      .filter((r) => r.path.startsWith('/admin'))
      .filter(
        (r) =>
          !(
            (r.access?.kind === 'roles' || r.access?.kind === 'hidden') &&
            r.access.roles.length === 1 &&
            r.access.roles[0] === 'admin'
          ),
      );
    expect(adminOnly).toEqual([]);
  });

  // Results under embargo: nobody but an organiser may even learn that they exist, so no login redirect, no 403.
  it('answers 404 to everyone but admins on hidden and embargoed routes', async () => {
    const embargoed = listRoutes(t.app as never).filter(
      (r) => r.access?.kind === 'hidden' || r.access?.kind === 'embargo',
    );
    expect(embargoed.filter((r) => r.access?.kind === 'hidden').length).toBeGreaterThan(5);
    expect(embargoed.filter((r) => r.access?.kind === 'embargo').length).toBeGreaterThan(0);
    const visitors: Array<[string, Browser, string]> = [
      ['anonymous', new Browser(t.app), '/login'],
      ['juror', browsers.juror!, '/account'],
      ['submitter', browsers.submitter!, '/account'],
    ];
    for (const route of embargoed) {
      for (const [who, browser, formPage] of visitors) {
        const res = await call(browser, route, formPage);
        expect({ route: `${route.method} ${route.path}`, who, status: res.status }).toEqual({
          route: `${route.method} ${route.path}`,
          who,
          status: 404,
        });
      }
    }
  });

  it('puts every results route behind the embargo', () => {
    const results = listRoutes(t.app as never).filter((r) =>
      /\/(results|scores|jury-report|ceremony|announce|winnaar)\b/.test(r.path),
    );
    expect(results.length).toBeGreaterThan(8);
    expect(
      results.filter((r) => r.access?.kind !== 'hidden' && r.access?.kind !== 'embargo').map((r) => r.path),
    ).toEqual([]);
  });
});
