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
let fryslan: TestOrganisation;
let ssc: TestOrganisation;

beforeAll(async () => {
  t = await makeTestApp();
  admin = await createUser(t.db, { role: 'admin', name: 'Anna Admin' });
  zeist = await createOrganisation(t.db, { name: 'Zeist', type: 'gemeente' });
  await createOrganisation(t.db, { name: 'aa en hunze', type: 'gemeente' });
  utrecht = await createOrganisation(t.db, { name: 'Utrecht', type: 'gemeente' });
  provincie = await createOrganisation(t.db, { name: 'Utrecht', type: 'provincie' });
  fryslan = await createOrganisation(t.db, { name: 'Súdwest-Fryslân', type: 'gemeente' });
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

/** Names in the first column of the table, in order. */
const listedNames = (html: string) =>
  [...html.matchAll(/<th scope="row" class="utrecht-table__cell">([^<]*)<\/th>/g)].map((m) => m[1]);

const editPath = (id: number) => `/admin/organisations/${id}/edit`;

describe('organisations for organisers', () => {
  it('is for admins only: anonymous users go to the login page, jurors and submitters get 403', async () => {
    for (const path of ['/admin/organisations', editPath(zeist.id)]) {
      const anonymous = await new Browser(t.app).get(path);
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    for (const role of ['juror', 'submitter'] as const) {
      const browser = await loggedIn(t.app, await createUser(t.db, { role }));
      await browser.get('/admin/organisations').expect(403);
      await browser.get(editPath(zeist.id)).expect(403);
      const post = await browser.submit('/account', editPath(zeist.id), {
        name: 'Gekaapt',
        type: 'gemeente',
      });
      expect(post.status).toBe(403);
    }
    expect((await t.db('organisations').where({ id: zeist.id }).first()).name).toBe('Zeist');
  });

  it('lists every organisation by name (Dutch order, ignoring case) with type, owners and accounts', async () => {
    const browser = await loggedIn(t.app, admin);
    const res = await browser.get('/admin/organisations').expect(200);
    expect(listedNames(res.text)).toEqual([
      'aa en hunze',
      'SSC Stichtse Vecht',
      'Súdwest-Fryslân',
      'Utrecht',
      'Utrecht',
      'Zeist',
    ]);
    const sscRow = res.text.slice(res.text.indexOf('SSC Stichtse Vecht</th>')).split('</tr>')[0]!;
    expect(sscRow).toContain('Shared service center (SSC)');
    expect(sscRow).toContain('Gemeente Utrecht, Provincie Utrecht');
    expect(sscRow).toMatch(/ip-org-count">2</);
    expect(res.text).toContain('6 organisaties');
    expect(res.text).toContain(`href="${editPath(ssc.id)}"`);
  });

  it('filters by type and finds names ignoring case and accents', async () => {
    const browser = await loggedIn(t.app, admin);
    const provinces = await browser.get('/admin/organisations?type=provincie').expect(200);
    expect(listedNames(provinces.text)).toEqual(['Utrecht']);
    expect(provinces.text).toContain('<option value="provincie" selected>');
    const utr = await browser.get('/admin/organisations?q=UTR&type=gemeente').expect(200);
    expect(listedNames(utr.text)).toEqual(['Utrecht']);
    const accents = await browser.get('/admin/organisations?q=fryslan').expect(200);
    expect(listedNames(accents.text)).toEqual(['Súdwest-Fryslân']);
    const none = await browser.get('/admin/organisations?q=bestaatniet').expect(200);
    expect(none.text).toContain('Geen organisaties gevonden');
    // An unknown type is ignored rather than an error.
    expect(
      listedNames((await browser.get('/admin/organisations?type=planeet').expect(200)).text),
    ).toHaveLength(6);
  });

  it('renames an organisation (normalised), recorded in the audit log with before and after', async () => {
    const browser = await loggedIn(t.app, admin);
    const form = await browser.get(editPath(fryslan.id)).expect(200);
    expect(form.text).toContain('value="Súdwest-Fryslân"');
    const res = await browser.submit(editPath(fryslan.id), editPath(fryslan.id), {
      name: '  Gemeente   Súdwest-Fryslân  (NL) ',
      type: 'gemeente',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/organisations?notice=updated');
    expect((await browser.get(res.headers.location!)).text).toContain('De organisatie is gewijzigd.');
    expect((await t.db('organisations').where({ id: fryslan.id }).first()).name).toBe('Súdwest-Fryslân (NL)');
    const audit = await t.db('audit_events').where({ action: 'organisation.update', subject_id: fryslan.id });
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_user_id).toBe(admin.id);
    expect(JSON.parse(audit[0].before_json)).toEqual({
      name: 'Súdwest-Fryslân',
      type: 'gemeente',
      ownerIds: [],
    });
    expect(JSON.parse(audit[0].after_json)).toEqual({
      name: 'Súdwest-Fryslân (NL)',
      type: 'gemeente',
      ownerIds: [],
    });

    // Saving without a change writes no audit record.
    const same = await browser.submit(editPath(fryslan.id), editPath(fryslan.id), {
      name: 'Súdwest-Fryslân (NL)',
      type: 'gemeente',
    });
    expect(same.headers.location).toBe('/admin/organisations?notice=unchanged');
    expect(
      await t.db('audit_events').where({ action: 'organisation.update', subject_id: fryslan.id }),
    ).toHaveLength(1);
  });

  it('refuses a name that another organisation of the same type has, ignoring case, keeping the input', async () => {
    const browser = await loggedIn(t.app, admin);
    const res = await browser.submit(editPath(zeist.id), editPath(zeist.id), {
      name: 'UTRECHT',
      type: 'gemeente',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Utrecht staat al in de lijst');
    expect(res.text).toContain('value="UTRECHT"');
    // The same name as a province is another organisation: allowed.
    const asProvince = await browser.submit(editPath(zeist.id), editPath(zeist.id), {
      name: 'Zeist',
      type: 'provincie',
    });
    expect(asProvince.status).toBe(303);
    await browser.submit(editPath(zeist.id), editPath(zeist.id), { name: 'Zeist', type: 'gemeente' });
  });

  it('changes the owners of an SSC; an SSC needs one, cannot own itself, and other types have none', async () => {
    const browser = await loggedIn(t.app, admin);
    const form = await browser.get(editPath(ssc.id)).expect(200);
    expect(form.text).toMatch(
      new RegExp(`id="ownerIds-${utrecht.id}" name="ownerIds" value="${utrecht.id}" checked`),
    );
    expect(form.text).not.toContain(`id="ownerIds-${ssc.id}"`);

    const none = await browser.submit(editPath(ssc.id), editPath(ssc.id), { name: ssc.name, type: 'ssc' });
    expect(none.status).toBe(422);
    expect(none.text).toContain('Kies minstens één eigenaar van het SSC');
    const self = await browser.submit(editPath(ssc.id), editPath(ssc.id), {
      name: ssc.name,
      type: 'ssc',
      ownerIds: [String(ssc.id)],
    });
    expect(self.status).toBe(422);
    expect(self.text).toContain('Kies de eigenaren uit de lijst');

    const ok = await browser.submit(editPath(ssc.id), editPath(ssc.id), {
      name: ssc.name,
      type: 'ssc',
      ownerIds: [String(zeist.id), String(utrecht.id)],
    });
    expect(ok.status).toBe(303);
    const owners = async () =>
      (await t.db('organisation_owners').where({ ssc_id: ssc.id }).orderBy('owner_id')).map((r) =>
        Number(r.owner_id),
      );
    expect(await owners()).toEqual([utrecht.id, zeist.id].sort((a, b) => a - b));
    const audit = await t
      .db('audit_events')
      .where({ action: 'organisation.update', subject_id: ssc.id })
      .first();
    expect(JSON.parse(audit.before_json).ownerIds).toEqual([utrecht.id, provincie.id].sort((a, b) => a - b));

    // No longer an SSC: the owners go, even when boxes are still ticked.
    const retyped = await browser.submit(editPath(ssc.id), editPath(ssc.id), {
      name: ssc.name,
      type: 'overig',
      ownerIds: [String(zeist.id)],
    });
    expect(retyped.status).toBe(303);
    expect(await owners()).toEqual([]);
  });

  it('validates name and type, and gives 404 for unknown ids', async () => {
    const browser = await loggedIn(t.app, admin);
    const res = await browser.submit(editPath(zeist.id), editPath(zeist.id), { name: ' ', type: 'stad' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Vul de naam van de organisatie in');
    expect(res.text).toContain('Kies de soort organisatie');
    await browser.get(editPath(999999)).expect(404);
    await browser.get('/admin/organisations/abc/edit').expect(404);
    const post = await browser.submit('/admin/organisations', editPath(999999), {
      name: 'X',
      type: 'gemeente',
    });
    expect(post.status).toBe(404);
  });

  it('shows organisation names with markup as text', async () => {
    const evil = await createOrganisation(t.db, { name: '<script>alert(1)</script>', type: 'overig' });
    const browser = await loggedIn(t.app, admin);
    for (const path of ['/admin/organisations', editPath(evil.id)]) {
      const html = (await browser.get(path).expect(200)).text;
      expect(html).not.toContain('<script>alert(1)</script>');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });
});
