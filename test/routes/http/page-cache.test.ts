import { Browser, csrfFrom } from '../../helpers/agent';
import { createOpenEdition } from '../../helpers/entries';
import { createUser } from '../../helpers/factories';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { openDb } from '../../../src/db/db';

/**
 * Public pages for anonymous visitors come from memory (CACHE_SECONDS, off in the other tests). What matters is
 * that nobody ever sees a page they should not: stale after a write, after the deadline, someone else's token,
 * or a logged-out page while logged in.
 */
let t: TestApp;
let editionId: number;

beforeAll(async () => {
  t = await makeTestApp({ env: { CACHE_SECONDS: '60' } });
  ({
    edition: { id: editionId },
  } = await createOpenEdition(t, { name: 'Innovatieprijs Eerste' }));
});
afterAll(() => t?.close());

/** A write the app does not see: another process (a CLI, a second server) on the same database. */
async function renameFromOutside(name: string) {
  const outside = openDb(t.config);
  try {
    await outside('editions').where({ id: editionId }).update({ name });
  } finally {
    await outside.destroy();
  }
}

describe('the public page cache', () => {
  it('answers the second anonymous visit from memory, until something is written through the app', async () => {
    const first = await new Browser(t.app).get('/').expect(200);
    expect(first.headers['x-page-cache']).toBeUndefined();
    expect(first.text).toContain('Innovatieprijs Eerste');
    // Changed behind the app's back: the kept page is still served, which shows it really comes from memory.
    await renameFromOutside('Innovatieprijs Tweede');
    const second = await new Browser(t.app).get('/').expect(200);
    expect(second.headers['x-page-cache']).toBe('hit');
    expect(second.text).toBe(first.text);
    // The same headers as the page was first sent with, helmet's security headers included.
    const lasting = (h: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(h).filter(
          ([k]) =>
            !['date', 'connection', 'x-request-id', 'x-page-cache', 'etag', 'content-length'].includes(k),
        ),
      );
    expect(lasting(second.headers)).toEqual(lasting(first.headers));
    expect(second.headers['content-type']).toMatch(/text\/html/);
    expect(second.headers['content-security-policy']).toContain("default-src 'self'");
    expect(second.headers['x-content-type-options']).toBe('nosniff');
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);

    // Any write through the app (here a refused login) empties the cache.
    const visitor = new Browser(t.app);
    const refused = await visitor.submit('/login', '/login', {
      email: 'niemand@example.nl',
      password: 'fout',
    });
    expect(refused.status).toBe(401);
    const third = await new Browser(t.app).get('/').expect(200);
    expect(third.headers['x-page-cache']).toBeUndefined();
    expect(third.text).toContain('Innovatieprijs Tweede');

    // A write through the app's own database handle, outside any request (as a GET handler or a job might),
    // empties it too.
    expect((await new Browser(t.app).get('/').expect(200)).headers['x-page-cache']).toBe('hit');
    await t.db('editions').where({ id: editionId }).update({ name: 'Innovatieprijs Derde' });
    const fourth = await new Browser(t.app).get('/').expect(200);
    expect(fourth.headers['x-page-cache']).toBeUndefined();
    expect(fourth.text).toContain('Innovatieprijs Derde');
  });

  it('keeps Dutch and English apart, and answers a matching ETag with 304', async () => {
    await new Browser(t.app).get('/privacy').set('Accept-Language', 'en').expect(200);
    await new Browser(t.app).get('/privacy').set('Accept-Language', 'nl').expect(200);
    const en = await new Browser(t.app).get('/privacy').set('Accept-Language', 'en').expect(200);
    const nl = await new Browser(t.app).get('/privacy').set('Accept-Language', 'nl').expect(200);
    expect([en.headers['x-page-cache'], nl.headers['x-page-cache']]).toEqual(['hit', 'hit']);
    expect(en.headers['content-language']).toBe('en');
    expect(nl.headers['content-language']).toBe('nl');
    expect(en.text).not.toBe(nl.text);
    await new Browser(t.app)
      .get('/privacy')
      .set('Accept-Language', 'nl')
      .set('If-None-Match', nl.headers.etag!)
      .expect(304);
  });

  it('gives every visitor of a cached form their own CSRF token, which works', async () => {
    const user = await createUser(t.db, { role: 'submitter' });
    await new Browser(t.app).get('/login').expect(200);
    const a = new Browser(t.app);
    const b = new Browser(t.app);
    const pageA = await a.get('/login').expect(200);
    const pageB = await b.get('/login').expect(200);
    expect([pageA.headers['x-page-cache'], pageB.headers['x-page-cache']]).toEqual(['hit', 'hit']);
    expect(csrfFrom(pageA.text)).not.toBe(csrfFrom(pageB.text));
    expect(String(pageA.headers['set-cookie'])).toContain(csrfFrom(pageA.text));
    // B's token in A's session is refused; A's own works.
    await a.agent
      .post('/login')
      .type('form')
      .send({ email: user.email, password: user.password, _csrf: csrfFrom(pageB.text) })
      .expect(403);
    await a.agent
      .post('/login')
      .type('form')
      .send({ email: user.email, password: user.password, _csrf: csrfFrom(pageA.text) })
      .expect(303);
    // Logged in, the same address is never answered from memory: the home page shows the logged-in menu.
    const home = await a.get('/').expect(200);
    expect(home.headers['x-page-cache']).toBeUndefined();
    expect(home.text).toContain('/logout');
  });

  it('forgets the call page when submissions close, even with nothing written', async () => {
    const before = await new Browser(t.app).get('/').expect(200);
    expect((await new Browser(t.app).get('/').expect(200)).headers['x-page-cache']).toBe('hit');
    const edition = await t.db('editions').where({ id: editionId }).first();
    t.clock.set(new Date(Number(edition.closes_at) + 1000));
    const after = await new Browser(t.app).get('/').expect(200);
    expect(after.headers['x-page-cache']).toBeUndefined();
    expect(after.text).not.toBe(before.text);
  });

  it('keeps no page for an address with a query the pages do not use, so nobody can fill the memory', async () => {
    await new Browser(t.app).get('/privacy?utm=1').expect(200);
    expect(
      (await new Browser(t.app).get('/privacy?utm=1').expect(200)).headers['x-page-cache'],
    ).toBeUndefined();
    await new Browser(t.app).get('/login?next=%2Fjury').expect(200);
    const kept = await new Browser(t.app).get('/login?next=%2Fjury').expect(200);
    expect(kept.headers['x-page-cache']).toBe('hit');
    expect(kept.text).toContain('value="/jury"');
  });

  it('does not keep error pages or pages that set other cookies', async () => {
    await new Browser(t.app).get('/edities/1999').expect(404);
    expect(
      (await new Browser(t.app).get('/edities/1999').expect(404)).headers['x-page-cache'],
    ).toBeUndefined();
    const switched = await new Browser(t.app).get('/lang/en?next=/').expect(303);
    expect(switched.headers['x-page-cache']).toBeUndefined();
  });
});
