import request from 'supertest';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, loggedIn } from '../../helpers/agent';
import { createOrganisation, createUser, type TestUser } from '../../helpers/factories';

let t: TestApp;
let admin: TestUser;
let sam: TestUser;

beforeAll(async () => {
  t = await makeTestApp();
  admin = await createUser(t.db, { role: 'admin', name: 'Anna Admin' });
  const org = await createOrganisation(t.db, { name: 'Zeist', type: 'gemeente' });
  sam = await createUser(t.db, {
    role: 'submitter',
    name: 'Sam Inzender',
    email: 'sam@zeist.nl',
    organisationId: org.id,
  });
});
afterAll(() => t.close());

describe('privacy and accessibility statements', () => {
  it('are public, in Dutch and English', async () => {
    const nl = await request(t.app).get('/privacy').expect(200);
    expect(nl.text).toContain('Privacyverklaring');
    expect(nl.text).toContain('Autoriteit Persoonsgegevens');
    const en = await request(t.app).get('/toegankelijkheid').set('Accept-Language', 'en').expect(200);
    expect(en.text).toContain('Accessibility statement');
    expect(en.text).toContain('WCAG 2.1');
  });
});

describe('personal data', () => {
  it('downloads everything about the user as JSON, without secrets', async () => {
    const browser = await loggedIn(t.app, sam);
    const res = await browser.get('/account/data').expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="innovatieprijs-mijn-gegevens-/,
    );
    const data = JSON.parse(res.text);
    expect(data.account.email).toBe('sam@zeist.nl');
    expect(data.account.name).toBe('Sam Inzender');
    expect(data.organisation).toEqual({ id: expect.any(Number), name: 'Zeist', type: 'gemeente' });
    expect(res.text).not.toContain('argon2');
    expect(data.account).not.toHaveProperty('password_hash');
    await request(t.app).get('/account/data').expect(303);
  });

  it('records a deletion request, which an organiser carries out by anonymising the account', async () => {
    const browser = await loggedIn(t.app, sam);
    const form = await browser.get('/account/delete').expect(200);
    expect(form.text).toContain('Inzendingen van uw organisatie en jurybeoordelingen blijven bewaard');
    expect(
      (await browser.submit('/account/delete', '/account/delete', { reason: 'Ik ga met pensioen' })).status,
    ).toBe(303);
    expect((await browser.get('/account/delete')).text).toContain('Een organisator handelt dit af');
    // Asking twice keeps one request.
    await browser.agent
      .post('/account/delete')
      .type('form')
      .send({ _csrf: await browser.csrf('/account') });
    const requests = await t.db('deletion_requests').where({ user_id: sam.id });
    expect(requests).toHaveLength(1);

    const organiser = await loggedIn(t.app, admin);
    const list = await organiser.get('/admin/privacy').expect(200);
    expect(list.text).toContain('Sam Inzender');
    const page = await organiser.get(`/admin/privacy/${requests[0].id}`).expect(200);
    expect(page.text).toContain('Ik ga met pensioen');
    const res = await organiser.submit(
      `/admin/privacy/${requests[0].id}`,
      `/admin/privacy/${requests[0].id}`,
      { decision: 'approve' },
    );
    expect(res.status).toBe(303);

    const row = await t.db('users').where({ id: sam.id }).first();
    expect(row.name).toBe(`Verwijderde gebruiker ${sam.id}`);
    expect(row.email).not.toContain('zeist');
    expect(row.password_hash).toBeNull();
    expect(Boolean(row.active)).toBe(false);
    expect(row.organisation_id).not.toBeNull();
    // The open session ended and the old password no longer works.
    expect((await browser.get('/account')).status).toBe(303);
    const again = await new Browser(t.app).submit('/login', '/login', {
      email: sam.email,
      password: sam.password,
    });
    expect(again.status).toBe(401);
    const audit = await t
      .db('audit_events')
      .where({ action: 'account.anonymised', subject_id: sam.id })
      .first();
    expect(JSON.parse(audit.before_json).email).toBe('sam@zeist.nl');
    // Deciding twice is refused.
    const twice = await organiser.submit(
      `/admin/privacy/${requests[0].id}`,
      `/admin/privacy/${requests[0].id}`,
      { decision: 'reject' },
    );
    expect(twice.status).toBe(422);
  });

  it('never anonymises the last active organiser', async () => {
    const browser = await loggedIn(t.app, admin);
    await browser.submit('/account/delete', '/account/delete', { reason: '' });
    const req = await t.db('deletion_requests').where({ user_id: admin.id }).first();
    const res = await browser.submit(`/admin/privacy/${req.id}`, `/admin/privacy/${req.id}`, {
      decision: 'approve',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Dit is de laatste actieve organisator');
    expect((await t.db('users').where({ id: admin.id }).first()).email).toBe(admin.email);
  });

  it('keeps the deletion requests page for organisers', async () => {
    const juror = await loggedIn(t.app, await createUser(t.db, { role: 'juror' }));
    await juror.get('/admin/privacy').expect(403);
  });
});
