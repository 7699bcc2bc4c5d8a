import knexFactory, { type Knex } from 'knex';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser } from '../../helpers/agent';
import { createUser, createOrganisation } from '../../helpers/factories';

/**
 * Sessions and users are kept per process (shared/generation-cache.ts), and forgotten as soon as any process writes a
 * user, a membership or a session. "Another process" here is a second database connection writing the same
 * database, which the app hears through its write signal as it would hear another app process.
 */
let t: TestApp;
let other: Knex;

beforeAll(async () => {
  t = await makeTestApp({ writeSignal: true });
  other =
    t.dialect === 'postgres'
      ? knexFactory({
          client: 'pg',
          connection: t.config.databaseUrl!,
          searchPath: [t.config.databaseSchema!],
        })
      : knexFactory({
          client: 'better-sqlite3',
          connection: { filename: t.config.sqliteFile },
          useNullAsDefault: true,
        });
});
afterAll(async () => {
  await other.destroy();
  await t.close();
});

async function queriesOf(browser: Browser, path: string): Promise<{ status: number; queries: number }> {
  let queries = 0;
  const count = () => queries++;
  t.db.on('query', count);
  try {
    const res = await browser.get(path);
    return { status: res.status, queries };
  } finally {
    t.db.off('query', count);
  }
}

/** SQLite reads the signal on every lookup; PostgreSQL delivers it at commit, a moment later. */
async function eventually<T>(check: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const until = Date.now() + (t.dialect === 'postgres' ? 1000 : 0);
  for (;;) {
    const v = await check();
    if (ok(v) || Date.now() >= until) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function loggedInAs(role: 'juror' | 'submitter' = 'juror') {
  const user = await createUser(t.db, { role });
  const browser = new Browser(t.app);
  await browser.login(user);
  // PostgreSQL tells of the login's own session write a moment after it commits; then the first page reads and
  // keeps the session and the user.
  if (t.dialect === 'postgres') await new Promise((r) => setTimeout(r, 100));
  await browser.get('/account');
  return { user, browser };
}

describe('sessions and users kept per process', () => {
  it('serves a logged-in page without reading the session or the user again', async () => {
    const { browser } = await loggedInAs();
    expect(await queriesOf(browser, '/account')).toEqual({ status: 200, queries: 0 });
  });

  it('ends the session at the next request after another process deactivates the user', async () => {
    const { user, browser } = await loggedInAs();
    await other('users').where({ id: user.id }).update({ active: false });
    const res = await eventually(
      () => browser.get('/account'),
      (r) => r.status === 303,
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
  });

  it('ends other sessions at the next request after another process changes the session version', async () => {
    const { user, browser } = await loggedInAs();
    await other('users').where({ id: user.id }).increment('session_version', 1);
    const res = await eventually(
      () => browser.get('/account'),
      (r) => r.status === 303,
    );
    expect(res.status).toBe(303);
  });

  it('ends the session at the next request after another process deletes it (a logout there)', async () => {
    const { browser } = await loggedInAs();
    await other('sessions').del();
    const res = await eventually(
      () => browser.get('/account'),
      (r) => r.status === 303,
    );
    expect(res.status).toBe(303);
  });

  it('sees a membership ended by another process at the next request', async () => {
    const organisation = await createOrganisation(t.db, { name: 'Gemeente Bewaardorp', type: 'gemeente' });
    const user = await createUser(t.db, { role: 'submitter', organisationId: organisation.id });
    const browser = new Browser(t.app);
    await browser.login(user);
    const before = await browser.get('/account');
    const memberLink = `href="/organisations/${organisation.id}"`;
    expect(before.text).toContain(memberLink);
    await other('memberships').where({ user_id: user.id }).update({ status: 'removed' });
    const after = await eventually(
      () => browser.get('/account'),
      (r) => !r.text.includes(memberLink),
    );
    expect(after.status).toBe(200);
    expect(after.text).not.toContain(memberLink);
  });

  it('keeps them when another process only moves a session’s expiry forward', async () => {
    const { browser } = await loggedInAs();
    await other('sessions').update({
      expired:
        t.dialect === 'postgres'
          ? new Date(Date.now() + 3600_000)
          : new Date(Date.now() + 3600_000).toISOString(),
    });
    await new Promise((r) => setTimeout(r, 100)); // time for a notification that must not forget anything
    expect(await queriesOf(browser, '/account')).toEqual({ status: 200, queries: 0 });
  });

  it('keeps them while others write what is not identity (a score, an audit record)', async () => {
    const { browser } = await loggedInAs();
    await other('audit_events').insert({ at: new Date(), action: 'test.tick', subject_type: 'test' });
    await new Promise((r) => setTimeout(r, 100));
    expect(await queriesOf(browser, '/account')).toEqual({ status: 200, queries: 0 });
  });
});

describe('with IDENTITY_CACHE_SECONDS=0', () => {
  let t0: TestApp;
  beforeAll(async () => {
    t0 = await makeTestApp({ env: { IDENTITY_CACHE_SECONDS: '0' } });
  });
  afterAll(() => t0.close());

  it('reads the session and the user on every request', async () => {
    const user = await createUser(t0.db, { role: 'juror' });
    const browser = new Browser(t0.app);
    await browser.login(user);
    await browser.get('/account');
    let queries = 0;
    const count = () => queries++;
    t0.db.on('query', count);
    await browser.get('/account');
    t0.db.off('query', count);
    expect(queries).toBe(2);
  });
});
