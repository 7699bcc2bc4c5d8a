import request from 'supertest';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, loggedIn } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';

let t: TestApp;
let admin: TestUser;
let browser: Browser;

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-01-10T09:00:00Z') });
  admin = await createUser(t.db, { role: 'admin' });
  browser = await loggedIn(t.app, admin);
});
afterAll(() => t.close());

/** A complete, valid edition form as the organiser would post it. */
function editionForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    name: 'Innovatieprijs 2027',
    year: '2027',
    introNl: 'Laat zien hoe uw organisatie slimmer werkt.',
    introEn: '',
    rulesNl: 'Lees het reglement op https://voorbeeld.nl/reglement.',
    rulesEn: '',
    prizeAmount: '2500',
    opensAt: '2027-02-01T09:00',
    closesAt: '2027-10-31T23:59',
    scoringDeadline: '2027-11-15T17:00',
    conferenceAt: '2027-11-25T13:00',
    conferencePlace: 'Utrecht',
    scaleMin: '1',
    scaleMax: '10',
    maxFiles: '5',
    maxFileMb: '10',
    allowedTypes: ['pdf', 'docx'],
    eligibleTypes: ['gemeente', 'ssc'],
    multipleEntriesPerOrg: '1',
    ...overrides,
  };
}

async function createEdition(overrides: Record<string, string | string[]> = {}): Promise<number> {
  const res = await browser.submit('/admin/editions/new', '/admin/editions', editionForm(overrides));
  expect(res.status).toBe(303);
  return Number(/\/admin\/editions\/(\d+)/.exec(res.headers.location!)![1]!);
}

const editionRow = (id: number) => t.db('editions').where({ id }).first();

function criteriaForm(
  rows: Array<{ id?: number; nameNl: string; weight: string }>,
  extra: Record<string, string | string[]> = {},
) {
  const body: Record<string, string | string[]> = { ...extra };
  rows.forEach((r, i) => {
    body[`id_${i}`] = r.id ? String(r.id) : '';
    body[`nameNl_${i}`] = r.nameNl;
    body[`nameEn_${i}`] = r.nameNl;
    body[`weight_${i}`] = r.weight;
  });
  return body;
}

describe('creating and editing editions', () => {
  it('creates an edition with the default criteria, categories and tie-break rule, audited', async () => {
    const id = await createEdition();
    const row = await editionRow(id);
    expect(row.phase).toBe('concept');
    expect(Boolean(row.is_current)).toBe(true);
    expect(row.prize_amount_cents).toBe(250000);
    const criteria = await t.db('criteria').where({ edition_id: id }).orderBy('position');
    expect(criteria.map((c) => c.weight)).toEqual([25, 25, 20, 15, 15]);
    expect(criteria[0].name_nl).toBe('Innovatiekracht');
    expect(await t.db('categories').where({ edition_id: id })).toHaveLength(6);
    expect(JSON.parse(row.tie_break_json)).toEqual([
      { kind: 'criterion', criterionId: criteria[0].id },
      { kind: 'firstPlaces' },
      { kind: 'juryDecision' },
    ]);
    const audit = await t.db('audit_events').where({ action: 'edition.create', subject_id: id });
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_user_id).toBe(admin.id);
  });

  it('stores the deadline as Amsterdam time, across the change to winter time', async () => {
    const id = await createEdition({ name: 'DST', closesAt: '2027-10-31T23:59' });
    const row = await editionRow(id);
    // 31 October 2027 is the last Sunday of October: winter time (UTC+1) has started that morning.
    const stored = row.closes_at instanceof Date ? row.closes_at : new Date(Number(row.closes_at));
    expect(stored.toISOString()).toBe('2027-10-31T22:59:00.000Z');
    const page = await browser.get(`/admin/editions/${id}`).expect(200);
    expect(page.text).toContain('zondag 31 oktober 2027 om 23:59');
    const form = await browser.get(`/admin/editions/${id}/edit`).expect(200);
    expect(form.text).toContain('value="2027-10-31T23:59"');
  });

  it('refuses impossible dates and a deadline before opening with 422, keeping the input', async () => {
    const res = await browser.submit(
      '/admin/editions/new',
      '/admin/editions',
      editionForm({ name: 'Fout <b>x</b>', opensAt: '2027-02-30T09:00', closesAt: '2027-01-01T10:00' }),
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('Vul een bestaande datum en tijd in');
    expect(res.text).toContain('value="Fout &lt;b&gt;x&lt;/b&gt;"');
    expect(res.text).toContain('href="#opensAt"');
    const bad = await browser.submit(
      '/admin/editions/new',
      '/admin/editions',
      editionForm({ closesAt: '2027-01-01T10:00' }),
    );
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('De deadline moet na de opendatum liggen');
    expect(await t.db('editions').where({ name: 'Fout <b>x</b>' })).toHaveLength(0);
  });

  it('tells the second of two organisers saving the same edition that it changed, keeping their input', async () => {
    const id = await createEdition({ name: 'Gelijktijdig' });
    const other = await loggedIn(t.app, await createUser(t.db, { role: 'admin' }));
    const formA = await browser.get(`/admin/editions/${id}/edit`);
    const formB = await other.get(`/admin/editions/${id}/edit`);
    const version = /name="version" value="(\d+)"/.exec(formA.text)![1]!;
    const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const first = await browser.agent
      .post(`/admin/editions/${id}/edit`)
      .type('form')
      .send({ ...editionForm({ name: 'Versie A' }), version, _csrf: tokenOf(formA.text) });
    expect(first.status).toBe(303);
    const second = await other.agent
      .post(`/admin/editions/${id}/edit`)
      .type('form')
      .send({ ...editionForm({ name: 'Versie B' }), version, _csrf: tokenOf(formB.text) });
    expect(second.status).toBe(409);
    expect(second.text).toContain('Iemand anders heeft deze editie intussen gewijzigd');
    expect(second.text).toContain('value="Versie B"');
    expect((await editionRow(id)).name).toBe('Versie A');
  });
});

describe('criteria and weights', () => {
  it('refuses weights that do not add up to 100 with 422, keeping the input', async () => {
    const id = await createEdition({ name: 'Weging' });
    const criteria = await t.db('criteria').where({ edition_id: id }).orderBy('position');
    const rows = criteria.map((c) => ({ id: c.id, nameNl: c.name_nl, weight: String(c.weight) }));
    rows[0]!.weight = '20';
    const res = await browser.submit(
      `/admin/editions/${id}/criteria`,
      `/admin/editions/${id}/criteria`,
      criteriaForm(rows),
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('De weging is samen 95%; dat moet precies 100% zijn');
    expect(res.text).toContain('name="weight_0" type="text" value="20"');
    expect((await t.db('criteria').where({ id: criteria[0].id }).first()).weight).toBe(25);

    rows[0]!.weight = '30';
    rows[1]!.weight = '20';
    const okRes = await browser.submit(
      `/admin/editions/${id}/criteria`,
      `/admin/editions/${id}/criteria`,
      criteriaForm([...rows, { nameNl: '', weight: '' }]),
    );
    expect(okRes.status).toBe(303);
    expect(
      (await t.db('criteria').where({ edition_id: id }).orderBy('position')).map((c) => c.weight),
    ).toEqual([30, 20, 20, 15, 15]);
    expect(await t.db('audit_events').where({ action: 'criteria.update', subject_id: id })).toHaveLength(1);
  });

  it('adds and removes criteria, but not the one the tie-break rule uses', async () => {
    const id = await createEdition({ name: 'Toevoegen' });
    const criteria = await t.db('criteria').where({ edition_id: id }).orderBy('position');
    const rows = criteria.map((c) => ({ id: c.id, nameNl: c.name_nl, weight: String(c.weight) }));
    const refused = await browser.submit(
      `/admin/editions/${id}/criteria`,
      `/admin/editions/${id}/criteria`,
      criteriaForm([...rows, { nameNl: 'Lef', weight: '25' }], { remove: String(criteria[0].id) }),
    );
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Dit criterium beslist bij gelijke stand');
    const res = await browser.submit(
      `/admin/editions/${id}/criteria`,
      `/admin/editions/${id}/criteria`,
      criteriaForm([...rows, { nameNl: 'Lef', weight: '15' }], { remove: String(criteria[4].id) }),
    );
    expect(res.status).toBe(303);
    expect(
      (await t.db('criteria').where({ edition_id: id }).orderBy('position')).map((c) => c.name_nl),
    ).toEqual([
      'Innovatiekracht',
      'Efficiëntie (tijd en geld)',
      'Effectiviteit (kwaliteit voor inwoners en organisatie)',
      'Overdraagbaarheid naar andere organisaties',
      'Lef',
    ]);
  });

  it('after the first score allows only weight changes, and only with a recorded reason', async () => {
    const id = await createEdition({ name: 'Vergrendeld' });
    await t.db('editions').where({ id }).update({ criteria_locked_at: new Date() });
    const criteria = await t.db('criteria').where({ edition_id: id }).orderBy('position');
    const rows = criteria.map((c) => ({ id: c.id, nameNl: c.name_nl, weight: String(c.weight) }));

    const renamed = rows.map((r, i) => (i === 1 ? { ...r, nameNl: 'Nieuwe naam' } : r));
    const r1 = await browser.submit(
      `/admin/editions/${id}/criteria`,
      `/admin/editions/${id}/criteria`,
      criteriaForm(renamed),
    );
    expect(r1.status).toBe(422);
    expect(r1.text).toContain('criteria toevoegen, verwijderen of hernoemen kan niet meer');

    // The locked form only has weight fields, as the page renders it.
    const form = await browser.get(`/admin/editions/${id}/criteria`);
    expect(form.text).not.toContain('name="nameNl_0"');
    const weightsOnly = (extra: Record<string, string> = {}) => {
      const body: Record<string, string> = { ...extra };
      rows.forEach((r, i) => {
        body[`id_${i}`] = String(r.id);
        body[`weight_${i}`] = i === 0 ? '35' : i === 1 ? '15' : r.weight;
      });
      return body;
    };
    const r2 = await browser.submit(
      `/admin/editions/${id}/criteria`,
      `/admin/editions/${id}/criteria`,
      weightsOnly(),
    );
    expect(r2.status).toBe(422);
    expect(r2.text).toContain('Geef een reden voor het wijzigen van de weging');

    const r3 = await browser.submit(
      `/admin/editions/${id}/criteria`,
      `/admin/editions/${id}/criteria`,
      weightsOnly({ reason: 'Juryvergadering 3 maart' }),
    );
    expect(r3.status).toBe(303);
    const audit = await t.db('audit_events').where({ action: 'criteria.reweight', subject_id: id }).first();
    expect(audit.reason).toBe('Juryvergadering 3 maart');
    expect(JSON.parse(audit.before_json)[0].weight).toBe(25);
    expect(JSON.parse(audit.after_json)[0].weight).toBe(35);

    const scale = await browser.submit(`/admin/editions/${id}/edit`, `/admin/editions/${id}/edit`, {
      ...editionForm({ name: 'Vergrendeld', scaleMax: '5' }),
      version: String((await editionRow(id)).version),
    });
    expect(scale.status).toBe(422);
    expect(scale.text).toContain('Er zijn al scores gegeven: dit kan niet meer veranderen');
  });
});

describe('phases', () => {
  const move = (id: number, fields: Record<string, string>) =>
    browser.submit(`/admin/editions/${id}`, `/admin/editions/${id}/phase`, fields);

  it('publishes only a complete edition, moves forward step by step, and audits each move', async () => {
    const id = await createEdition({ name: 'Fasen', introNl: '' });
    const blocked = await move(id, { to: 'open' });
    expect(blocked.status).toBe(422);
    expect(blocked.text).toContain('Schrijf een Nederlandse introductie.');
    await t.db('editions').where({ id }).update({ intro_nl: 'Intro' });

    expect((await move(id, { to: 'judging' })).status).toBe(422);
    expect((await move(id, { to: 'open' })).status).toBe(303);
    expect((await editionRow(id)).phase).toBe('open');
    const skip = await move(id, { to: 'judging' });
    expect(skip.text).toContain('U kunt geen fase overslaan');
    expect((await move(id, { to: 'closed' })).status).toBe(303);
    expect((await move(id, { to: 'judging' })).status).toBe(303);

    const back = await move(id, { to: 'closed', reason: '' });
    expect(back.status).toBe(422);
    expect(back.text).toContain('Geef een reden om terug te gaan naar een eerdere fase');
    expect((await move(id, { to: 'closed', reason: 'Inzending te vroeg gesloten' })).status).toBe(303);

    const events = await t
      .db('audit_events')
      .where({ subject_type: 'edition', subject_id: id })
      .whereIn('action', ['edition.phase_forward', 'edition.phase_reopen'])
      .orderBy('id');
    expect(
      events.map((e) => [e.action, JSON.parse(e.before_json).phase, JSON.parse(e.after_json).phase]),
    ).toEqual([
      ['edition.phase_forward', 'concept', 'open'],
      ['edition.phase_forward', 'open', 'closed'],
      ['edition.phase_forward', 'closed', 'judging'],
      ['edition.phase_reopen', 'judging', 'closed'],
    ]);
    expect(events[3].reason).toBe('Inzending te vroeg gesloten');
  });

  it('closes submissions by itself at the deadline, and reopening needs a new deadline in the future', async () => {
    const id = await createEdition({
      name: 'Automatisch',
      opensAt: '2027-01-01T09:00',
      closesAt: '2027-01-20T12:00',
      scoringDeadline: '2027-02-01T12:00',
    });
    expect((await move(id, { to: 'open' })).status).toBe(303);
    t.clock.set(new Date('2027-01-20T10:59:59Z'));
    expect((await browser.get(`/admin/editions/${id}`)).text).toContain('Open voor inzendingen');
    t.clock.set(new Date('2027-01-20T11:00:00Z')); // 12:00 in Amsterdam
    expect((await browser.get(`/admin/editions/${id}`)).text).toContain('Inzending gesloten');
    const noDeadline = await move(id, { to: 'open', reason: 'Storing op de laatste dag' });
    expect(noDeadline.status).toBe(422);
    expect(noDeadline.text).toContain('De deadline ligt in het verleden');
    const reopened = await move(id, {
      to: 'open',
      reason: 'Storing op de laatste dag',
      closesAt: '2027-01-22T12:00',
    });
    expect(reopened.status).toBe(303);
    const row = await editionRow(id);
    const closes = row.closes_at instanceof Date ? row.closes_at : new Date(Number(row.closes_at));
    expect(closes.toISOString()).toBe('2027-01-22T11:00:00.000Z');
    t.clock.set(new Date('2027-01-10T09:00:00Z'));
  });
});

describe('copying an edition', () => {
  it('copies texts, limits, criteria and categories into a concept edition a year later', async () => {
    const id = await createEdition({ name: 'Innovatieprijs 2027', maxFiles: '3' });
    await t.db('editions').where({ id }).update({ phase: 'announced' });
    const res = await browser.submit(`/admin/editions/${id}`, `/admin/editions/${id}/copy`, {});
    expect(res.status).toBe(303);
    const copyId = Number(/\/admin\/editions\/(\d+)\/edit/.exec(res.headers.location!)![1]!);
    const copy = await editionRow(copyId);
    expect(copy.name).toBe('Innovatieprijs 2028');
    expect(copy.year).toBe(2028);
    expect(copy.phase).toBe('concept');
    expect(copy.max_files).toBe(3);
    const closes = copy.closes_at instanceof Date ? copy.closes_at : new Date(Number(copy.closes_at));
    expect(closes.toISOString()).toBe('2028-10-31T22:59:00.000Z');
    const criteria = await t.db('criteria').where({ edition_id: copyId }).orderBy('position');
    expect(criteria.map((c) => [c.name_nl, c.weight])).toEqual(
      (await t.db('criteria').where({ edition_id: id }).orderBy('position')).map((c) => [
        c.name_nl,
        c.weight,
      ]),
    );
    expect(JSON.parse(copy.tie_break_json)[0]).toEqual({ kind: 'criterion', criterionId: criteria[0].id });
    expect(await t.db('categories').where({ edition_id: copyId })).toHaveLength(6);
  });
});

describe('public call', () => {
  it('hides a concept edition and shows the published call with criteria, categories and deadline', async () => {
    await t.db('editions').update({ is_current: false });
    const id = await createEdition({
      name: 'Openbare oproep',
      introNl: 'Wij zoeken <script>alert(1)</script> vernieuwers.',
    });
    await browser.submit(`/admin/editions/${id}`, `/admin/editions/${id}/current`, {});
    const hidden = await request(t.app).get('/').expect(200);
    expect(hidden.text).not.toContain('Openbare oproep');

    expect((await move(id)).status).toBe(303);
    t.clock.set(new Date('2027-03-01T09:00:00Z'));
    const page = await request(t.app).get('/').expect(200);
    expect(page.text).toContain('Openbare oproep');
    expect(page.text).toContain('Inzenden kan tot zondag 31 oktober 2027 om 23:59.');
    expect(page.text).toContain('Innovatiekracht');
    expect(page.text).toContain('25%');
    expect(page.text).toContain('Informatiebeveiliging');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).toContain('<a class="utrecht-link" href="https://voorbeeld.nl/reglement"');

    const en = await request(t.app).get('/').set('Accept-Language', 'en').expect(200);
    expect(en.text).toContain('Entries can be made until Sunday 31 October 2027 at 23:59.');
    expect(en.text).toContain('Innovativeness');

    t.clock.set(new Date('2027-10-31T22:58:00Z'));
    expect((await request(t.app).get('/')).text).toContain('Inzenden kan tot');
    t.clock.set(new Date('2027-10-31T22:59:00Z'));
    expect((await request(t.app).get('/')).text).toContain('Inzenden is gesloten.');
    t.clock.set(new Date('2027-01-10T09:00:00Z'));

    async function move(editionId: number) {
      return browser.submit(`/admin/editions/${editionId}`, `/admin/editions/${editionId}/phase`, {
        to: 'open',
      });
    }
  });

  it('lists earlier published editions in the archive, and 404s an unknown year', async () => {
    const res = await request(t.app).get('/archief').expect(200);
    expect(res.text).toContain('Innovatieprijs 2027');
    await request(t.app).get('/edities/1999').expect(404);
  });
});

describe('audit log', () => {
  it('lists changes with who and when, filterable by action', async () => {
    const res = await browser.get('/admin/audit?action=edition.copy').expect(200);
    expect(res.text).toContain('Editie gekopieerd');
    expect(res.text).not.toContain('Criteria gewijzigd</td>');
    expect(res.text).toContain(admin.name);
  });
});
