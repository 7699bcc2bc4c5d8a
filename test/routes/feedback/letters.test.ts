/**
 * Feedback letters (issue #13): prepared after the announcement from the results engine's numbers and the jurors'
 * comments without names, edited, released one by one or all at once (with a confirmation), mailed to every member
 * of the entrant organisation in their language, read and downloaded as PDF by them only, and only once released.
 */
import fs from 'node:fs';
import request from 'supertest';
import type { Criterion, Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';
import { loggedIn, type Browser } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';
import {
  createRankedEntry,
  createResultsEdition,
  createSeatedJuror,
  writeSheet,
} from '../../helpers/results';
import { binary, pdfText } from '../../helpers/results-parse';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

let t: TestApp;
let admin: TestUser;
let organiser: Browser;
let edition: Edition;
let criteria: Criterion[];
let anna: TestUser;
let bram: TestUser;
const entries = {} as Record<
  'x' | 'y' | 'z',
  { entry: Entry; submitter: TestUser; organisation: { id: number } }
>;
let colleague: TestUser;

const base = () => `/admin/editions/${edition.id}/feedback`;
const letterOf = async (entry: Entry) =>
  t.db('feedback_letters').where({ entry_id: entry.id }).first() as Promise<{
    id: number;
    body: string;
    status: string;
    language: string;
    released_at: unknown;
  }>;
const getPdf = (browser: Browser, entry: Entry) =>
  browser.get(`/entries/${entry.id}/feedback.pdf`).buffer(true).parse(binary);

// Scale 0–10, five criteria (25, 25, 20, 15, 15).  Anna                Bram
//   X Slim inkopen    [9, 5, 7, 7, 7] → 70           all 7 → 70      criterion means 8, 6, 7, 7, 7; mean 70
//   Y Digitale balie  [5, 9, 7, 7, 7] → 70           all 7 → 70      6, 8, 7, 7, 7; mean 70
//   Z Groene daken    all 5 → 50                     all 6 → 60      5.5 everywhere; mean 55
// Field on Innovatiekracht: 5.5, 6, 8 → median 6, quartiles (Tukey's hinges) 5.5 and 8.
// Weighted totals: 55, 70, 70 → median 70, quartiles 55 and 70.
beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-20T10:00:00Z') });
  admin = await createUser(t.db, { role: 'admin', name: 'Olga Organisator' });
  organiser = await loggedIn(t.app, admin);
  const made = await createResultsEdition(t, { year: 2027 });
  ({ edition, criteria } = made);
  const make = (title: string, organisationName: string) =>
    createRankedEntry(t, { edition, categoryId: made.categoryId, title, organisationName });
  entries.x = await make('Slim inkopen', 'Appeldorp');
  entries.y = await make('Digitale balie', 'Berkel');
  entries.z = await make('Groene daken', 'Dalen');
  colleague = await createUser(t.db, {
    role: 'submitter',
    name: 'Carla Collega',
    organisationId: entries.x.organisation.id,
  });
  await t.db('users').where({ id: colleague.id }).update({ language: 'en' });
  anna = await createSeatedJuror(t, { edition, name: 'Anna Aalders', invitedBy: admin });
  bram = await createSeatedJuror(t, { edition, name: 'Bram van den Bos', invitedBy: admin });
  const sheet = (juror: TestUser, entry: Entry, values: number | number[], extra = {}) =>
    writeSheet(t, { edition, criteria, juror, entry, values, ...extra });
  await sheet(anna, entries.x.entry, [9, 5, 7, 7, 7], {
    motivation: 'Overtuigend en overdraagbaar. Als Anna Aalders ken ik dit soort projecten goed.',
    comments: { 0: 'Echt nieuw in de regio.' },
  });
  await sheet(anna, entries.y.entry, [5, 9, 7, 7, 7]);
  await sheet(anna, entries.z.entry, 5);
  await sheet(bram, entries.x.entry, 7, {
    comments: { 0: `Bos vindt het sterk; mail gerust naar ${bram.email} voor toelichting.` },
  });
  await sheet(bram, entries.y.entry, 7, { comments: { 1: 'Zeer bruikbaar voor burgers.' } });
  await sheet(bram, entries.z.entry, 6);
  const results = `/admin/editions/${edition.id}/results`;
  await organiser.submit(
    `${results}/entries/${entries.x.entry.id}`,
    `${results}/entries/${entries.x.entry.id}/nomination`,
    {
      kind: 'nominee',
    },
  );
  const decided = await organiser.submit(results, `${results}/decision`, {
    winnerEntryId: String(entries.x.entry.id),
    motivation: 'Slim inkopen laat zien hoe gemeenten samen sneller inkopen.',
  });
  expect(decided.status).toBe(303);
});

afterAll(() => t.close());

describe('before the announcement', () => {
  it('refuses to prepare letters (409), and an entrant finds nothing', async () => {
    const page = await organiser.get(base()).expect(200);
    expect(page.text).toContain('pas worden voorbereid als de uitslag is bekendgemaakt');
    const res = await organiser.submit(base(), `${base()}/generate`, { language: 'nl' });
    expect(res.status).toBe(409);
    expect(await t.db('feedback_letters')).toHaveLength(0);
    const entrant = await loggedIn(t.app, entries.x.submitter);
    await entrant.get(`/entries/${entries.x.entry.id}/feedback`).expect(404);
  });
});

describe('after the announcement', () => {
  let entrantX: Browser;
  let entrantY: Browser;
  beforeAll(async () => {
    const announced = await organiser.submit(
      `/admin/editions/${edition.id}/announce`,
      `/admin/editions/${edition.id}/announce`,
      {},
    );
    expect(announced.status).toBe(303);
    entrantX = await loggedIn(t.app, entries.x.submitter);
    entrantY = await loggedIn(t.app, entries.y.submitter);
    t.sink.mails.length = 0;
  });

  it('prepares a draft per entry in the ranking from the results engine’s numbers, audited', async () => {
    const res = await organiser.submit(base(), `${base()}/generate`, { language: 'nl' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${base()}?notice=generated`);
    const letters = await t.db('feedback_letters').orderBy('entry_id');
    expect(letters.map((l) => [l.entry_id, l.status, l.language])).toEqual([
      [entries.x.entry.id, 'draft', 'nl'],
      [entries.y.entry.id, 'draft', 'nl'],
      [entries.z.entry.id, 'draft', 'nl'],
    ]);
    const x = (await letterOf(entries.x.entry)).body;
    expect(x).toContain('Beste betrokkenen bij Appeldorp,');
    expect(x).toContain(
      'De jury heeft 3 inzendingen beoordeeld; aantal juryleden dat uw inzending scoorde: 2.',
    );
    expect(x).toContain(
      '- Innovatiekracht (weegt 25 %): uw inzending 8,00; alle inzendingen: mediaan 6,00, kwartielen 5,50–8,00. Boven of op de mediaan.',
    );
    expect(x).toContain(
      '- Gewogen totaalscore (0–100): uw inzending 70,00; alle inzendingen: mediaan 70,00, kwartielen 55,00–70,00. Boven of op de mediaan.',
    );
    const z = (await letterOf(entries.z.entry)).body;
    expect(z).toContain(
      'uw inzending 5,50; alle inzendingen: mediaan 6,00, kwartielen 5,50–8,00. Onder de mediaan.',
    );
    expect(z).toContain('De juryleden hebben bij uw inzending geen opmerkingen geschreven.');
    const audit = await t.db('audit_events').where({ action: 'letter.generate' });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].after_json).entryIds).toHaveLength(3);

    const list = await organiser.get(base()).expect(200);
    expect(list.text).toContain('2027-001 Slim inkopen');
    expect(list.text.match(/>Concept</g)).toHaveLength(3);
    expect(list.text).toContain('Alle 3 conceptbrieven vrijgeven');
  });

  it('quotes the jurors’ comments without any juror’s name or address, by criterion, not by juror', async () => {
    const x = (await letterOf(entries.x.entry)).body;
    for (const identifying of ['Anna', 'Aalders', 'Bram', 'Bos', bram.email, anna.email, 'Jurylid'])
      expect(x).not.toContain(identifying);
    expect(x).toContain(
      'Algemeen:\n- Overtuigend en overdraagbaar. Als [naam] ken ik dit soort projecten goed.',
    );
    // Under the criterion, sorted by the text as printed (names already out): nothing in the order tells who wrote
    // which ("[" sorts before letters).
    expect(x).toContain(
      'Innovatiekracht:\n- [naam] vindt het sterk; mail gerust naar [naam] voor toelichting.\n- Echt nieuw in de regio.',
    );
    const y = (await letterOf(entries.y.entry)).body;
    expect(y).toContain('Efficiëntie (tijd en geld):\n- Zeer bruikbaar voor burgers.');
  });

  it('shows nothing to entrants while the letters are drafts', async () => {
    await entrantX.get(`/entries/${entries.x.entry.id}/feedback`).expect(404);
    await getPdf(entrantX, entries.x.entry).expect(404);
    const entryPage = await entrantX.get(`/entries/${entries.x.entry.id}`).expect(200);
    expect(entryPage.text).not.toContain('/feedback');
    expect(t.sink.mails).toHaveLength(0);
  });

  it('lets the organiser edit a draft (audited); an empty text is a 422 with the error summary', async () => {
    const letter = await letterOf(entries.x.entry);
    const page = `${base()}/${letter.id}`;
    const empty = await organiser.submit(page, page, { body: '   ' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Schrijf de tekst van de brief');
    expect((await letterOf(entries.x.entry)).body).toBe(letter.body);
    const edited = `${letter.body}\n\nPS: wij nodigen u graag uit voor de kennisdag.`;
    const saved = await organiser.submit(page, page, { body: edited });
    expect(saved.status).toBe(303);
    expect((await letterOf(entries.x.entry)).body).toBe(edited);
    const audit = await t.db('audit_events').where({ action: 'letter.edit', subject_id: entries.x.entry.id });
    expect(audit).toHaveLength(1);
  });

  it('releases one letter after a confirmation: mailed to every member in their language, readable and downloadable', async () => {
    const letter = await letterOf(entries.x.entry);
    const confirmPage = `${base()}/release?letter=${letter.id}`;
    const page = await organiser.get(confirmPage).expect(200);
    expect(page.text).toContain('U geeft 1 brief vrij');
    const unconfirmed = await organiser.submit(confirmPage, `${base()}/release`, {
      letterId: String(letter.id),
    });
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.text).toContain('Bevestig het vrijgeven met het vinkje');
    expect((await letterOf(entries.x.entry)).status).toBe('draft');

    const released = await organiser.submit(confirmPage, `${base()}/release`, {
      letterId: String(letter.id),
      confirm: 'yes',
    });
    expect(released.status).toBe(303);
    expect((await letterOf(entries.x.entry)).status).toBe('released');
    expect((await letterOf(entries.y.entry)).status).toBe('draft');
    const audit = await t.db('audit_events').where({ action: 'letter.release' });
    expect(audit.map((a) => a.subject_id)).toEqual([entries.x.entry.id]);

    const nl = await t.sink.waitForMail(entries.x.submitter.email);
    expect(nl.subject).toBe('Feedback van de jury op uw inzending voor Innovatieprijs 2027');
    expect(nl.text).toContain(`http://127.0.0.1/entries/${entries.x.entry.id}/feedback`);
    const en = await t.sink.waitForMail(colleague.email);
    expect(en.subject).toBe('Feedback from the jury on your entry for Innovatieprijs 2027');
    expect(t.sink.mailsTo(entries.y.submitter.email)).toHaveLength(0);
    expect(await t.db('mail_outbox').where({ template: 'feedback.mail.released' })).toHaveLength(2);

    const entryPage = await entrantX.get(`/entries/${entries.x.entry.id}`).expect(200);
    expect(entryPage.text).toContain(`/entries/${entries.x.entry.id}/feedback`);
    const read = await entrantX.get(`/entries/${entries.x.entry.id}/feedback`).expect(200);
    expect(read.text).toContain('wij nodigen u graag uit voor de kennisdag');
    expect(read.text).toContain('Innovatiekracht (weegt 25 %): uw inzending 8,00');
    expect(read.text).not.toContain('Aalders');

    const pdf = await getPdf(entrantX, entries.x.entry)
      .expect(200)
      .expect('Content-Type', /application\/pdf/);
    if (process.env.FEEDBACK_PDF_OUT) fs.writeFileSync(process.env.FEEDBACK_PDF_OUT, pdf.body as Buffer);
    const text = pdfText(pdf.body as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain('Feedback op uw inzending 2027-001 Slim inkopen');
    expect(text).toContain('Innovatiekracht (weegt 25 %): uw inzending 8,00; alle inzendingen: mediaan 6,00');
    expect(text).toContain('wij nodigen u graag uit voor de kennisdag');
    expect(text).toContain('Pagina 1 van');
    expect(text).not.toMatch(/Aalders|Bram|Anna/);
    const raw = (pdf.body as Buffer).toString('latin1');
    expect(raw).toMatch(/\/StructTreeRoot \d+ 0 R/);
    expect(raw).toMatch(/<<\s*\/Marked true\s*>>/);
    expect(raw).toMatch(/\/Lang \(nl-NL\)|\/Lang \(nl\)/);

    // Y's letter is still a draft: its members see nothing.
    await entrantY.get(`/entries/${entries.y.entry.id}/feedback`).expect(404);
  });

  it('keeps a released letter as it was: editing it is refused (409)', async () => {
    const letter = await letterOf(entries.x.entry);
    const page = `${base()}/${letter.id}`;
    const shown = await organiser.get(page).expect(200);
    expect(shown.text).toContain('kan niet meer worden gewijzigd');
    const res = await organiser.submit(`${base()}/${(await letterOf(entries.y.entry)).id}`, page, {
      body: 'Iets anders',
    });
    expect(res.status).toBe(409);
    expect((await letterOf(entries.x.entry)).body).toBe(letter.body);
  });

  it('denies the letter to other organisations’ members, jurors, organisers on the entrant page and visitors', async () => {
    await entrantY.get(`/entries/${entries.x.entry.id}/feedback`).expect(404);
    await getPdf(entrantY, entries.x.entry).expect(404);
    const juror = await loggedIn(t.app, anna);
    await juror.get(`/entries/${entries.x.entry.id}/feedback`).expect(403);
    await getPdf(juror, entries.x.entry).expect(403);
    await organiser.get(`/entries/${entries.x.entry.id}/feedback`).expect(403);
    const res = await request(t.app).get(`/entries/${entries.x.entry.id}/feedback`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
    // The organisers' pages answer 404 to everyone else, as the results do.
    await entrantX.get(base()).expect(404);
    await juror.get(base()).expect(404);
  });

  it('releases every remaining draft at once after a confirmation; then there is nothing left to release', async () => {
    t.sink.mails.length = 0;
    const page = await organiser.get(`${base()}/release`).expect(200);
    expect(page.text).toContain('U geeft 2 brieven vrij');
    expect(page.text).toContain('2027-002 Digitale balie');
    expect(page.text).not.toContain('2027-001 Slim inkopen');
    const res = await organiser.submit(`${base()}/release`, `${base()}/release`, { confirm: 'yes' });
    expect(res.status).toBe(303);
    expect((await t.db('feedback_letters').where({ status: 'released' })).length).toBe(3);
    await t.sink.waitForMail(entries.y.submitter.email);
    await t.sink.waitForMail(entries.z.submitter.email);
    expect(t.sink.mailsTo(entries.x.submitter.email)).toHaveLength(0);
    await entrantY.get(`/entries/${entries.y.entry.id}/feedback`).expect(200);
    expect(await t.db('audit_events').where({ action: 'letter.release' })).toHaveLength(3);

    await organiser.get(`${base()}/release`).expect(409);
    const again = await organiser.submit(base(), `${base()}/release`, { confirm: 'yes' });
    expect(again.status).toBe(409);
    // Preparing again adds nothing and changes nothing.
    const before = await t.db('feedback_letters').orderBy('id');
    expect((await organiser.submit(base(), `${base()}/generate`, { language: 'nl' })).status).toBe(303);
    expect(await t.db('feedback_letters').orderBy('id')).toEqual(before);
  });

  it('writes letters in the chosen language; an unknown language is a 422 with the form', async () => {
    const bad = await organiser.submit(base(), `${base()}/generate`, { language: 'de' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Kies de taal van de brieven');
    // A letter for an entry that has none (here: removed by hand) is made in English.
    await t.db('feedback_letters').where({ entry_id: entries.z.entry.id }).del();
    expect((await organiser.submit(base(), `${base()}/generate`, { language: 'en' })).status).toBe(303);
    const z = await letterOf(entries.z.entry);
    expect(z.language).toBe('en');
    expect(z.body).toContain('Dear colleagues at Dalen,');
    expect(z.body).toContain('- Innovativeness (weight 25%): your entry 5.50; all entries: median 6.00');
    // Released, its PDF is in English throughout, with English as the document language.
    const released = await organiser.submit(`${base()}/release?letter=${z.id}`, `${base()}/release`, {
      letterId: String(z.id),
      confirm: 'yes',
    });
    expect(released.status).toBe(303);
    const entrantZ = await loggedIn(t.app, entries.z.submitter);
    const pdf = await getPdf(entrantZ, entries.z.entry).expect(200);
    expect(pdfText(pdf.body as Buffer).replace(/\s+/g, ' ')).toContain(
      'Feedback on your entry 2027-003 Groene daken',
    );
    expect((pdf.body as Buffer).toString('latin1')).toMatch(/\/Lang \(en-GB\)|\/Lang \(en\)/);
  });
});
