import { listRoutes } from '../../../src/http/access';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { buildAccessWorld, concretePath, type AccessWorld, type WorldUser } from '../../helpers/world';

/**
 * Every POST route of the app, posted with no body at all (the CSRF token in the X-CSRF-Token header, as a script
 * would send it), by every kind of user: a clear 4xx or a redirect, never a 5xx.
 */
let t: TestApp;
let w: AccessWorld;
beforeAll(async () => {
  t = await makeTestApp({ now: new Date() });
  w = await buildAccessWorld(t);
});
afterAll(() => t.close());

it('answers every POST route without a body with a 4xx or a redirect, for every kind of user', async () => {
  // Logging out would end the session the rest of the sweep needs; it has no body to leave out anyway.
  const posts = listRoutes(t.app as never).filter((r) => r.method === 'POST' && r.path !== '/logout');
  expect(posts.length).toBeGreaterThan(40);
  const failures: string[] = [];
  for (const who of ['admin', 'submitterA', 'jurorAssigned'] as WorldUser[]) {
    const browser = w.browsers[who];
    for (const route of posts) {
      const token = await browser.csrf('/account');
      const res = await browser.agent.post(concretePath(route.path, w)).set('X-CSRF-Token', token);
      if (res.status >= 500) failures.push(`${who} POST ${route.path}: ${res.status}`);
    }
  }
  expect(failures).toEqual([]);
}, 120_000);
