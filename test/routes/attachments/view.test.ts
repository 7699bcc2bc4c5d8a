import type { Response } from 'supertest';
import { updateEntryFields } from '../../../src/entries/entry.repo';
import type { Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, loggedIn } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';
import { createEntrant, createEntry, createOpenEdition } from '../../helpers/entries';
import { assign, createJuror } from '../../helpers/jury';
import { docxBytes, pdfBytes, pngBytes } from '../../helpers/files';
import { attachmentRows, upload } from './helpers';

/**
 * Reading attachments: PDFs shown in the browser ("Bekijken") beside the download, and in blind judging file names
 * that do not give the entrant away. Files are uploaded by the entrant through the real upload route.
 */

let t: TestApp;
let pdf: Buffer;
let docx: Buffer;

beforeAll(async () => {
  t = await makeTestApp();
  pdf = await pdfBytes({ text: 'Plan van Gemeente Bunnik' });
  docx = await docxBytes();
});
afterAll(() => t.close());

interface Reading {
  edition: Edition;
  entry: Entry;
  entrant: Browser;
  juror: Browser;
  jurorUser: TestUser;
  /** The attachment ids in upload order: a PDF, a Word file and a PNG. */
  ids: [number, number, number];
}

/**
 * An open edition (blind or not) with a submitted, admitted entry of "Gemeente Bunnik" whose entrant uploaded a PDF,
 * a Word file and a PNG, all named after the municipality, and a juror it is assigned to.
 */
async function reading(options: { blind: boolean; year: number }): Promise<Reading> {
  const { edition } = await createOpenEdition(t, {
    blindJudging: options.blind,
    year: options.year,
    maxFiles: 5,
  });
  const { organisation, submitter } = await createEntrant(t, { organisationName: `Bunnik ${options.year}` });
  const entry = await createEntry(t, {
    edition,
    organisationId: organisation.id,
    userId: submitter.id,
    status: 'submitted',
  });
  await updateEntryFields(t.db, entry.id, { eligibility: 'eligible' }, t.clock.now());
  const entrant = await loggedIn(t.app, submitter);
  const res = await upload(entrant, entry.id, [
    { name: 'Gemeente-Bunnik-plan.pdf', data: pdf },
    { name: 'Begroting Bunnik.docx', data: docx },
    { name: 'Bunnik-kaart.png', data: pngBytes() },
  ]);
  expect(res.status).toBe(303);
  const ids = (await attachmentRows(t.db, entry.id)).map((r: { id: number }) => r.id) as Reading['ids'];
  const jurorUser = await createJuror(t, { edition });
  await assign(t, edition, [[jurorUser, entry]]);
  return { edition, entry, entrant, juror: await loggedIn(t.app, jurorUser), jurorUser, ids };
}

const fileUrl = (entry: Entry, id: number, mode: 'download' | 'view') =>
  `/entries/${entry.id}/attachments/${id}${mode === 'view' ? '/view' : ''}`;
const fetchFile = (b: Browser, entry: Entry, id: number, mode: 'download' | 'view', lng = 'nl') =>
  b
    .get(fileUrl(entry, id, mode))
    .set('Accept-Language', lng)
    .responseType('blob');
const disposition = (kind: 'attachment' | 'inline', name: string) =>
  `${kind}; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`;
const headersOf = (res: Response) => JSON.stringify(res.headers);

describe('viewing a PDF in the browser', () => {
  let r: Reading;
  beforeAll(async () => {
    r = await reading({ blind: false, year: 2031 });
  });

  it('sends a PDF inline, as PDF, without sniffing, sandboxed and uncached, with the identical bytes', async () => {
    const res = await fetchFile(r.entrant, r.entry, r.ids[0], 'view');
    expect(res.status).toBe(200);
    expect(Buffer.compare(res.body as Buffer, pdf)).toBe(0);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-length']).toBe(String(pdf.length));
    expect(res.headers['content-disposition']).toBe(disposition('inline', 'Gemeente-Bunnik-plan.pdf'));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(res.headers['cache-control']).toBe('private, no-store');
    // The download of the same file stays a download.
    const download = await fetchFile(r.entrant, r.entry, r.ids[0], 'download');
    expect(download.headers['content-disposition']).toBe(
      disposition('attachment', 'Gemeente-Bunnik-plan.pdf'),
    );
    expect(download.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
  });

  it('keeps downloading every other type, under its own type', async () => {
    const word = await fetchFile(r.entrant, r.entry, r.ids[1], 'view');
    expect(word.status).toBe(200);
    expect(Buffer.compare(word.body as Buffer, docx)).toBe(0);
    expect(word.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(word.headers['content-disposition']).toBe(disposition('attachment', 'Begroting Bunnik.docx'));
    const image = await fetchFile(r.entrant, r.entry, r.ids[2], 'view');
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['content-disposition']).toMatch(/^attachment; /);
  });

  it('answers HEAD with the headers only', async () => {
    const res = await r.entrant.agent.head(fileUrl(r.entry, r.ids[0], 'view'));
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^inline; /);
    expect(res.headers['content-length']).toBe(String(pdf.length));
  });

  it('lets in exactly those who may download: the entrant, organisers and the assigned juror', async () => {
    const admin = await loggedIn(t.app, await createUser(t.db, { role: 'admin' }));
    const { submitter } = await createEntrant(t);
    const stranger = await loggedIn(t.app, submitter);
    const unassigned = await loggedIn(t.app, await createJuror(t, { edition: r.edition }));
    for (const mode of ['download', 'view'] as const) {
      for (const [who, status] of [
        [r.entrant, 200],
        [admin, 200],
        [r.juror, 200],
        [stranger, 404],
        [unassigned, 404],
      ] as const) {
        expect({ mode, status: (await fetchFile(who, r.entry, r.ids[0], mode)).status }).toEqual({
          mode,
          status,
        });
      }
      // Through another entry's address, and for ids that do not exist.
      const other = await createEntry(t, {
        edition: r.edition,
        organisationId: r.entry.organisationId,
        userId: r.entry.createdByUserId!,
      });
      expect((await fetchFile(r.entrant, other, r.ids[0], mode)).status).toBe(404);
      expect((await fetchFile(r.entrant, r.entry, 999999, mode)).status).toBe(404);
    }
    const anonymous = await new Browser(t.app).get(fileUrl(r.entry, r.ids[0], 'view'));
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe(
      `/login?next=${encodeURIComponent(fileUrl(r.entry, r.ids[0], 'view'))}`,
    );
  });

  it('offers a "Bekijken" link for PDFs only, named with the file, its type and size', async () => {
    const admin = await loggedIn(t.app, await createUser(t.db, { role: 'admin' }));
    const link = (id: number, name: string) =>
      `<a class="utrecht-link" href="/entries/${r.entry.id}/attachments/${id}/view">Bekijken<span class="ip-visually-hidden">: ${name} (PDF, `;
    for (const page of [
      await r.entrant.get(`/entries/${r.entry.id}/edit`).expect(200),
      await r.entrant.get(`/entries/${r.entry.id}`).expect(200),
      await admin.get(`/admin/entries/${r.entry.id}`).expect(200),
      await r.juror.get(`/jury/entries/${r.entry.id}`).expect(200),
    ]) {
      expect(page.text).toContain(link(r.ids[0], 'Gemeente-Bunnik-plan.pdf'));
      expect(page.text).not.toContain(`/attachments/${r.ids[1]}/view`);
      expect(page.text).not.toContain(`/attachments/${r.ids[2]}/view`);
      // The download links stay.
      for (const id of r.ids) expect(page.text).toContain(`href="/entries/${r.entry.id}/attachments/${id}"`);
    }
  });
});

describe('file names in blind judging', () => {
  let r: Reading;
  beforeAll(async () => {
    r = await reading({ blind: true, year: 2032 });
  });

  it('gives jurors neutral names, numbered as on their page, for download and view', async () => {
    const page = await r.juror.get(`/jury/entries/${r.entry.id}`).expect(200);
    expect(page.text).not.toContain('Bunnik');
    const listed = [
      ...page.text.matchAll(/href="\/entries\/\d+\/attachments\/(\d+)">Bijlage (\d+)<\/a>/g),
    ].map((m) => [Number(m[1]), Number(m[2])]);
    expect(listed).toEqual([
      [r.ids[0], 1],
      [r.ids[1], 2],
      [r.ids[2], 3],
    ]);
    expect(page.text).toContain(
      `href="/entries/${r.entry.id}/attachments/${r.ids[0]}/view">Bekijken<span class="ip-visually-hidden">: Bijlage 1 (PDF, `,
    );

    const expected: Array<[number, string]> = [
      [r.ids[0], 'bijlage-1.pdf'],
      [r.ids[1], 'bijlage-2.docx'],
      [r.ids[2], 'bijlage-3.png'],
    ];
    for (const [id, name] of expected) {
      const download = await fetchFile(r.juror, r.entry, id, 'download');
      expect(download.status).toBe(200);
      expect(download.headers['content-disposition']).toBe(disposition('attachment', name));
      expect(headersOf(download)).not.toContain('Bunnik');
    }
    const view = await fetchFile(r.juror, r.entry, r.ids[0], 'view');
    expect(view.headers['content-disposition']).toBe(disposition('inline', 'bijlage-1.pdf'));
    expect(headersOf(view)).not.toContain('Bunnik');
  });

  it('names them in the juror’s language', async () => {
    const res = await fetchFile(r.juror, r.entry, r.ids[0], 'download', 'en');
    expect(res.headers['content-disposition']).toBe(disposition('attachment', 'attachment-1.pdf'));
    const view = await fetchFile(r.juror, r.entry, r.ids[1], 'view', 'en');
    expect(view.headers['content-disposition']).toBe(disposition('attachment', 'attachment-2.docx'));
  });

  it('keeps the original names for the entrant and organisers', async () => {
    const admin = await loggedIn(t.app, await createUser(t.db, { role: 'admin' }));
    for (const who of [r.entrant, admin]) {
      const res = await fetchFile(who, r.entry, r.ids[0], 'download');
      expect(res.headers['content-disposition']).toBe(disposition('attachment', 'Gemeente-Bunnik-plan.pdf'));
      const view = await fetchFile(who, r.entry, r.ids[0], 'view');
      expect(view.headers['content-disposition']).toBe(disposition('inline', 'Gemeente-Bunnik-plan.pdf'));
    }
  });

  it('gives jurors no ZIP of the attachments at all', async () => {
    await r.juror.get(`/admin/entries/${r.entry.id}/attachments.zip`).expect(403);
    await r.juror.get(`/admin/editions/${r.edition.id}/attachments.zip`).expect(403);
  });

  it('is for blind editions only: a juror of an open edition sees the original names', async () => {
    const open = await reading({ blind: false, year: 2033 });
    const res = await fetchFile(open.juror, open.entry, open.ids[0], 'download');
    expect(res.headers['content-disposition']).toBe(disposition('attachment', 'Gemeente-Bunnik-plan.pdf'));
  });
});
