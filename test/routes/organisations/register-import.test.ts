import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, loggedIn } from '../../helpers/agent';
import {
  createOrganisation,
  createUser,
  type TestOrganisation,
  type TestUser,
} from '../../helpers/factories';
import { createEntry, createOpenEdition } from '../../helpers/entries';
import { createJudgingEdition, createJuror, createJuryEntry } from '../../helpers/jury';
import { replaceDomains } from '../../../src/organisations/organisation.repo';
import { conflictTable } from '../../../src/jury/conflict.service';
import { listJurors } from '../../../src/jury/juror.repo';
import type { Edition } from '../../../src/editions/edition.types';

/**
 * The yearly herindeling over the real stack: the CBS list is built from the register the migrations loaded, with
 * Hilversum (GM0402) and Wijdemeren (GM1696) merged into a new gemeente Hilversum (GM1999) in Noord-Holland.
 */

const IMPORT = '/admin/organisations/import';
const APPLY = '/admin/organisations/import/apply';
const HEADER = 'Gemeentecode;GemeentecodeGM;Gemeentenaam;Provinciecode;ProvinciecodePV;Provincienaam';

let t: TestApp;
let admin: TestUser;
let hilversum: { id: number; name: string };
let wijdemeren: { id: number; name: string };
let ssc: TestOrganisation;
let member: TestUser;
let juror: TestUser;
let edition: Edition;
let categoryId: number;
let oldEntryId: number;

/** Lines of the current register in the CBS layout, in the order the file lists them. */
async function registerLines(): Promise<string[]> {
  const rows: Array<{ code: string; name: string; province_code: string; province: string }> = await t
    .db('organisations as g')
    .join('organisations as p', 'p.code', 'g.province_code')
    .where({ 'g.type': 'gemeente', 'g.status': 'active' })
    .whereNotNull('g.code')
    .select('g.code', 'g.name', 'g.province_code', 'p.name as province')
    .orderBy('g.code');
  return rows.map(
    (r) =>
      `${r.code.slice(2)};${r.code};${r.name};${r.province_code.slice(2)};${r.province_code};${r.province}`,
  );
}

/** The CBS list after the merger: the two old codes gone, the new one added. */
async function mergedList(): Promise<string> {
  const lines = (await registerLines()).filter((l) => !l.includes(';GM0402;') && !l.includes(';GM1696;'));
  lines.push('1999;GM1999;Hilversum;27;PV27;Noord-Holland');
  return ['# Bron: CBS, Gemeentelijke indeling op 1 januari 2027', HEADER, ...lines].join('\n') + '\n';
}

/** Everything the import could touch, to show that a refusal changed nothing. */
async function snapshot(): Promise<string> {
  const order: Record<string, string[]> = {
    organisations: ['id'],
    organisation_owners: ['ssc_id', 'owner_id'],
    organisation_domains: ['domain'],
    memberships: ['id'],
    audit_events: ['id'],
  };
  const result: Record<string, unknown> = {};
  for (const [table, columns] of Object.entries(order))
    result[table] = await t.db(table).select('*').orderBy(columns);
  return JSON.stringify(result);
}

/** Posts the import form as a browser does: multipart, with the page's CSRF token, a file or pasted text. */
async function postList(browser: Browser, input: { file?: Buffer | string; pasted?: string }) {
  const token = await browser.csrf(IMPORT);
  const req = browser.agent.post(IMPORT).field('_csrf', token);
  if (input.pasted !== undefined) req.field('csv', input.pasted);
  if (input.file !== undefined)
    req.attach('file', Buffer.isBuffer(input.file) ? input.file : Buffer.from(input.file, 'utf8'), {
      filename: 'gemeenten-alfabetisch-2027.csv',
      contentType: 'text/csv',
    });
  return req;
}

/** The text of one section of the preview, from its heading to the next one. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return '';
  const rest = html.slice(start);
  const end = rest.slice(1).search(/<h2 /);
  return end < 0 ? rest : rest.slice(0, end + 1);
}

const selectedIn = (html: string, field: string) => {
  const select = html.slice(
    html.indexOf(`<select class="utrecht-select utrecht-select--html-select ip-width-wide" id="${field}"`),
  );
  return /<option value="([^"]*)" selected>/.exec(select.slice(0, select.indexOf('</select>')))?.[1];
};

beforeAll(async () => {
  t = await makeTestApp();
  admin = await createUser(t.db, { role: 'admin', name: 'Anna Admin' });
  hilversum = await t.db('organisations').where({ code: 'GM0402' }).first('id', 'name');
  wijdemeren = await t.db('organisations').where({ code: 'GM1696' }).first('id', 'name');
  ssc = await createOrganisation(t.db, {
    name: 'SSC Gooi en Vecht',
    type: 'ssc',
    ownerIds: [wijdemeren.id],
  });
  member = await createUser(t.db, {
    role: 'submitter',
    name: 'Henk Hilversum',
    organisationId: hilversum.id,
  });
  await replaceDomains(t.db, { organisationId: hilversum.id, domains: ['hilversum.nl'], now: t.clock.now() });

  // An earlier edition, entered by the old Hilversum.
  const { edition: earlier, categories } = await createOpenEdition(t, {
    year: 2026,
    name: 'Innovatieprijs 2026',
    phase: 'judging',
  });
  oldEntryId = (
    await createEntry(t, {
      edition: earlier,
      organisationId: hilversum.id,
      userId: member.id,
      title: 'Slim parkeren in het Gooi',
      categoryId: categories[0]!.id,
      status: 'submitted',
    })
  ).id;

  // This year's jury: a juror who works at the SSC that Wijdemeren owns.
  ({ edition, categoryId } = await createJudgingEdition(t, { year: 2027, name: 'Innovatieprijs 2027' }));
  juror = await createJuror(t, { edition, name: 'Jet Juror', employerId: ssc.id, invitedBy: admin });
});
afterAll(() => t.close());

describe('importing a new CBS list of gemeenten', () => {
  it('is for admins only: anonymous visitors go to the login page, jurors and submitters get 403', async () => {
    const before = await snapshot();
    const anonymous = new Browser(t.app);
    const page = await anonymous.get(IMPORT);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(`/login?next=${encodeURIComponent(IMPORT)}`);
    for (const path of [IMPORT, APPLY]) {
      const token = await anonymous.csrf('/login');
      const res = await anonymous.agent
        .post(path)
        .type('form')
        .send({ _csrf: token, csv: await mergedList() });
      expect([path, res.status, res.headers.location]).toEqual([path, 303, '/login']);
    }
    for (const role of ['juror', 'submitter'] as const) {
      const browser = await loggedIn(t.app, await createUser(t.db, { role }));
      await browser.get(IMPORT).expect(403);
      const token = await browser.csrf('/account');
      const upload = await browser.agent
        .post(IMPORT)
        .field('_csrf', token)
        .attach('file', Buffer.from(await mergedList()), 'gemeenten.csv');
      expect(upload.status).toBe(403);
      const apply = await browser.submit('/account', APPLY, {
        csv: await mergedList(),
        'successor-GM0402': 'GM1999',
        'successor-GM1696': 'GM1999',
      });
      expect(apply.status).toBe(403);
    }
    expect(await snapshot()).toBe(before);
  });

  it('shows the form with a file field and a text area, without JavaScript', async () => {
    const browser = await loggedIn(t.app, admin);
    const res = await browser.get(IMPORT).expect(200);
    expect(res.text).toContain('enctype="multipart/form-data"');
    expect(res.text).toContain('type="file" id="file" name="file"');
    expect(res.text).toContain('<textarea');
    expect(res.text).toContain('Nieuwe gemeentelijke indeling inlezen');
  });

  it('refuses a list with a malformed line with 422, naming the line, and changes nothing', async () => {
    const browser = await loggedIn(t.app, admin);
    const before = await snapshot();
    const lines = (await mergedList()).split('\n');
    // Line 10 of the file: a code with three digits.
    lines[9] = lines[9]!.replace(/;GM(\d{4});/, (_m, d: string) => `;GM${d.slice(1)};`);
    const broken = lines.join('\n');
    const uploaded = await postList(browser, { file: broken });
    expect(uploaded.status).toBe(422);
    expect(uploaded.text).toContain('Er is een probleem');
    expect(uploaded.text).toMatch(/Regel 10: ‘GM\d{3}’ is geen gemeentecode/);
    expect(uploaded.text).toContain('href="#file"');

    // Pasted: the same message, the text kept in the text area for correcting.
    const pasted = await postList(browser, { pasted: broken });
    expect(pasted.status).toBe(422);
    expect(pasted.text).toMatch(/Regel 10: ‘GM\d{3}’ is geen gemeentecode/);
    expect(pasted.text).toContain('href="#csv"');
    expect(pasted.text).toContain('Bron: CBS, Gemeentelijke indeling op 1 januari 2027');

    // A tampered list posted straight to apply gets the same answer.
    const token = await browser.csrf(IMPORT);
    const applied = await browser.agent.post(APPLY).type('form').send({ _csrf: token, csv: broken });
    expect(applied.status).toBe(422);
    expect(applied.text).toMatch(/Regel 10: /);

    // Not a complete list, no list at all, a spreadsheet, a file too large: clear messages, never a 500.
    const short = await postList(browser, { pasted: `${HEADER}\n0344;GM0344;Utrecht;26;PV26;Utrecht` });
    expect(short.status).toBe(422);
    expect(short.text).toContain('Dat lijkt geen volledige gemeentelijke indeling');
    const nothing = await postList(browser, {});
    expect(nothing.status).toBe(422);
    expect(nothing.text).toContain('Kies een CSV-bestand of plak de lijst van gemeenten.');
    const xlsx = await postList(browser, { file: Buffer.from([0x50, 0x4b, 3, 4, 0, 0]) });
    expect(xlsx.status).toBe(422);
    expect(xlsx.text).toContain('Dit is een Excel-bestand.');
    const huge = await postList(browser, { file: Buffer.alloc(2 * 1024 * 1024 + 10, 'a') });
    expect(huge.status).toBe(413);
    expect(huge.text).toContain('Het bestand is groter dan 2 MB.');
    expect(await snapshot()).toBe(before);
  });

  it('previews exactly the change: one new gemeente, two gone with it suggested, nothing else', async () => {
    const browser = await loggedIn(t.app, admin);
    const before = await snapshot();
    const res = await postList(browser, { file: await mergedList() });
    expect(res.status).toBe(200);
    const active = Number(
      (
        await t
          .db('organisations')
          .where({ type: 'gemeente', status: 'active' })
          .whereNotNull('code')
          .count({ n: '*' })
      )[0]!.n,
    );
    expect(res.text).toMatch(new RegExp(`<dt>Ongewijzigd</dt><dd>${active - 2}</dd>`));
    const added = section(res.text, 'added');
    expect([...added.matchAll(/<li class="ip-rows__item">/g)]).toHaveLength(1);
    expect(added).toContain('<strong>Hilversum</strong> · GM1999 · Noord-Holland');
    expect(res.text).not.toContain('id="renamed"');
    expect(res.text).not.toContain('id="moved"');
    const gone = section(res.text, 'disappeared');
    expect([...gone.matchAll(/<select [^>]*id="(successor-GM\d{4})"/g)].map((m) => m[1])).toEqual([
      'successor-GM0402',
      'successor-GM1696',
    ]);
    expect(gone).toContain('Hilversum (GM0402) is opgegaan in');
    expect(gone).toContain('Wijdemeren (GM1696) is opgegaan in');
    expect(selectedIn(res.text, 'successor-GM0402')).toBe('GM1999');
    expect(selectedIn(res.text, 'successor-GM1696')).toBe('GM1999');
    expect(gone).toContain('<option value="ended">Opgeheven zonder opvolger</option>');
    // The list travels with the form, to be read again when applied.
    expect(res.text).toContain('<input type="hidden" name="csv" value="# Bron: CBS');
    expect(await snapshot()).toBe(before);
  });

  it('refuses to apply while a disappeared gemeente has no decision, and changes nothing', async () => {
    const browser = await loggedIn(t.app, admin);
    const before = await snapshot();
    const res = await browser.submit(IMPORT, APPLY, {
      csv: await mergedList(),
      'successor-GM0402': 'GM1999',
      'successor-GM1696': '',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('href="#successor-GM1696"');
    expect(res.text).toContain('Kies waarin Wijdemeren (GM1696) is opgegaan');
    expect(res.text).not.toContain('href="#successor-GM0402"');
    // The organiser's choice is kept; the one still to make is empty.
    expect(selectedIn(res.text, 'successor-GM0402')).toBe('GM1999');
    expect(selectedIn(res.text, 'successor-GM1696')).toBe('');
    // A successor that is not on the new list is refused the same way.
    const gone = await browser.submit(IMPORT, APPLY, {
      csv: await mergedList(),
      'successor-GM0402': 'GM1696',
      'successor-GM1696': 'GM1999',
    });
    expect(gone.status).toBe(422);
    expect(gone.text).toContain('Kies voor Hilversum (GM0402) een gemeente uit de nieuwe lijst.');
    expect(await snapshot()).toBe(before);
  });

  it('applies: both merge into the new gemeente, which takes over their live ties; audited', async () => {
    const browser = await loggedIn(t.app, admin);
    const list = await mergedList();
    const res = await browser.submit(IMPORT, APPLY, {
      csv: list,
      'successor-GM0402': 'GM1999',
      'successor-GM1696': 'GM1999',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/organisations?notice=imported');

    const successor = await t.db('organisations').where({ code: 'GM1999' }).first();
    expect(successor).toMatchObject({
      name: 'Hilversum',
      type: 'gemeente',
      status: 'active',
      source: 'register',
      province_code: 'PV27',
    });
    const old = await t.db('organisations').whereIn('id', [hilversum.id, wijdemeren.id]).orderBy('code');
    expect(old.map((o) => [o.code, o.name, o.status, Number(o.merged_into_id)])).toEqual([
      // The old Hilversum gave its name up to the new one (names are unique per type).
      ['GM0402', 'Hilversum (GM0402)', 'merged', successor.id],
      ['GM1696', 'Wijdemeren', 'merged', successor.id],
    ]);
    const owners = await t.db('organisation_owners').where({ ssc_id: ssc.id });
    expect(owners.map((o) => Number(o.owner_id))).toEqual([successor.id]);
    expect(
      Number((await t.db('organisation_domains').where({ domain: 'hilversum.nl' }).first()).organisation_id),
    ).toBe(successor.id);
    const membership = await t.db('memberships').where({ user_id: member.id, status: 'active' }).first();
    expect(Number(membership.organisation_id)).toBe(successor.id);
    // Entries stay with the gemeente that submitted them.
    expect(Number((await t.db('entries').where({ id: oldEntryId }).first()).organisation_id)).toBe(
      hilversum.id,
    );

    const imported = await t.db('audit_events').where({ action: 'organisation.import' });
    expect(imported).toHaveLength(1);
    expect(imported[0].actor_user_id).toBe(admin.id);
    expect(imported[0].subject_id).toBeNull();
    expect(JSON.parse(imported[0].after_json)).toMatchObject({
      added: 1,
      renamed: 0,
      moved: 0,
      merged: 2,
      ended: 0,
    });
    const merges = await t.db('audit_events').where({ action: 'organisation.merge' }).orderBy('subject_id');
    expect(merges.map((m) => Number(m.subject_id)).sort((a, b) => a - b)).toEqual(
      [hilversum.id, wijdemeren.id].sort((a, b) => a - b),
    );
    expect(merges.every((m) => JSON.parse(m.after_json).mergedIntoId === successor.id)).toBe(true);

    // Importing the same list again changes nothing.
    const again = await postList(browser, { file: list });
    expect(again.status).toBe(200);
    expect(again.text).toContain('De lijst is gelijk aan het register.');
  });

  it('lists the old gemeente’s entry of an earlier edition on the new gemeente’s page', async () => {
    const browser = await loggedIn(t.app, admin);
    const successor = await t.db('organisations').where({ code: 'GM1999' }).first('id');
    const page = await browser.get(`/organisations/${successor.id}`).expect(200);
    expect(page.text).toContain('Slim parkeren in het Gooi');
    expect(page.text).toContain('ingezonden door Gemeente Hilversum (GM0402)');
    expect(page.text).toContain('Innovatieprijs 2026');
  });

  it('makes a juror of an SSC owned by an old gemeente conflicted with an entry of the new gemeente', async () => {
    const successor = await t.db('organisations').where({ code: 'GM1999' }).first('id', 'name');
    const { entry } = await createJuryEntry(t, {
      edition,
      categoryId,
      organisation: { id: successor.id, name: successor.name, type: 'gemeente' },
      title: 'Eén loket voor het Gooi',
    });
    const table = await conflictTable(t.db, {
      editionId: edition.id,
      jurors: await listJurors(t.db, edition.id),
      entries: [{ id: entry.id, organisationId: entry.organisationId }],
    });
    const pair = table.get(juror.id, entry.id);
    expect(pair.effective).toEqual({ conflicted: true, source: 'automatic' });
    expect(pair.automatic).toEqual([
      { kind: 'owned_by_entrant', jurorOrgId: ssc.id, via: 'employer', entryOrgId: successor.id },
    ]);
    // The organiser's conflicts page says the same.
    const browser = await loggedIn(t.app, admin);
    const page = await browser.get(`/admin/editions/${edition.id}/conflicts`).expect(200);
    const row = page.text.slice(page.text.indexOf('Jet Juror</th>')).split('</tr>')[0]!;
    expect(row).toContain('Eén loket voor het Gooi');
    expect(row).toContain('ip-jury-state--conflict');
  });
});
