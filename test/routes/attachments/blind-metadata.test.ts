import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import pino from 'pino';
import { PDFDocument } from 'pdf-lib';
import type { Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';
import { updateEntryFields } from '../../../src/entries/entry.repo';
import { cleanUploads } from '../../../src/attachments/attachment.storage';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, loggedIn } from '../../helpers/agent';
import { createUser } from '../../helpers/factories';
import { createEntrant, createEntry, createOpenEdition } from '../../helpers/entries';
import { assign, createJuror } from '../../helpers/jury';
import { docxBytes, filesUnder, jpegBytes, pdfBytes } from '../../helpers/files';
import { attachmentRows, upload } from './helpers';

/**
 * Blind means blind (issue #16): jurors of a blind edition get attachments without the document metadata that
 * names the maker (PDF info and XMP, Office properties, EXIF); the entrant and organisers keep the original.
 */

const MAKER = 'Gemeente Bunnik';
let t: TestApp;
let files: Array<{ name: string; data: Buffer }>;

beforeAll(async () => {
  t = await makeTestApp();
  const pdf = await PDFDocument.load(await pdfBytes({ text: 'Samen slimmer inkopen' }));
  pdf.setAuthor(MAKER);
  pdf.setCreator(`Word (${MAKER})`);
  const docx = await JSZip.loadAsync(await docxBytes('Samen slimmer inkopen'));
  docx.file(
    'docProps/core.xml',
    `<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${MAKER}</dc:creator></cp:coreProperties>`,
  );
  files = [
    { name: 'plan.pdf', data: Buffer.from(await pdf.save({ useObjectStreams: false })) },
    { name: 'begroting.docx', data: await docx.generateAsync({ type: 'nodebuffer' }) },
    { name: 'foto.jpg', data: jpegBytes({ app1: `Artist\0${MAKER}` }) },
  ];
});
afterAll(() => t.close());

interface Setup {
  edition: Edition;
  entry: Entry;
  entrant: Browser;
  juror: Browser;
}

async function setup(
  year: number,
  blind: boolean,
  uploads = files,
): Promise<Setup & { status: number; text: string }> {
  const { edition } = await createOpenEdition(t, {
    blindJudging: blind,
    year,
    maxFiles: 5,
    allowedTypes: ['pdf', 'docx', 'jpeg'],
  });
  const { organisation, submitter } = await createEntrant(t, { organisationName: `Bunnik ${year}` });
  const entry = await createEntry(t, {
    edition,
    organisationId: organisation.id,
    userId: submitter.id,
    status: 'submitted',
  });
  await updateEntryFields(t.db, entry.id, { eligibility: 'eligible' }, t.clock.now());
  const entrant = await loggedIn(t.app, submitter);
  const res = await upload(entrant, entry.id, uploads);
  const juror = await createJuror(t, { edition });
  await assign(t, edition, [[juror, entry]]);
  return { edition, entry, entrant, juror: await loggedIn(t.app, juror), status: res.status, text: res.text };
}

const download = async (b: Browser, entry: Entry, id: number) => {
  const res = await b.get(`/entries/${entry.id}/attachments/${id}`).responseType('blob');
  return { status: res.status, body: res.body as Buffer, text: String(res.body) };
};
const names = (entryId: number) =>
  attachmentRows(t.db, entryId) as Promise<
    Array<{ id: number; stored_name: string; clean_stored_name: string | null }>
  >;
const onDisk = (name: string) => fs.existsSync(path.join(t.config.uploadDir, name));

describe('document metadata in blind judging', () => {
  let s: Setup;
  beforeAll(async () => {
    const made = await setup(2041, true);
    expect(made.status).toBe(303);
    s = made;
  });

  it('gives jurors each file without the metadata that names its maker, made once at upload', async () => {
    const rows = await names(s.entry.id);
    expect(rows).toHaveLength(3);
    for (const [i, row] of rows.entries()) {
      expect(row.clean_stored_name).toMatch(/^[0-9a-f-]{36}$/);
      expect(onDisk(row.stored_name) && onDisk(row.clean_stored_name!)).toBe(true);
      const got = await download(s.juror, s.entry, row.id);
      expect(got.status).toBe(200);
      expect(got.body.includes(Buffer.from('Bunnik'))).toBe(false);
      expect(got.body.equals(files[i]!.data)).toBe(false);
    }
    const docx = await JSZip.loadAsync((await download(s.juror, s.entry, rows[1]!.id)).body);
    expect(await docx.file('word/document.xml')!.async('string')).toContain('Samen slimmer inkopen');
    expect(await docx.file('docProps/core.xml')!.async('string')).not.toContain(MAKER);
    const pdf = await PDFDocument.load((await download(s.juror, s.entry, rows[0]!.id)).body, {
      updateMetadata: false,
    });
    expect([pdf.getAuthor(), pdf.getCreator(), pdf.getPageCount()]).toEqual([undefined, undefined, 1]);
  });

  it('keeps the original, byte for byte, for the entrant and organisers', async () => {
    const admin = await loggedIn(t.app, await createUser(t.db, { role: 'admin' }));
    const rows = await names(s.entry.id);
    for (const who of [s.entrant, admin])
      for (const [i, row] of rows.entries())
        expect((await download(who, s.entry, row.id)).body.equals(files[i]!.data)).toBe(true);
  });

  it('keeps the copies through the start-up cleanup and removes them with their attachment', async () => {
    const rows = await names(s.entry.id);
    const report = await cleanUploads({
      db: t.db,
      uploadDir: t.config.uploadDir,
      logger: pino({ level: 'silent' }),
      now: new Date(Date.now() + 86_400_000),
    });
    expect(report.orphans).not.toContain(rows[0]!.clean_stored_name);
    expect(onDisk(rows[0]!.clean_stored_name!)).toBe(true);

    const form = `/entries/${s.entry.id}/attachments/${rows[0]!.id}/delete`;
    const res = await s.entrant.submit(form, form, {});
    expect(res.status).toBe(303);
    expect([onDisk(rows[0]!.stored_name), onDisk(rows[0]!.clean_stored_name!)]).toEqual([false, false]);
  });
});

describe('a file that cannot be stripped', () => {
  it('is refused at upload in a blind edition, with the reason, and nothing is stored', async () => {
    const encrypted = await PDFDocument.load(await pdfBytes());
    encrypted.context.trailerInfo.Encrypt = encrypted.context.obj({ Filter: 'Standard', V: 1, R: 2 });
    const before = filesUnder(t.config.uploadDir).length;
    const made = await setup(2042, true, [
      { name: 'beveiligd.pdf', data: Buffer.from(await encrypted.save({ useObjectStreams: false })) },
    ]);
    expect(made.status).toBe(422);
    expect(made.text).toContain('kan niet zonder documentgegevens');
    expect(await names(made.entry.id)).toEqual([]);
    expect(filesUnder(t.config.uploadDir).length).toBe(before);
  });
});

describe('an edition made blind after the files came in', () => {
  it('makes the copy the first time a juror asks, once, and records it', async () => {
    const s = await setup(2043, false);
    expect(s.status).toBe(303);
    expect((await names(s.entry.id)).map((r) => r.clean_stored_name)).toEqual([null, null, null]);
    await t.db('editions').where({ id: s.edition.id }).update({ blind_judging: true });

    const [pdfRow] = await names(s.entry.id);
    const [first, second] = await Promise.all([
      download(s.juror, s.entry, pdfRow!.id),
      download(s.juror, s.entry, pdfRow!.id),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.includes(Buffer.from('Bunnik'))).toBe(false);
    expect(first.body.equals(second.body)).toBe(true);
    const recorded = (await names(s.entry.id))[0]!.clean_stored_name!;
    expect(onDisk(recorded)).toBe(true);
    // the race left no second copy behind in tmp or beside the originals
    expect(filesUnder(path.join(t.config.uploadDir, 'tmp'))).toEqual([]);
  });

  it('withholds a file it cannot strip from jurors, with the reason, and keeps it for the organisers', async () => {
    const encrypted = await PDFDocument.load(await pdfBytes());
    encrypted.context.trailerInfo.Encrypt = encrypted.context.obj({ Filter: 'Standard', V: 1, R: 2 });
    const s = await setup(2044, false, [
      { name: 'beveiligd.pdf', data: Buffer.from(await encrypted.save({ useObjectStreams: false })) },
    ]);
    expect(s.status).toBe(303);
    await t.db('editions').where({ id: s.edition.id }).update({ blind_judging: true });
    const [row] = await names(s.entry.id);
    const refused = await s.juror.get(`/entries/${s.entry.id}/attachments/${row!.id}`);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('kan niet zonder documentgegevens');
    expect((await download(s.entrant, s.entry, row!.id)).status).toBe(200);
  });
});
