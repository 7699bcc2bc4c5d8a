import fs from 'node:fs';
import path from 'node:path';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, loggedIn } from '../../helpers/agent';
import { createUser } from '../../helpers/factories';
import { createEntrant, createEntry, createOpenEdition, type World } from '../../helpers/entries';
import { docxBytes, pdfBytes, pngBytes, readZip, sha256 } from '../../helpers/files';
import type { Edition } from '../../../src/editions/edition.types';
import { attachmentRows, upload, type Upload } from './helpers';

let t: TestApp;
let admin: Browser;
let edition: Edition;
let files: Record<string, Upload[]>;
const ids: Record<string, number> = {};

/** An entry of a new organisation with the given files, uploaded over HTTP by its submitter. */
async function entryWith(
  w: World,
  e: Edition,
  title: string,
  status: 'draft' | 'submitted',
  uploads: Upload[],
) {
  const { organisation, submitter } = await createEntrant(w);
  const entry = await createEntry(w, {
    edition: e,
    organisationId: organisation.id,
    userId: submitter.id,
    title,
    status,
  });
  const res = await upload(await loggedIn(t.app, submitter), entry.id, uploads);
  expect(res.status).toBe(303);
  return entry.id;
}

beforeAll(async () => {
  t = await makeTestApp();
  edition = (await createOpenEdition(t)).edition;
  const pdf = await pdfBytes({ text: 'Plan A' });
  files = {
    first: [
      { name: 'plan.pdf', data: pdf },
      { name: 'Plan.PDF', data: await pdfBytes({ text: 'Plan B' }) },
      { name: 'begroting: versie 2?.docx', data: await docxBytes() },
    ],
    second: [{ name: 'foto.png', data: pngBytes() }],
    draft: [{ name: 'concept.pdf', data: pdf }],
  };
  ids.first = await entryWith(t, edition, 'Samen slimmer inkopen', 'submitted', files.first!);
  ids.second = await entryWith(t, edition, 'Data/AI: "slimmer" werken...', 'submitted', files.second!);
  ids.draft = await entryWith(t, edition, 'Nog niet ingediend', 'draft', files.draft!);
  const other = (await createOpenEdition(t, { year: 2026 })).edition;
  ids.otherEdition = await entryWith(t, other, 'Vorig jaar', 'submitted', files.second!);
  admin = await loggedIn(t.app, await createUser(t.db, { role: 'admin' }));
});
afterAll(() => t.close());

const getZip = (b: Browser, url: string) => b.get(url).responseType('blob');

describe('ZIP downloads for organisers', () => {
  it('streams one entry’s attachments with safe, unique names and identical bytes', async () => {
    const res = await getZip(admin, `/admin/entries/${ids.first}/attachments.zip`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="bijlagen-inzending-2027-001.zip"; filename*=UTF-8''bijlagen-inzending-2027-001.zip`,
    );
    // Streamed as it is built: no length known in advance.
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['transfer-encoding']).toBe('chunked');
    const entries = readZip(res.body as Buffer);
    // The cover sheet first: the entry itself, its answers in form order.
    const cover = entries[0]!.data.toString('utf8');
    expect(cover).toContain('2027-001 Samen slimmer inkopen');
    expect(cover).toMatch(/Korte samenvatting\r\n-+\r\n\S/);
    expect(cover.indexOf('Het probleem')).toBeLessThan(cover.indexOf('Contactpersoon'));
    expect(entries.slice(1).map((e) => [e.name, sha256(e.data)])).toEqual([
      ['plan.pdf', sha256(files.first![0]!.data)],
      ['Plan (2).PDF', sha256(files.first![1]!.data)],
      ['begroting_ versie 2_.docx', sha256(files.first![2]!.data)],
    ]);
  });

  it('streams an edition’s submitted entries, one folder per entry named by number and title', async () => {
    const res = await getZip(admin, `/admin/editions/${edition.id}/attachments.zip`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain(`filename="bijlagen-innovatieprijs-2027.zip"`);
    const entries = readZip(res.body as Buffer);
    // A cover sheet per entry folder (a text needs no file read, so the archive may hold it ahead of the files).
    expect(entries.filter((e) => e.name.endsWith('voorblad.txt')).map((e) => e.name)).toEqual([
      '2027-001 Samen slimmer inkopen/00 voorblad.txt',
      '2027-002 Data_AI_ _slimmer_ werken/00 voorblad.txt',
    ]);
    const attachments = entries.filter((e) => !e.name.endsWith('voorblad.txt'));
    expect(attachments.map((e) => e.name)).toEqual([
      '2027-001 Samen slimmer inkopen/plan.pdf',
      '2027-001 Samen slimmer inkopen/Plan (2).PDF',
      '2027-001 Samen slimmer inkopen/begroting_ versie 2_.docx',
      '2027-002 Data_AI_ _slimmer_ werken/foto.png',
    ]);
    expect(attachments.map((e) => sha256(e.data))).toEqual(
      [...files.first!, ...files.second!].map((f) => sha256(f.data)),
    );
  });

  it('leaves out a file missing on disk and still gives a valid ZIP', async () => {
    const [row] = await attachmentRows(t.db, ids.first!);
    const file = path.join(t.config.uploadDir, row.stored_name);
    const saved = fs.readFileSync(file);
    fs.rmSync(file);
    try {
      const res = await getZip(admin, `/admin/entries/${ids.first}/attachments.zip`);
      expect(res.status).toBe(200);
      expect(readZip(res.body as Buffer).map((e) => e.name)).toEqual([
        '00 voorblad.txt',
        'Plan (2).PDF',
        'begroting_ versie 2_.docx',
      ]);
    } finally {
      fs.writeFileSync(file, saved);
    }
  });

  it('is for organisers only, and 404s for unknown editions and entries', async () => {
    for (const role of ['juror', 'submitter'] as const) {
      const user = await loggedIn(t.app, await createUser(t.db, { role }));
      expect((await user.get(`/admin/editions/${edition.id}/attachments.zip`)).status).toBe(403);
      expect((await user.get(`/admin/entries/${ids.first}/attachments.zip`)).status).toBe(403);
    }
    expect((await new Browser(t.app).get(`/admin/editions/${edition.id}/attachments.zip`)).status).toBe(303);
    expect((await admin.get('/admin/editions/999999/attachments.zip')).status).toBe(404);
    expect((await admin.get('/admin/entries/999999/attachments.zip')).status).toBe(404);
  });
});
