import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, loggedIn } from '../../helpers/agent';
import { createOrganisation, createUser, type TestUser } from '../../helpers/factories';
import { createEntry, createOpenEdition } from '../../helpers/entries';
import { createAttachment } from '../../helpers/jury';
import { announceForTest, consentForTest, setTexts } from '../../helpers/kennisbank';
import type { Entry } from '../../../src/entries/entry.types';

/**
 * The kennisbank on the real stack, on SQLite and (with TEST_DATABASE_URL) PostgreSQL, with the caches on as in
 * production: only consenting, submitted entries of announced editions; the same search results on both
 * databases; title hits first; filters and their counts; withdrawal takes an entry off at once.
 */
let t: TestApp;
let invoices: Entry; // title hit for "facturen", winner, SSC
let purchasing: Entry; // body hit for "facturen", nominee, gemeente Utrecht
let bread: Entry; // gemeente Zwolle, entered
let noConsent: Entry;
let draft: Entry;
let unannounced: Entry;
let utrechtMember: TestUser;
let publicFile: number;
let privateFile: number;

const anon = () => new Browser(t.app);
const idsIn = (html: string) =>
  [
    ...html.matchAll(
      /<h2 class="utrecht-heading-3 ip-kb__title"><a class="utrecht-link" href="\/kennisbank\/(\d+)"/g,
    ),
  ].map((m) => Number(m[1]));

beforeAll(async () => {
  t = await makeTestApp({ env: { CACHE_SECONDS: '60' } });
  const now = t.clock.now();
  const { edition: past } = await createOpenEdition(t, { year: 2026, name: 'Innovatieprijs 2026' });
  const { edition: current } = await createOpenEdition(t, { year: 2027, name: 'Innovatieprijs 2027' });
  const utrecht = await createOrganisation(t.db, { name: 'Utrecht', type: 'gemeente' });
  const zwolle = await createOrganisation(t.db, { name: 'Zwolle', type: 'gemeente' });
  const ssc = await createOrganisation(t.db, { name: 'SSC Testregio', type: 'ssc' });
  utrechtMember = await createUser(t.db, { role: 'submitter', organisationId: utrecht.id });
  const sscMember = await createUser(t.db, { role: 'submitter', organisationId: ssc.id });
  const zwolleMember = await createUser(t.db, { role: 'submitter', organisationId: zwolle.id });
  const categories = await t.db('categories').where({ edition_id: past.id }).orderBy('position');
  const make = (
    organisationId: number,
    userId: number,
    status: 'submitted' | 'draft',
    categoryId: number | null,
    edition = past,
  ) => createEntry(t, { edition, organisationId, userId, status, categoryId });
  invoices = await make(ssc.id, sscMember.id, 'submitted', categories[0].id);
  purchasing = await make(utrecht.id, utrechtMember.id, 'submitted', categories[1].id);
  bread = await make(zwolle.id, zwolleMember.id, 'submitted', categories[0].id);
  noConsent = await make(zwolle.id, zwolleMember.id, 'submitted', categories[0].id);
  draft = await make(utrecht.id, utrechtMember.id, 'draft', categories[0].id);
  unannounced = await make(utrecht.id, utrechtMember.id, 'submitted', null, current);
  await setTexts(t, invoices, {
    title: 'Snellere facturen in het SSC',
    summary: 'Een robot leest inkomende post.',
  });
  await setTexts(t, purchasing, {
    title: 'Slim inkopen',
    summary:
      'Minder facturen, minder fouten: onze facturen gaan digitaal en elke factuur wordt automatisch gecontroleerd.',
  });
  await setTexts(t, bread, {
    title: 'Brood op de plank',
    summary: 'Een broodfonds voor zzp’ers met stadsbrood en broden.',
  });
  await setTexts(t, noConsent, { title: 'Facturen zonder toestemming', summary: 'Verborgen facturen.' });
  await setTexts(t, draft, { title: 'Facturen in concept', summary: 'Nog niet ingediend.' });
  await setTexts(t, unannounced, { title: 'Facturen van dit jaar', summary: 'Nog geen uitslag.' });
  publicFile = await createAttachment(t, { entry: purchasing, originalName: 'openbaar-plan.pdf' });
  privateFile = await createAttachment(t, { entry: purchasing, originalName: 'intern-budget.pdf' });
  for (const [entry, userId] of [
    [invoices, sscMember.id],
    [bread, zwolleMember.id],
    [draft, utrechtMember.id],
    [unannounced, utrechtMember.id],
  ] as const)
    await consentForTest(t, { entry, userId });
  await consentForTest(t, {
    entry: purchasing,
    userId: utrechtMember.id,
    licence: 'all-rights-reserved',
    showContact: true,
    publicAttachmentIds: [publicFile],
  });
  await consentForTest(t, { entry: noConsent, userId: zwolleMember.id, consent: false });
  await announceForTest(t, { edition: past, winner: invoices, nominees: [purchasing], at: now });
  await forcePhaseForTest2(current.id);
});
afterAll(() => t.close());

async function forcePhaseForTest2(editionId: number) {
  await t.db('editions').where({ id: editionId }).update({ phase: 'judging' });
}

describe('kennisbank', () => {
  it('lists only consenting, submitted entries of announced editions', async () => {
    const res = await anon().get('/kennisbank').expect(200);
    expect(idsIn(res.text).sort()).toEqual([invoices.id, purchasing.id, bread.id].sort());
    for (const hidden of [noConsent, draft, unannounced]) {
      await anon().get(`/kennisbank/${hidden.id}`).expect(404);
      expect(res.text).not.toContain(`/kennisbank/${hidden.id}"`);
    }
  });

  it('finds the same entries by a Dutch word on every database, title hits first', async () => {
    // "factuur" and "facturen" share the Snowball stem "factur": PostgreSQL's 'dutch' configuration and the
    // SQLite expansion must find exactly the two published entries that hold either word.
    for (const q of ['facturen', 'factuur', 'FACTUREN']) {
      const res = await anon()
        .get(`/kennisbank?q=${encodeURIComponent(q)}`)
        .expect(200);
      expect(idsIn(res.text)).toEqual([invoices.id, purchasing.id]);
    }
    const bodyOnly = await anon().get('/kennisbank?q=robot').expect(200);
    expect(idsIn(bodyOnly.text)).toEqual([invoices.id]);
    const both = await anon().get('/kennisbank?q=facturen+digitaal').expect(200);
    expect(idsIn(both.text)).toEqual([purchasing.id]);
    const loaves = await anon().get('/kennisbank?q=brood').expect(200);
    expect(idsIn(loaves.text)).toEqual([bread.id]);
    const nothing = await anon().get('/kennisbank?q=zeppelin').expect(200);
    expect(idsIn(nothing.text)).toEqual([]);
    expect(nothing.text).toContain('Geen projecten gevonden');
    // Query syntax is text, never an error.
    const odd = await anon()
      .get(`/kennisbank?q=${encodeURIComponent('"facturen" OR NEAR( * ^')}`)
      .expect(200);
    expect(idsIn(odd.text)).toEqual([]);
  });

  it('filters and counts per filter: each count is what that choice would show', async () => {
    const res = await anon().get('/kennisbank?soort=gemeente').expect(200);
    expect(idsIn(res.text).sort()).toEqual([purchasing.id, bread.id].sort());
    // The type facet ignores its own choice: all three types stay countable.
    expect(res.text).toMatch(/<option value="gemeente" selected>Gemeente \(2\)<\/option>/);
    expect(res.text).toMatch(/<option value="ssc">[^<]*\(1\)<\/option>/);
    // The other facets count within the gemeenten only.
    expect(res.text).toMatch(/<option value="nominee">Genomineerd \(1\)<\/option>/);
    expect(res.text).toMatch(/<option value="entered">Ingezonden \(1\)<\/option>/);
    expect(res.text).not.toMatch(/<option value="winner">/);
    expect(res.text).toMatch(/<option value="PV26">Utrecht \(1\)<\/option>/);
    expect(res.text).toMatch(/<option value="PV23">Overijssel \(1\)<\/option>/);
    const winners = await anon().get('/kennisbank?resultaat=winner&editie=2026').expect(200);
    expect(idsIn(winners.text)).toEqual([invoices.id]);
    const searchAndFilter = await anon().get('/kennisbank?q=facturen&provincie=PV26').expect(200);
    expect(idsIn(searchAndFilter.text)).toEqual([purchasing.id]);
    // Within "facturen" in Utrecht's province only the gemeente is left; the SSC's hit is not counted there.
    expect(searchAndFilter.text).toMatch(/<option value="gemeente">Gemeente \(1\)<\/option>/);
    expect(searchAndFilter.text).not.toMatch(/<option value="ssc">/);
  });

  it('shows a project with its makers, result, public attachments only, contact only with consent, and schema.org', async () => {
    const res = await anon().get(`/kennisbank/${purchasing.id}`).expect(200);
    expect(res.text).toContain('itemtype="https://schema.org/CreativeWork"');
    expect(res.text).toContain('Slim inkopen');
    expect(res.text).toContain('Genomineerd');
    expect(res.text).toContain('Alle rechten voorbehouden');
    expect(res.text).toContain('openbaar-plan.pdf');
    expect(res.text).not.toContain('intern-budget.pdf');
    expect(res.text).toContain('Contactpersoon</h2>');
    const file = await anon().get(`/kennisbank/${purchasing.id}/bijlagen/${publicFile}`).expect(200);
    expect(file.headers['content-disposition']).toContain('openbaar-plan.pdf');
    await anon().get(`/kennisbank/${purchasing.id}/bijlagen/${privateFile}`).expect(404);
    await anon().get(`/kennisbank/${invoices.id}/bijlagen/${publicFile}`).expect(404);
    const winner = await anon().get(`/kennisbank/${invoices.id}`).expect(200);
    expect(winner.text).toContain('Winnaar');
    expect(winner.text).toContain('rel="license"');
    expect(winner.text).not.toContain('Contactpersoon</h2>');
  });

  it('gives the library as CSV and JSON with the licence per entry, and an Atom feed', async () => {
    const json = await anon().get('/kennisbank.json').expect(200);
    expect(json.headers['content-type']).toContain('application/json');
    const records = (json.body as { projects: Array<Record<string, unknown>> }).projects;
    expect(records.map((r) => r.id).sort()).toEqual([invoices.id, purchasing.id, bread.id].sort());
    const byId = new Map(records.map((r) => [r.id, r]));
    expect(byId.get(invoices.id)).toMatchObject({
      licence: 'cc-by',
      licence_url: 'https://creativecommons.org/licenses/by/4.0/',
      result: 'winner',
      organisation_type: 'ssc',
      edition: 2026,
    });
    expect(byId.get(purchasing.id)).toMatchObject({
      licence: 'all-rights-reserved',
      licence_url: null,
      province_code: 'PV26',
    });
    const csv = await anon().get('/kennisbank.csv').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'id,url,title,summary,organisation,organisation_type,province_code,province,edition,category_code,category,result,licence,licence_url,published_at',
    );
    expect(lines).toHaveLength(4);
    expect(csv.text).toContain('all-rights-reserved');
    const feed = await anon().get('/kennisbank/feed.atom').expect(200);
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    expect((feed.text.match(/<entry>/g) ?? []).length).toBe(3);
    expect(feed.text).toContain(`/kennisbank/${purchasing.id}</id>`);
    for (const hidden of [noConsent, draft, unannounced])
      for (const text of [json.text, csv.text, feed.text])
        expect(text).not.toContain(`/kennisbank/${hidden.id}`);
  });

  it('takes a withdrawn entry off every page at once, cached pages included', async () => {
    // The kennisbank consent is the one consent to publish: the winners' page shows a nominee's summary by it too.
    const summary = 'onze facturen gaan digitaal';
    expect((await anon().get('/edities/2026/winnaar').expect(200)).text).toContain(summary);
    const before = await anon().get('/kennisbank').expect(200);
    expect(idsIn(before.text)).toContain(purchasing.id);
    for (const path of ['/kennisbank.csv', '/kennisbank.json', '/kennisbank/feed.atom']) {
      await anon().get(path).expect(200);
      const kept = await anon().get(path).expect(200);
      expect(kept.headers['x-page-cache']).toBe('hit');
      expect(kept.text).toContain(`/kennisbank/${purchasing.id}`);
    }
    const again = await anon().get('/kennisbank').expect(200);
    expect(again.headers['x-page-cache']).toBe('hit');
    await anon().get(`/kennisbank/${purchasing.id}`).expect(200);
    const member = await loggedIn(t.app, utrechtMember);
    const page = `/entries/${purchasing.id}/publicatie`;
    expect((await member.submit(page, page, { consent: 'no' })).status).toBe(303);
    const after = await anon().get('/kennisbank').expect(200);
    expect(idsIn(after.text)).not.toContain(purchasing.id);
    const search = await anon().get('/kennisbank?q=facturen').expect(200);
    expect(idsIn(search.text)).toEqual([invoices.id]);
    await anon().get(`/kennisbank/${purchasing.id}`).expect(404);
    await anon().get(`/kennisbank/${purchasing.id}/bijlagen/${publicFile}`).expect(404);
    const winners = await anon().get('/edities/2026/winnaar').expect(200);
    expect(winners.text).toContain('Slim inkopen');
    expect(winners.text).not.toContain(summary);
    for (const path of ['/kennisbank.csv', '/kennisbank.json', '/kennisbank/feed.atom']) {
      const res = await anon().get(path).expect(200);
      expect(res.text).not.toContain(`/kennisbank/${purchasing.id}`);
      expect(res.text).toContain(`/kennisbank/${invoices.id}`);
    }
  });
});
