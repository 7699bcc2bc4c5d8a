import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, loggedIn } from '../../helpers/agent';
import {
  createOrganisation,
  createUser,
  type TestOrganisation,
  type TestUser,
} from '../../helpers/factories';

let t: TestApp;
let admin: TestUser;
let zeist: TestOrganisation;
let utrecht: TestOrganisation;
let provincie: TestOrganisation;
let ssc: TestOrganisation;

beforeAll(async () => {
  t = await makeTestApp();
  admin = await createUser(t.db, { role: 'admin', name: 'Anna Admin' });
  zeist = await createOrganisation(t.db, { name: 'Zeist', type: 'gemeente' });
  utrecht = await createOrganisation(t.db, { name: 'Utrecht', type: 'gemeente' });
  provincie = await createOrganisation(t.db, { name: 'Utrecht', type: 'provincie' });
  ssc = await createOrganisation(t.db, {
    name: 'SSC Stichtse Vecht',
    type: 'ssc',
    ownerIds: [utrecht.id, provincie.id],
  });
  await createUser(t.db, { role: 'submitter', organisationId: ssc.id });
  await createUser(t.db, { role: 'submitter', organisationId: ssc.id });
  await createUser(t.db, { role: 'submitter', organisationId: zeist.id });
});
afterAll(() => t.close());

/** Names of the organisations listed, in order. */
const listedNames = (html: string) =>
  [
    ...html.matchAll(/<a class="utrecht-link" href="\/organisations\/\d+"><strong>([^<]*)<\/strong><\/a>/g),
  ].map((m) => m[1]);
const row = (html: string, name: string) =>
  html.slice(html.indexOf(`<strong>${name}</strong>`)).split('</li>')[0]!;
const editPath = (id: number) => `/admin/organisations/${id}/edit`;
const resolvePath = (id: number) => `/admin/organisations/${id}/resolve`;

describe('the register for organisers', () => {
  it('is for admins only: anonymous users go to the login page, jurors and submitters get 403', async () => {
    const paths = [
      '/admin/organisations',
      editPath(zeist.id),
      '/admin/organisations/new',
      resolvePath(zeist.id),
      '/admin/organisations/requests',
    ];
    for (const path of paths) {
      const anonymous = await new Browser(t.app).get(path);
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    for (const role of ['juror', 'submitter'] as const) {
      const browser = await loggedIn(t.app, await createUser(t.db, { role }));
      for (const path of paths) await browser.get(path).expect(403);
      const post = await browser.submit('/account', editPath(ssc.id), { name: 'Gekaapt', type: 'ssc' });
      expect(post.status).toBe(403);
      const created = await browser.submit('/account', '/admin/organisations/new', {
        name: 'Nep',
        type: 'overig',
      });
      expect(created.status).toBe(403);
    }
    expect((await t.db('organisations').where({ id: ssc.id }).first()).name).toBe('SSC Stichtse Vecht');
    expect(await t.db('organisations').where({ name: 'Nep' }).first()).toBeUndefined();
  });

  it('lists the whole register by name (Dutch order) with code, owners and members, and filters it', async () => {
    const browser = await loggedIn(t.app, admin);
    const all = await browser.get('/admin/organisations').expect(200);
    const names = listedNames(all.text);
    expect(names.length).toBeGreaterThanOrEqual(342 + 12 + 21);
    expect(names.indexOf('&#39;s-Gravenhage')).toBeGreaterThan(-1);
    expect(names.indexOf('Aa en Hunze')).toBeLessThan(names.indexOf('Zeist'));
    const sscRow = row(all.text, 'SSC Stichtse Vecht');
    expect(sscRow).toContain('Samenwerkingsverband');
    expect(sscRow).toContain('Gemeente Utrecht, Provincie Utrecht');
    expect(sscRow).toContain('2 leden');
    expect(row(all.text, 'Zeist')).toContain('GM0355');

    const provinces = await browser.get('/admin/organisations?type=provincie').expect(200);
    expect(listedNames(provinces.text)).toHaveLength(12);
    expect(provinces.text).toContain('<option value="provincie" selected>');
    const utr = await browser.get('/admin/organisations?q=UTR&type=gemeente').expect(200);
    expect(listedNames(utr.text)).toEqual(['Utrecht', 'Utrechtse Heuvelrug']);
    const accents = await browser.get('/admin/organisations?q=fryslan&type=gemeente').expect(200);
    expect(listedNames(accents.text)).toEqual(['Noardeast-Fryslân', 'Súdwest-Fryslân']);
    const byCode = await browser.get('/admin/organisations?q=gm0355').expect(200);
    expect(listedNames(byCode.text)).toEqual(['Zeist']);
    const none = await browser.get('/admin/organisations?q=bestaatniet').expect(200);
    expect(none.text).toContain('Geen organisaties gevonden');
    // An unknown type or status is ignored rather than an error.
    expect(
      listedNames((await browser.get('/admin/organisations?type=planeet&status=x').expect(200)).text),
    ).toHaveLength(names.length);
  });

  it('keeps the official name and type of a register body; only its e-mail domains are set', async () => {
    const browser = await loggedIn(t.app, admin);
    const form = await browser.get(editPath(zeist.id)).expect(200);
    expect(form.text).toContain('GM0355');
    expect(form.text).not.toContain('id="name"');
    const res = await browser.submit(editPath(zeist.id), editPath(zeist.id), {
      name: 'Gekaapt',
      type: 'ssc',
      domains: 'Zeist.nl\n@zeist.example\n',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/organisations?notice=updated');
    expect(await t.db('organisations').where({ id: zeist.id }).first()).toMatchObject({
      name: 'Zeist',
      type: 'gemeente',
    });
    expect(
      (await t.db('organisation_domains').where({ organisation_id: zeist.id }).orderBy('domain')).map(
        (d) => d.domain,
      ),
    ).toEqual(['zeist.example', 'zeist.nl']);
    const audit = await t
      .db('audit_events')
      .where({ action: 'organisation.update', subject_id: zeist.id })
      .first();
    expect(JSON.parse(audit.after_json).domains).toEqual(['zeist.example', 'zeist.nl']);
  });

  it('refuses a public mail domain, a malformed one and one that belongs to another organisation', async () => {
    const browser = await loggedIn(t.app, admin);
    for (const [domains, message] of [
      ['gmail.com', 'gmail.com is een domein waar iedereen een adres kan krijgen'],
      ['http://utrecht.nl/', 'is geen e-maildomein'],
      ['zeist.nl', 'zeist.nl hoort al bij Zeist'],
    ] as const) {
      const res = await browser.submit(editPath(utrecht.id), editPath(utrecht.id), {
        name: 'Utrecht',
        type: 'gemeente',
        domains,
      });
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
    }
    expect(await t.db('organisation_domains').where({ organisation_id: utrecht.id })).toHaveLength(0);
  });

  it('adds a joint body with owners from the register, audited', async () => {
    const browser = await loggedIn(t.app, admin);
    const none = await browser.submit('/admin/organisations/new', '/admin/organisations/new', {
      type: 'ssc',
      name: 'SSC Rijnstreek',
    });
    expect(none.status).toBe(422);
    expect(none.text).toContain('Kies minstens één eigenaar uit het register');
    const notRegister = await browser.submit('/admin/organisations/new', '/admin/organisations/new', {
      type: 'ssc',
      name: 'SSC Rijnstreek',
      ownerIds: [String(ssc.id)],
    });
    expect(notRegister.status).toBe(422);
    expect(notRegister.text).toContain('Kies de eigenaren uit het register');
    const res = await browser.submit('/admin/organisations/new', '/admin/organisations/new', {
      type: 'ssc',
      name: '  SSC   Rijnstreek ',
      ownerIds: [String(zeist.id), String(provincie.id)],
    });
    expect(res.status).toBe(303);
    const created = await t.db('organisations').where({ name: 'SSC Rijnstreek', type: 'ssc' }).first();
    expect(created).toMatchObject({ status: 'active', source: 'organiser', code: null });
    const audit = await t
      .db('audit_events')
      .where({ action: 'organisation.create', subject_id: created.id })
      .first();
    expect(audit.actor_user_id).toBe(admin.id);
    const duplicate = await browser.submit('/admin/organisations/new', '/admin/organisations/new', {
      type: 'ssc',
      name: 'ssc rijnstreek',
      ownerIds: [String(zeist.id)],
    });
    expect(duplicate.status).toBe(422);
    expect(duplicate.text).toContain('SSC Rijnstreek staat al in het register');
  });

  it('corrects a joint body: name (normalised), owners (never itself), type; audited with before and after', async () => {
    const browser = await loggedIn(t.app, admin);
    const form = await browser.get(editPath(ssc.id)).expect(200);
    expect(form.text).toMatch(
      new RegExp(`id="ownerIds-${utrecht.id}" name="ownerIds" value="${utrecht.id}" checked`),
    );
    expect(form.text).not.toContain(`id="ownerIds-${ssc.id}"`);
    const none = await browser.submit(editPath(ssc.id), editPath(ssc.id), { name: ssc.name, type: 'ssc' });
    expect(none.status).toBe(422);
    expect(none.text).toContain('Kies minstens één eigenaar uit het register');
    const self = await browser.submit(editPath(ssc.id), editPath(ssc.id), {
      name: ssc.name,
      type: 'ssc',
      ownerIds: [String(ssc.id)],
    });
    expect(self.status).toBe(422);
    const ok = await browser.submit(editPath(ssc.id), editPath(ssc.id), {
      name: '  SSC  Stichtse   Vecht en Eem ',
      type: 'ssc',
      ownerIds: [String(zeist.id), String(utrecht.id)],
    });
    expect(ok.status).toBe(303);
    const owners = async () =>
      (await t.db('organisation_owners').where({ ssc_id: ssc.id }).orderBy('owner_id')).map((r) =>
        Number(r.owner_id),
      );
    expect(await owners()).toEqual([utrecht.id, zeist.id].sort((a, b) => a - b));
    expect((await t.db('organisations').where({ id: ssc.id }).first()).name).toBe(
      'SSC Stichtse Vecht en Eem',
    );
    const audit = await t
      .db('audit_events')
      .where({ action: 'organisation.update', subject_id: ssc.id })
      .first();
    expect(JSON.parse(audit.before_json)).toMatchObject({
      name: 'SSC Stichtse Vecht',
      ownerIds: [utrecht.id, provincie.id].sort((a, b) => a - b),
    });
    // Saving without a change writes no audit record.
    const same = await browser.submit(editPath(ssc.id), editPath(ssc.id), {
      name: 'SSC Stichtse Vecht en Eem',
      type: 'ssc',
      ownerIds: [String(zeist.id), String(utrecht.id)],
    });
    expect(same.headers.location).toBe('/admin/organisations?notice=unchanged');
    // No longer a joint body with owners: the owners go, even when boxes are still ticked.
    const retyped = await browser.submit(editPath(ssc.id), editPath(ssc.id), {
      name: 'SSC Stichtse Vecht en Eem',
      type: 'overig',
      ownerIds: [String(zeist.id)],
    });
    expect(retyped.status).toBe(303);
    expect(await owners()).toEqual([]);
  });

  it('validates name and type, and gives 404 for unknown ids', async () => {
    const browser = await loggedIn(t.app, admin);
    const res = await browser.submit(editPath(ssc.id), editPath(ssc.id), { name: ' ', type: 'stad' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Vul de naam van de organisatie in');
    expect(res.text).toContain('Kies de soort organisatie');
    await browser.get(editPath(999999)).expect(404);
    await browser.get('/admin/organisations/abc/edit').expect(404);
    const post = await browser.submit('/admin/organisations', editPath(999999), {
      name: 'X',
      type: 'overig',
    });
    expect(post.status).toBe(404);
  });

  it('shows organisation names with markup as text', async () => {
    const evil = await createOrganisation(t.db, { name: '<script>alert(1)</script>', type: 'overig' });
    const browser = await loggedIn(t.app, admin);
    for (const path of ['/admin/organisations?type=overig', editPath(evil.id), `/organisations/${evil.id}`]) {
      const html = (await browser.get(path).expect(200)).text;
      expect(html).not.toContain('<script>alert(1)</script>');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });
});

describe('deciding on proposed and unverified organisations', () => {
  async function propose(name: string, by: TestUser, ownerIds: number[] = [zeist.id]) {
    const now = new Date();
    const [row] = await t
      .db('organisations')
      .insert({
        name,
        type: 'ssc',
        status: 'proposed',
        source: 'entrant',
        proposed_by_user_id: by.id,
        created_at: now,
        updated_at: now,
      })
      .returning('id');
    const id = Number(typeof row === 'object' ? row.id : row);
    for (const ownerId of ownerIds)
      await t.db('organisation_owners').insert({ ssc_id: id, owner_id: ownerId });
    await t
      .db('memberships')
      .insert({ organisation_id: id, user_id: by.id, status: 'requested', requested_at: now });
    return id;
  }

  it('approves a proposal into the register with its proposer as first member, audited', async () => {
    const proposer = await createUser(t.db, { role: 'submitter', emailVerifiedAt: new Date() });
    const id = await propose('SSC Lopikerwaard', proposer);
    const browser = await loggedIn(t.app, admin);
    const list = await browser.get('/admin/organisations?status=proposed').expect(200);
    expect(listedNames(list.text)).toEqual(['SSC Lopikerwaard']);
    const page = await browser.get(resolvePath(id)).expect(200);
    expect(page.text).toContain(`met ${proposer.name} als eerste lid`);
    const missing = await browser.submit(resolvePath(id), resolvePath(id), {});
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('Kies wat er met de organisatie gebeurt');
    const res = await browser.submit(resolvePath(id), resolvePath(id), {
      decision: 'approve',
      reason: 'Bekend SSC',
    });
    expect(res.status).toBe(303);
    expect((await t.db('organisations').where({ id }).first()).status).toBe('active');
    expect(await t.db('memberships').where({ user_id: proposer.id }).first()).toMatchObject({
      status: 'active',
      via: 'organiser',
    });
    const actions = (
      await t.db('audit_events').where({ subject_type: 'organisation', subject_id: id }).orderBy('id')
    ).map((a) => a.action);
    expect(actions).toEqual(['organisation.approve', 'membership.approve']);
    // Decided once: a second decision is a conflict, not a second change.
    await browser
      .submit(resolvePath(id), resolvePath(id), { decision: 'refuse' })
      .then((r) => expect(r.status).toBe(409));
  });

  it('merges a misspelt proposal into the register body it meant: partners, members and ties move', async () => {
    const proposer = await createUser(t.db, { role: 'submitter', emailVerifiedAt: new Date() });
    const id = await propose('SSC Stichtse Vecht en Eem (typfout)', proposer);
    const browser = await loggedIn(t.app, admin);
    const res = await browser.submit(resolvePath(id), resolvePath(id), {
      decision: 'merge',
      mergeIntoId: String(ssc.id),
    });
    expect(res.status).toBe(303);
    expect(await t.db('organisations').where({ id }).first()).toMatchObject({
      status: 'merged',
      merged_into_id: ssc.id,
    });
    expect(await t.db('memberships').where({ user_id: proposer.id }).first()).toMatchObject({
      organisation_id: ssc.id,
      status: 'requested',
    });
    const bad = await browser.submit(resolvePath(zeist.id), resolvePath(zeist.id), {
      decision: 'merge',
      mergeIntoId: String(utrecht.id),
    });
    expect(bad.status).toBe(409);
  });

  it('refuses a proposal: nobody can choose it and waiting requests are refused', async () => {
    const proposer = await createUser(t.db, { role: 'submitter', emailVerifiedAt: new Date() });
    const id = await propose('SSC Nergens', proposer);
    const browser = await loggedIn(t.app, admin);
    const res = await browser.submit(resolvePath(id), resolvePath(id), {
      decision: 'refuse',
      reason: 'Bestaat niet',
    });
    expect(res.status).toBe(303);
    expect((await t.db('organisations').where({ id }).first()).status).toBe('refused');
    expect(await t.db('memberships').where({ user_id: proposer.id }).first()).toMatchObject({
      status: 'refused',
    });
    const audit = await t.db('audit_events').where({ action: 'organisation.refuse', subject_id: id }).first();
    expect(audit.reason).toBe('Bestaat niet');
  });
});
