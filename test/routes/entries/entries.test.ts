import { createEdition, defaultSettings } from '../../../src/editions/edition.service';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, loggedIn } from '../../helpers/agent';
import { createOrganisation, createUser, type TestUser } from '../../helpers/factories';
import { okValue } from '../../helpers/result';
import { linkIn } from '../../helpers/smtp-sink';

let t: TestApp;
let editionId: number;
let categoryId: number;
let alice: TestUser; // submitter of Zeist
let bob: TestUser; // colleague at Zeist
let carol: TestUser; // submitter of another gemeente
let admin: TestUser;

const NOW = new Date('2027-03-01T10:00:00Z');

beforeAll(async () => {
  t = await makeTestApp({ now: NOW });
  admin = await createUser(t.db, { role: 'admin', name: 'Anna Admin' });
  const settings = {
    ...defaultSettings(2027),
    introNl: 'Intro',
    opensAt: new Date('2027-02-01T08:00:00Z'),
    closesAt: new Date('2027-10-31T22:59:00Z'),
    scoringDeadline: new Date('2027-11-15T16:00:00Z'),
  };
  const adminUser = { id: admin.id, role: 'admin' } as never;
  editionId = okValue(await createEdition(t, { actor: adminUser, settings }));
  await t.db('editions').where({ id: editionId }).update({ phase: 'open' });
  categoryId = (await t.db('categories').where({ edition_id: editionId }).orderBy('position').first()).id;
  const zeist = await createOrganisation(t.db, { name: 'Zeist', type: 'gemeente' });
  const utrecht = await createOrganisation(t.db, { name: 'Utrecht', type: 'gemeente' });
  alice = await createUser(t.db, {
    role: 'submitter',
    name: 'Alice',
    email: 'alice@zeist.nl',
    organisationId: zeist.id,
    emailVerifiedAt: NOW,
  });
  bob = await createUser(t.db, {
    role: 'submitter',
    name: 'Bob',
    email: 'bob@zeist.nl',
    organisationId: zeist.id,
    emailVerifiedAt: NOW,
  });
  carol = await createUser(t.db, {
    role: 'submitter',
    name: 'Carol',
    email: 'carol@utrecht.nl',
    organisationId: utrecht.id,
    emailVerifiedAt: NOW,
  });
});
afterAll(() => t.close());

function fullForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Samen slimmer inkopen',
    categoryId: String(categoryId),
    summary: 'Drie gemeenten kopen samen in en besparen tijd en geld.',
    problem: 'Elke gemeente deed alles zelf.',
    innovation: 'Een gedeeld inkoopteam met één werkwijze.',
    resultsEfficiency: '30% minder doorlooptijd, € 200.000 per jaar bespaard.',
    resultsEffectiveness: 'Betere contracten, tevreden ondernemers.',
    transferability: 'Elke regio kan dit overnemen met ons draaiboek.',
    contactName: 'Alice',
    contactPhone: '030 123 4567',
    consentPublish: '1',
    ...overrides,
  };
}

async function newEntry(browser: Browser): Promise<number> {
  const res = await browser.submit('/entries', '/entries', {});
  expect(res.status).toBe(303);
  return Number(/\/entries\/(\d+)\/edit/.exec(res.headers.location!)![1]!);
}

async function save(browser: Browser, id: number, fields: Record<string, string>) {
  const form = await browser.get(`/entries/${id}/edit`);
  const version = /name="version" value="(\d+)"/.exec(form.text)![1]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
  return browser.agent
    .post(`/entries/${id}/edit`)
    .type('form')
    .send({ ...fields, version, _csrf: token });
}

describe('writing and submitting an entry', () => {
  it('saves an incomplete draft, refuses to submit it with 422 listing what is missing', async () => {
    const browser = await loggedIn(t.app, alice);
    const id = await newEntry(browser);
    const row = await t.db('entries').where({ id }).first();
    expect(row.status).toBe('draft');
    expect(row.number).toBeGreaterThan(0);
    const saved = await save(browser, id, { title: 'Half af', contactName: 'Alice' });
    expect(saved.status).toBe(303);
    expect((await t.db('entries').where({ id }).first()).title).toBe('Half af');

    const check = await browser.get(`/entries/${id}/submit`).expect(200);
    expect(check.text).toContain('Kies een categorie');
    expect(check.text).toContain('Beschrijf het probleem');
    const res = await browser.submit(`/entries/${id}/submit`, `/entries/${id}/submit`, {});
    expect(res.status).toBe(422);
    expect((await t.db('entries').where({ id }).first()).status).toBe('draft');
  });

  it('submits a complete entry, records partners, and mails a receipt with the number', async () => {
    const browser = await loggedIn(t.app, alice);
    const id = await newEntry(browser);
    expect((await save(browser, id, fullForm())).status).toBe(303);
    // Partners come from the register (a search), or are proposed to the organisers.
    const search = await browser.get(`/entries/${id}/partners?q=bunnik`).expect(200);
    const bunnik = Number(/name="organisationId" value="(\d+)"/.exec(search.text)![1]);
    const added = await browser.submit(`/entries/${id}/partners`, `/entries/${id}/partners`, {
      organisationId: String(bunnik),
    });
    expect(added.headers.location).toBe(`/entries/${id}/partners?notice=partnerAdded`);
    const proposed = await browser.submit(`/entries/${id}/partners`, `/entries/${id}/partners/propose`, {
      proposedType: 'ssc',
      proposedName: 'SSC Kromme Rijn',
      ownerIds: String(bunnik),
    });
    expect(proposed.status).toBe(303);
    const res = await browser.submit(`/entries/${id}/submit`, `/entries/${id}/submit`, {});
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/entries/${id}/submitted`);
    const row = await t.db('entries').where({ id }).first();
    expect(row.status).toBe('submitted');
    const number = `2027-${String(row.number).padStart(3, '0')}`;
    const confirmation = await browser.get(`/entries/${id}/submitted`).expect(200);
    expect(confirmation.text).toContain(number);

    const mail = await t.sink.waitForMail(alice.email);
    expect(mail.subject).toBe(`Ontvangstbevestiging inzending ${number} – Innovatieprijs`);
    expect(mail.text).toContain('Samen slimmer inkopen');
    expect(mail.text).toContain('maandag 1 maart 2027 om 11:00');
    expect(linkIn(mail, `/entries/${id}`)).toContain(`/entries/${id}`);

    const partners = await t
      .db('entry_partners as p')
      .join('organisations as o', 'o.id', 'p.organisation_id')
      .where({ entry_id: id })
      .orderBy('o.name');
    expect(partners.map((p) => [p.name, p.type, p.status])).toEqual([
      ['Bunnik', 'gemeente', 'active'],
      ['SSC Kromme Rijn', 'ssc', 'proposed'],
    ]);
    expect(await t.db('audit_events').where({ action: 'entry.submit', subject_id: id })).toHaveLength(1);
  });

  it('lets a colleague of the same organisation edit after submitting, recording when', async () => {
    const aliceBrowser = await loggedIn(t.app, alice);
    const id = await newEntry(aliceBrowser);
    await save(aliceBrowser, id, fullForm({ title: 'Voor Bob' }));
    await aliceBrowser.submit(`/entries/${id}/submit`, `/entries/${id}/submit`, {});
    t.clock.advance(60_000);
    const bobBrowser = await loggedIn(t.app, bob);
    const res = await save(bobBrowser, id, fullForm({ title: 'Voor Bob, verbeterd' }));
    expect(res.status).toBe(303);
    const row = await t.db('entries').where({ id }).first();
    expect(row.title).toBe('Voor Bob, verbeterd');
    expect(row.status).toBe('submitted');
    expect(row.last_edited_after_submit_at).not.toBeNull();
    // A submitted entry may not be emptied.
    const emptied = await save(bobBrowser, id, fullForm({ problem: '' }));
    expect(emptied.status).toBe(422);
    expect(emptied.text).toContain('Beschrijf het probleem');
    // Audited once: Bob's edit, not Alice's draft save before submitting nor the refused save.
    const audit = await t
      .db('audit_events')
      .where({ action: 'entry.edit_after_submit', subject_type: 'entry', subject_id: id });
    expect(audit.map((a) => [Number(a.actor_user_id), JSON.parse(a.after_json)])).toEqual([
      [bob.id, { change: 'text' }],
    ]);
  });

  it('tells the second of two colleagues saving at once, keeping their text', async () => {
    const a = await loggedIn(t.app, alice);
    const b = await loggedIn(t.app, bob);
    const id = await newEntry(a);
    const formA = await a.get(`/entries/${id}/edit`);
    const formB = await b.get(`/entries/${id}/edit`);
    const version = /name="version" value="(\d+)"/.exec(formA.text)![1]!;
    const tok = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const first = await a.agent
      .post(`/entries/${id}/edit`)
      .type('form')
      .send({ ...fullForm({ title: 'Van Alice' }), version, _csrf: tok(formA.text) });
    expect(first.status).toBe(303);
    const second = await b.agent
      .post(`/entries/${id}/edit`)
      .type('form')
      .send({ ...fullForm({ title: 'Van Bob' }), version, _csrf: tok(formB.text) });
    expect(second.status).toBe(409);
    expect(second.text).toContain('Een collega heeft deze inzending intussen opgeslagen');
    expect(second.text).toContain('value="Van Bob"');
    expect((await t.db('entries').where({ id }).first()).title).toBe('Van Alice');
  });

  it('withdraws after confirmation and can take the entry back into draft', async () => {
    const browser = await loggedIn(t.app, alice);
    const id = await newEntry(browser);
    const confirm = await browser.get(`/entries/${id}/withdraw`).expect(200);
    expect(confirm.text).toContain('Weet u zeker');
    expect((await browser.submit(`/entries/${id}/withdraw`, `/entries/${id}/withdraw`, {})).status).toBe(303);
    expect((await t.db('entries').where({ id }).first()).status).toBe('withdrawn');
    // The edit page sends a withdrawn entry to its read-only view, and a posted form is refused.
    expect((await browser.get(`/entries/${id}/edit`)).headers.location).toBe(`/entries/${id}`);
    const { version } = await t.db('entries').where({ id }).first();
    const token = await browser.csrf(`/entries/${id}`);
    const edit = await browser.agent
      .post(`/entries/${id}/edit`)
      .type('form')
      .send({ ...fullForm(), version: String(version), _csrf: token });
    expect(edit.status).toBe(422);
    expect(edit.text).toContain('Deze inzending is ingetrokken');
    expect((await browser.submit(`/entries/${id}`, `/entries/${id}/reopen`, {})).status).toBe(303);
    expect((await t.db('entries').where({ id }).first()).status).toBe('draft');
  });
});

describe('rules enforced on the server', () => {
  it('lets an unverified address neither start nor see an entry of its organisation', async () => {
    const org = await createOrganisation(t.db, { name: 'Bunschoten', type: 'gemeente' });
    const colleague = await createUser(t.db, { role: 'submitter', organisationId: org.id });
    const existing = await loggedIn(t.app, colleague).then(newEntry);
    const unverified = await createUser(t.db, {
      role: 'submitter',
      organisationId: org.id,
      emailVerifiedAt: null,
    });
    const browser = await loggedIn(t.app, unverified);
    const start = await browser.submit('/entries', '/entries', {});
    expect(start.status).toBe(422);
    await browser.get(`/entries/${existing}`).expect(404);
    await browser.get(`/entries/${existing}/edit`).expect(404);
    expect((await browser.get('/entries').expect(200)).text).toContain('Bevestig');
  });

  it('makes everything read-only after the deadline (clock injected)', async () => {
    const browser = await loggedIn(t.app, alice);
    const id = await newEntry(browser);
    await save(browser, id, fullForm());
    const form = await browser.get(`/entries/${id}/edit`);
    const version = /name="version" value="(\d+)"/.exec(form.text)![1]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    t.clock.set(new Date('2027-10-31T22:59:00Z')); // 23:59 Amsterdam, the deadline itself
    try {
      const submit = await browser.agent.post(`/entries/${id}/submit`).type('form').send({ _csrf: token });
      expect(submit.status).toBe(422);
      expect(submit.text).toContain('De deadline is verstreken');
      const edit = await browser.agent
        .post(`/entries/${id}/edit`)
        .type('form')
        .send({ ...fullForm({ title: 'Te laat' }), version, _csrf: token });
      expect(edit.status).toBe(422);
      const withdraw = await browser.agent
        .post(`/entries/${id}/withdraw`)
        .type('form')
        .send({ _csrf: token });
      expect(withdraw.status).toBe(422);
      expect((await t.db('entries').where({ id }).first()).title).toBe('Samen slimmer inkopen');
      expect((await t.db('entries').where({ id }).first()).status).toBe('draft');
      const newOne = await browser.agent.post('/entries').type('form').send({ _csrf: token });
      expect(newOne.status).toBe(422);
      // The edit page sends the user to the read-only view.
      expect((await browser.get(`/entries/${id}/edit`)).headers.location).toBe(`/entries/${id}`);
    } finally {
      t.clock.set(NOW);
    }
  });

  it("hides another organisation's entry (404) from its pages and actions", async () => {
    const browser = await loggedIn(t.app, alice);
    const id = await newEntry(browser);
    const other = await loggedIn(t.app, carol);
    for (const path of [
      `/entries/${id}`,
      `/entries/${id}/edit`,
      `/entries/${id}/submit`,
      `/entries/${id}/withdraw`,
    ]) {
      await other.get(path).expect(404);
    }
    const token = await other.csrf('/entries');
    await other.agent
      .post(`/entries/${id}/edit`)
      .type('form')
      .send({ ...fullForm({ title: 'Gekaapt' }), version: '0', _csrf: token })
      .expect(404);
    await other.agent.post(`/entries/${id}/withdraw`).type('form').send({ _csrf: token }).expect(404);
    expect((await t.db('entries').where({ id }).first()).title).toBe('');
  });

  it('refuses text over the limits and a summary over 100 words with 422, keeping everything typed, escaped', async () => {
    const browser = await loggedIn(t.app, alice);
    const id = await newEntry(browser);
    const longSummary = Array.from({ length: 101 }, (_, i) => `woord${i}`).join(' ');
    const res = await save(
      browser,
      id,
      fullForm({ title: '<script>alert("x")</script>', summary: longSummary, problem: 'x'.repeat(5001) }),
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('Gebruik maximaal 100 woorden (nu 101)');
    expect(res.text).toContain('Gebruik maximaal 5000 tekens');
    expect(res.text).toContain('value="&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"');
    expect(res.text).toContain('woord100</textarea>');
    expect((await t.db('entries').where({ id }).first()).title).toBe('');
    const okRes = await save(browser, id, fullForm({ title: '<b>Vet</b>\u0007 project' }));
    expect(okRes.status).toBe(303);
    expect((await t.db('entries').where({ id }).first()).title).toBe('<b>Vet</b> project');
    const page = await browser.get(`/entries/${id}`);
    expect(page.text).toContain('&lt;b&gt;Vet&lt;/b&gt; project');
  });

  it('keeps the version on a form refused for its text, so the corrected form saves', async () => {
    const browser = await loggedIn(t.app, alice);
    const id = await newEntry(browser);
    expect((await save(browser, id, fullForm({ title: 'Eerste versie' }))).status).toBe(303);
    const refused = await save(browser, id, fullForm({ problem: 'x'.repeat(5001) }));
    expect(refused.status).toBe(422);
    const { version } = await t.db('entries').where({ id }).first();
    expect(refused.text).toContain(`name="version" value="${version}"`);
    const token = /name="_csrf" value="([^"]+)"/.exec(refused.text)![1]!;
    const corrected = await browser.agent
      .post(`/entries/${id}/edit`)
      .type('form')
      .send({ ...fullForm({ title: 'Verbeterd' }), version: String(version), _csrf: token });
    expect(corrected.status).toBe(303);
    expect((await t.db('entries').where({ id }).first()).title).toBe('Verbeterd');
  });

  it('allows one entry per organisation when the edition says so, and only eligible kinds of organisation', async () => {
    await t.db('editions').where({ id: editionId }).update({ multiple_entries_per_org: false });
    try {
      const org = await createOrganisation(t.db, { name: 'Houten', type: 'gemeente' });
      const user = await createUser(t.db, {
        role: 'submitter',
        organisationId: org.id,
        emailVerifiedAt: NOW,
      });
      const browser = await loggedIn(t.app, user);
      await newEntry(browser);
      const second = await browser.submit('/entries', '/entries', {});
      expect(second.status).toBe(422);
      expect(second.text).toContain('Per organisatie is één inzending toegestaan');
      expect(await t.db('entries').where({ organisation_id: org.id })).toHaveLength(1);
    } finally {
      await t.db('editions').where({ id: editionId }).update({ multiple_entries_per_org: true });
    }
    const board = await createOrganisation(t.db, { name: 'Stichting X', type: 'overig' });
    const outsider = await loggedIn(
      t.app,
      await createUser(t.db, { role: 'submitter', organisationId: board.id }),
    );
    const refused = await outsider.submit('/entries', '/entries', {});
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Uw soort organisatie kan aan deze editie niet meedoen');
  });

  it('refuses a category of another edition', async () => {
    const browser = await loggedIn(t.app, alice);
    const id = await newEntry(browser);
    const res = await save(browser, id, fullForm({ categoryId: '999999' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Kies een categorie uit de lijst');
  });
});

describe('organisers', () => {
  it('list entries with counts and filters, and mark eligibility with a reason (audited)', async () => {
    const browser = await loggedIn(t.app, admin);
    const list = await browser.get(`/admin/entries?edition=${editionId}&status=submitted`).expect(200);
    expect(list.text).toContain('Samen slimmer inkopen');
    expect(list.text).not.toContain('Half af');
    const submitted = await t.db('entries').where({ edition_id: editionId, status: 'submitted' }).first();
    const page = await browser.get(`/admin/entries/${submitted.id}`).expect(200);
    expect(page.text).toContain('Toelating');
    const noReason = await browser.submit(
      `/admin/entries/${submitted.id}`,
      `/admin/entries/${submitted.id}/eligibility`,
      { eligibility: 'ineligible', reason: '' },
    );
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Geef een reden waarom de inzending niet wordt toegelaten');
    const res = await browser.submit(
      `/admin/entries/${submitted.id}`,
      `/admin/entries/${submitted.id}/eligibility`,
      { eligibility: 'ineligible', reason: 'Geen overheidsorganisatie' },
    );
    expect(res.status).toBe(303);
    const row = await t.db('entries').where({ id: submitted.id }).first();
    expect(row.eligibility).toBe('ineligible');
    const audit = await t
      .db('audit_events')
      .where({ action: 'entry.eligibility', subject_id: submitted.id })
      .first();
    expect(audit.reason).toBe('Geen overheidsorganisatie');
    expect(audit.actor_user_id).toBe(admin.id);
  });

  it('are the only ones who see the admin entry pages', async () => {
    const submitted = await t.db('entries').where({ edition_id: editionId, status: 'submitted' }).first();
    const browser = await loggedIn(t.app, alice);
    await browser.get(`/admin/entries/${submitted.id}`).expect(403);
    await browser.get('/admin/entries').expect(403);
  });
});
