import request from 'supertest';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser } from '../../helpers/agent';
import { createOrganisation, createUser, type TestUser } from '../../helpers/factories';
import { createEntry, createOpenEdition } from '../../helpers/entries';
import { announceForTest, consentForTest } from '../../helpers/kennisbank';
import type { Entry } from '../../../src/entries/entry.types';

/** "Neem contact op" on a project page: mails the makers, never shows their address, CSRF, limits, rate limit. */
let t: TestApp;
let project: Entry;
let quiet: Entry;
let maker: TestUser;
let colleague: TestUser;
const responses: string[] = [];

const keep = (res: request.Response) => {
  responses.push(res.text ?? '', JSON.stringify(res.headers));
  return res;
};
const page = () => `/kennisbank/${project.id}`;
const action = () => `/kennisbank/${project.id}/contact`;
const message = {
  name: 'Vera Vrager',
  email: 'vera@vraagstad.nl',
  message: 'Hoe hebben jullie de robot ingekocht?',
};

beforeAll(async () => {
  t = await makeTestApp();
  const { edition } = await createOpenEdition(t, { year: 2026 });
  const organisation = await createOrganisation(t.db, { name: 'Amersfoort', type: 'gemeente' });
  maker = await createUser(t.db, {
    role: 'submitter',
    organisationId: organisation.id,
    email: 'maker.geheim@amersfoort.nl',
  });
  colleague = await createUser(t.db, {
    role: 'submitter',
    organisationId: organisation.id,
    email: 'collega.geheim@amersfoort.nl',
  });
  project = await createEntry(t, {
    edition,
    organisationId: organisation.id,
    userId: maker.id,
    status: 'submitted',
  });
  quiet = await createEntry(t, {
    edition,
    organisationId: organisation.id,
    userId: maker.id,
    status: 'submitted',
  });
  await consentForTest(t, { entry: project, userId: maker.id, showContact: true });
  await consentForTest(t, { entry: quiet, userId: maker.id, showContact: false });
  await announceForTest(t, { edition, winner: project });
});
afterAll(() => t.close());

describe('contact form', () => {
  it('is offered only when the makers agreed to be contacted', async () => {
    const res = keep(await new Browser(t.app).get(page()).expect(200));
    expect(res.text).toContain(`action="${action()}"`);
    const other = keep(await new Browser(t.app).get(`/kennisbank/${quiet.id}`).expect(200));
    expect(other.text).not.toContain('/contact"');
    const visitor = new Browser(t.app);
    const refused = keep(await visitor.submit(page(), `/kennisbank/${quiet.id}/contact`, message));
    expect(refused.status).toBe(404);
  });

  it('refuses a post without the CSRF token', async () => {
    const res = keep(await request(t.app).post(action()).type('form').send(message));
    expect(res.status).toBe(403);
    expect(t.sink.mails).toHaveLength(0);
  });

  it('checks the fields and their lengths (422, the text kept, nothing sent)', async () => {
    const visitor = new Browser(t.app);
    const empty = keep(
      await visitor.submit(page(), action(), { name: '', email: 'geen-adres', message: '' }),
    );
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('href="#name"');
    expect(empty.text).toContain('href="#email"');
    expect(empty.text).toContain('href="#message"');
    const long = keep(await visitor.submit(page(), action(), { ...message, message: 'x'.repeat(2001) }));
    expect(long.status).toBe(422);
    expect(long.text).toContain('Vera Vrager');
    expect(t.sink.mails).toHaveLength(0);
  });

  it('mails every maker with the visitor as reply address, and records it without the message', async () => {
    const visitor = new Browser(t.app);
    const res = keep(await visitor.submit(page(), action(), message));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/kennisbank/${project.id}?verstuurd=1#contact`);
    const after = keep(await visitor.get(res.headers.location as string));
    expect(after.text).toContain('Uw bericht is verstuurd');
    for (const to of [maker.email, colleague.email]) {
      const mail = await t.sink.waitForMail(to);
      expect(mail.text).toContain('Hoe hebben jullie de robot ingekocht?');
      expect(mail.text).toContain('vera@vraagstad.nl');
    }
    const audit = await t
      .db('audit_events')
      .where({ action: 'entry.contact_makers', subject_id: project.id });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain('robot');
    expect(JSON.parse(audit[0].after_json)).toEqual({ messageLength: message.message.length });
  });

  it('limits messages per address (429 after ten an hour)', async () => {
    const visitor = new Browser(t.app);
    let last = 0;
    for (let i = 0; i < 11; i++) last = keep(await visitor.submit(page(), action(), message)).status;
    expect(last).toBe(429);
  });

  it('never shows a maker’s address in any response', () => {
    expect(responses.length).toBeGreaterThan(10);
    for (const text of responses) {
      expect(text).not.toContain('geheim@amersfoort.nl');
    }
  });
});
