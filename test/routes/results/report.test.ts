/**
 * The jury report to sign (issue #12): page numbers, nominees by rank with a page each, the rule that separated
 * tied entries, the win shares of the bootstrap, the declaration and the signature block; read back with pdftotext.
 */
import fs from 'node:fs';
import type { Criterion, Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';
import { loggedIn, type Browser } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';
import {
  createRankedEntry,
  createResultsEdition,
  createSeatedJuror,
  setTieBreak,
  writeSheet,
} from '../../helpers/results';
import { binary, pdfStructure, pdfText } from '../../helpers/results-parse';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

let t: TestApp;
let organiser: Browser;
let edition: Edition;
let criteria: Criterion[];
const entries: Record<'x' | 'y' | 'z', Entry> = {} as never;

const base = () => `/admin/editions/${edition.id}`;

// Scale 0–10, five criteria (25, 25, 20, 15, 15).   Anna               Bram
//   X Slim inkopen    [9, 5, 7, 7, 7] → 70            [7, 7, 7, 7, 7] → 70     mean 70
//   Y Digitale balie  [5, 9, 7, 7, 7] → 70            [7, 7, 7, 7, 7] → 70     mean 70, tied with X
//   Z Groene daken    all 5 → 50                      all 6 → 60               mean 55
// Tie-break: the higher mean on the first criterion (Innovatiekracht): X 8 > Y 6 → X first, Y second.
beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-20T10:00:00Z') });
  const admin: TestUser = await createUser(t.db, { role: 'admin', name: 'Olga Organisator' });
  organiser = await loggedIn(t.app, admin);
  const made = await createResultsEdition(t, { year: 2027 });
  ({ edition, criteria } = made);
  await setTieBreak(t, edition, [
    { kind: 'criterion', criterionId: criteria[0]!.id },
    { kind: 'juryDecision' },
  ]);
  const make = (title: string, organisationName: string) =>
    createRankedEntry(t, { edition, categoryId: made.categoryId, title, organisationName });
  entries.x = (await make('Slim inkopen', 'Appeldorp')).entry;
  entries.y = (await make('Digitale balie', 'Berkel')).entry;
  entries.z = (await make('Groene daken', 'Dalen')).entry;
  const anna = await createSeatedJuror(t, { edition, name: 'Anna Aalders', invitedBy: admin });
  const bram = await createSeatedJuror(t, { edition, name: 'Bram Bos', invitedBy: admin });
  const sheet = (juror: TestUser, entry: Entry, values: number | number[], extra = {}) =>
    writeSheet(t, { edition, criteria, juror, entry, values, ...extra });
  await sheet(anna, entries.x, [9, 5, 7, 7, 7], { motivation: 'Overtuigend en overdraagbaar.' });
  await sheet(anna, entries.y, [5, 9, 7, 7, 7]);
  await sheet(anna, entries.z, 5);
  await sheet(bram, entries.x, 7);
  await sheet(bram, entries.y, 7, { comments: { 1: 'Zeer bruikbaar voor burgers.' } });
  await sheet(bram, entries.z, 6);
  // Nominated in the reverse of their rank: the report lists them by rank all the same.
  for (const entry of [entries.z, entries.y, entries.x])
    await organiser.submit(
      `${base()}/results/entries/${entry.id}`,
      `${base()}/results/entries/${entry.id}/nomination`,
      {
        kind: 'nominee',
      },
    );
});

afterAll(async () => {
  await t.close();
});

describe('the jury report PDF', () => {
  let pdf: Buffer;
  let text: string;
  beforeAll(async () => {
    const res = await organiser.get(`${base()}/jury-report.pdf`).buffer(true).parse(binary).expect(200);
    pdf = res.body as Buffer;
    text = pdfText(pdf);
    if (process.env.REPORT_PDF_OUT) fs.writeFileSync(process.env.REPORT_PDF_OUT, pdf);
  });

  it('numbers every page "Pagina i van n"', () => {
    const pages = text.split('\f').filter((page) => page.trim() !== '');
    expect(pages.length).toBeGreaterThanOrEqual(5);
    pages.forEach((page, index) => expect(page).toContain(`Pagina ${index + 1} van ${pages.length}`));
  });

  it('says which rule separated the tied entries', () => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Wat de eerste plaats besliste (2027-001 Slim inkopen):');
    expect(flat).toContain('beslist door: hogere gemiddelde score op Innovatiekracht');
  });

  it('states the win shares of the recomputations', () => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Herberekend met 2000 keer');
    expect(flat).toMatch(/2027-001 Slim inkopen wint in \d+ % van de herberekeningen/);
  });

  it('lists the nominees by rank, each on a page of its own with its profile and the comments without names', () => {
    const flat = text.replace(/\s+/g, ' ');
    const list = flat.slice(flat.indexOf('Genomineerden'));
    expect(list.indexOf('Plaats 1: Appeldorp: Slim inkopen')).toBeGreaterThan(-1);
    expect(list.indexOf('Plaats 1')).toBeLessThan(list.indexOf('Plaats 2'));
    expect(list.indexOf('Plaats 2')).toBeLessThan(list.indexOf('Plaats 3'));
    const pages = text.split('\f');
    const yPage = pages.find((page) => page.trimStart().startsWith('2027-002 Digitale balie'));
    expect(yPage).toBeDefined();
    expect(yPage!.replace(/\s+/g, ' ')).toContain('Zeer bruikbaar voor burgers.');
    expect(text).not.toContain('Bram Bos: Zeer');
  });

  it('ends with the jury’s declaration and a signature block for the chair, in a tagged PDF with its language', () => {
    expect(text).toContain('Verklaring van de jury');
    expect(text).toContain('Naam voorzitter');
    expect(text).toContain('Handtekening');
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(raw).toMatch(/<<\s*\/Marked true\s*>>/);
    expect(raw).toMatch(/\/StructTreeRoot \d+ 0 R/);
    expect(raw).toMatch(/\/Lang \(nl-NL\)|\/Lang \(nl\)/);
  });

  it('is tagged with a structure in reading order: headings, paragraphs, lists, the table with column headers', () => {
    const tree = pdfStructure(pdf);
    const line = (element: string, text: string) =>
      new RegExp(`^\\s*${element}\\b.*\\n\\s*"${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm');
    expect(tree.split('\n')[0]).toBe('Document');
    expect(tree).toMatch(line('H1', 'Juryrapport'));
    expect(tree).toMatch(line('H2', 'Ranglijst'));
    expect(tree).toMatch(line('H2', '2027-002 Digitale balie'));
    expect(tree).toMatch(line('H3', 'Profiel per criterium'));
    expect(tree).toMatch(line('H2', 'Verklaring van de jury'));
    expect(tree).toMatch(line('P', 'Naam voorzitter'));
    expect(tree).toMatch(
      /LI \(block\)\n\s*LBody \(block\)\n\s*"• {2}Plaats 1: Appeldorp: Slim inkopen \(2027-001\)"/,
    );
    expect(tree).toMatch(/Table <table-0>/);
    expect(tree).toMatch(/TH <table-0-0-0>:[\s\S]*?\/Scope \/Column/);
    expect(tree).toMatch(/TD <table-0-1-2>:[\s\S]*?"Slim inkopen"/);
    // The page footers and the signature lines are artifacts: read on paper, skipped by a screen reader.
    expect(text).toContain('Pagina 1 van');
    expect(tree).not.toContain('Pagina 1 van');
  });
});
