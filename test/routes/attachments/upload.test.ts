import fs from 'node:fs';
import path from 'node:path';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, csrfFrom, loggedIn } from '../../helpers/agent';
import { createUser } from '../../helpers/factories';
import {
  createEntrant,
  createEntry,
  createEntryWorld,
  createOpenEdition,
  type EntryWorld,
} from '../../helpers/entries';
import {
  docxBytes,
  exeBytes,
  filesUnder,
  jpegBytes,
  pdfBytes,
  plainZipBytes,
  pngBytes,
  sha256,
  xlsxBytes,
} from '../../helpers/files';
import { attachmentRows, expectDiskMatchesRows, upload, uploadRaw } from './helpers';

let t: TestApp;
let world: EntryWorld;
let browser: Browser;
let pdf: Buffer;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeAll(async () => {
  t = await makeTestApp();
  world = await createEntryWorld(t, { edition: { maxFileMb: 1, maxFiles: 5 } });
  browser = await loggedIn(t.app, world.submitter);
  pdf = await pdfBytes();
});
afterAll(() => t.close());

/** A new draft of the world's organisation, so each test starts with no attachments. */
const freshEntry = () =>
  createEntry(t, {
    edition: world.edition,
    organisationId: world.organisation.id,
    userId: world.submitter.id,
  });

const download = (b: Browser, entryId: number, attachmentId: number) =>
  b.get(`/entries/${entryId}/attachments/${attachmentId}`).responseType('blob');

describe('uploading attachments', () => {
  it('never loses typed text: the entry form saves it on the way to the attachments page (no JavaScript)', async () => {
    const entry = await freshEntry();
    const edit = await browser.get(`/entries/${entry.id}/edit`).expect(200);
    // The entry form has no upload form beside it any more, only a button of its own that saves first.
    expect(edit.text).not.toContain(`action="/entries/${entry.id}/attachments"`);
    expect(edit.text).toMatch(
      /<button type="submit" form="entry-form" name="next" value="attachments"[^>]*>Opslaan en bijlagen toevoegen of verwijderen</,
    );
    const version = /name="version" value="(\d+)"/.exec(edit.text)![1]!;
    const saved = await browser.submit(`/entries/${entry.id}/edit`, `/entries/${entry.id}/edit`, {
      version,
      title: 'Getypt vlak voor het uploaden',
      next: 'attachments',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`/entries/${entry.id}/attachments?notice=saved`);
    const page = await browser.get(saved.headers.location!).expect(200);
    expect(page.text).toContain('Uw inzending is opgeslagen.');
    expect(page.text).toContain(`action="/entries/${entry.id}/attachments"`);
    expect((await upload(browser, entry.id, [{ name: 'plan.pdf', data: pdf }])).status).toBe(303);
    const back = await browser.get(`/entries/${entry.id}/edit`).expect(200);
    expect(back.text).toContain('value="Getypt vlak voor het uploaden"');
    expect(back.text).toContain('plan.pdf');
  });

  it('stores a real PDF under a random name with the SHA-256 and size of the bytes sent, audited', async () => {
    const entry = await freshEntry();
    const res = await upload(browser, entry.id, [{ name: 'Projectplan.pdf', data: pdf }]);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/entries/${entry.id}/attachments?notice=attachment-added`);

    const [row, ...others] = await attachmentRows(t.db, entry.id);
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      original_name: 'Projectplan.pdf',
      file_type: 'pdf',
      mime_type: 'application/pdf',
      sha256: sha256(pdf),
      uploaded_by_user_id: world.submitter.id,
    });
    expect(Number(row.size_bytes)).toBe(pdf.length);
    expect(row.stored_name).toMatch(UUID);
    const stored = fs.readFileSync(path.join(t.config.uploadDir, row.stored_name));
    expect(sha256(stored)).toBe(sha256(pdf));
    await expectDiskMatchesRows(t.db, t.config.uploadDir);

    const audit = await t
      .db('audit_events')
      .where({ action: 'attachment.add', subject_id: entry.id })
      .first();
    expect(JSON.parse(audit.after_json)).toEqual([
      { id: row.id, name: 'Projectplan.pdf', type: 'pdf', size: pdf.length, sha256: sha256(pdf) },
    ]);
  });

  it('stores Word, Excel, PNG and JPEG files (.jpg and .jpeg) sent together, each with its own hash', async () => {
    const entry = await freshEntry();
    const files = [
      { name: 'plan.docx', data: await docxBytes() },
      { name: 'begroting.xlsx', data: await xlsxBytes() },
      { name: 'foto.png', data: pngBytes() },
      { name: 'foto.JPG', data: jpegBytes() },
      { name: 'kaart.jpeg', data: jpegBytes() },
    ];
    const res = await upload(browser, entry.id, files);
    expect(res.status).toBe(303);
    expect(res.headers.location).toContain('notice=attachments-added');
    const rows = await attachmentRows(t.db, entry.id);
    expect(
      rows.map((r) => [r.original_name, r.file_type, r.mime_type, r.sha256, Number(r.size_bytes)]),
    ).toEqual(
      files.map((f, i) => [
        f.name,
        ['docx', 'xlsx', 'png', 'jpeg', 'jpeg'][i],
        [
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'image/png',
          'image/jpeg',
          'image/jpeg',
        ][i],
        sha256(f.data),
        f.data.length,
      ]),
    );
    await expectDiskMatchesRows(t.db, t.config.uploadDir);
  });

  it('downloads the identical bytes as an attachment with its type, length and a sandbox', async () => {
    const entry = await freshEntry();
    await upload(browser, entry.id, [{ name: 'Projectplan.pdf', data: pdf }]);
    const [row] = await attachmentRows(t.db, entry.id);
    const res = await download(browser, entry.id, row.id);
    expect(res.status).toBe(200);
    expect(Buffer.compare(res.body as Buffer, pdf)).toBe(0);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-length']).toBe(String(pdf.length));
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="Projectplan.pdf"; filename*=UTF-8''Projectplan.pdf`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/^sandbox\b/);
    expect(res.headers['cache-control']).toBe('private, no-store');
  });

  it('lists the attachments on the entry form, and on the attachments page with the upload form whose token works', async () => {
    const entry = await freshEntry();
    await upload(browser, entry.id, [{ name: 'Projectplan.pdf', data: pdf }]);
    const [row] = await attachmentRows(t.db, entry.id);
    const form = await browser.get(`/entries/${entry.id}/edit`);
    expect(form.text).toContain(`href="/entries/${entry.id}/attachments/${row.id}">Projectplan.pdf</a>`);
    const page = await browser.get(`/entries/${entry.id}/attachments`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="/entries/${entry.id}/attachments/${row.id}">Projectplan.pdf</a>`);
    expect(page.text).toContain(`href="/entries/${entry.id}/attachments/${row.id}/delete"`);
    expect(page.text).toMatch(
      /<td role="cell" data-label="Grootte" class="utrecht-table__cell ip-num ip-nowrap">2 KB<\/td>/,
    );
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain(
      'Toegestaan: PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), PNG en JPEG.',
    );
    expect(page.text).toContain('Maximaal 1 MB per bestand. U kunt nog 4 bestanden toevoegen');
    expect(page.text).toContain('<script src="/assets/js/upload.js" defer></script>');

    // The token of the page's forms is the one the upload checks.
    const res = await upload(browser, entry.id, [{ name: 'Tweede.pdf', data: pdf }], {
      csrf: csrfFrom(page.text),
    });
    expect(res.status).toBe(303);
    const notice = await browser.get(res.headers.location!.replace('#attachments', ''));
    expect(notice.text).toContain('De bijlage is toegevoegd.');
  });

  it('keeps unsafe names only for display: separators, control characters, Unicode, 300 characters, markup', async () => {
    const entry = await freshEntry();
    const long = 'a'.repeat(296) + '.pdf';
    const cases = [
      { header: '../../etc/passwd.pdf', stored: 'passwd.pdf' },
      { header: '..\\..\\Windows\\win.ini.pdf', stored: 'win.ini.pdf' },
      { header: 'Ωmega – plan ü.pdf', stored: 'Ωmega – plan ü.pdf' },
      // macOS sends decomposed characters; we keep NFC.
      { header: 'Plan u\u0308.pdf', stored: 'Plan ü.pdf' },
      // A tab, a C1 control and a right-to-left override ("…fdp.pdf" shown as "…pdf.pdf").
      { header: 'tab\t\u0085[31mrood\u202efdp.pdf', stored: 'tab[31mroodfdp.pdf' },
      // Browsers send CR and LF as %0D and %0A; multer decodes them.
      { header: 'regel%0D%0Aeen.pdf', stored: 'regeleen.pdf' },
      { header: long, stored: 'a'.repeat(251) + '.pdf' },
    ];
    // At most 5 files per entry: the first four go to one entry, the rest to another.
    const second = await freshEntry();
    for (const [i, c] of cases.entries()) {
      const res = await uploadRaw(browser, i < 4 ? entry.id : second.id, c.header, pdf);
      expect({ name: c.header, status: res.status }).toEqual({ name: c.header, status: 303 });
    }
    const rows = [...(await attachmentRows(t.db, entry.id)), ...(await attachmentRows(t.db, second.id))];
    expect(rows.map((r) => r.original_name)).toEqual(cases.map((c) => c.stored));
    expect(rows.every((r) => UUID.test(r.stored_name))).toBe(true);
    expect(Array.from(rows[6].original_name)).toHaveLength(255);
    // Nothing was written next to the upload folder.
    expect(fs.existsSync(path.resolve(t.config.uploadDir, '../../etc/passwd.pdf'))).toBe(false);
    await expectDiskMatchesRows(t.db, t.config.uploadDir);

    const unicode = await download(browser, entry.id, rows[2].id);
    expect(unicode.headers['content-disposition']).toBe(
      `attachment; filename="_mega _ plan u.pdf"; filename*=UTF-8''%CE%A9mega%20%E2%80%93%20plan%20%C3%BC.pdf`,
    );
    const control = await download(browser, second.id, rows[4].id);
    expect(control.headers['content-disposition']).toBe(
      `attachment; filename="tab[31mroodfdp.pdf"; filename*=UTF-8''tab%5B31mroodfdp.pdf`,
    );
  });

  it('refuses a part header with raw control characters as malformed (400), storing nothing', async () => {
    const entry = await freshEntry();
    const res = await uploadRaw(browser, entry.id, 'bel\u0007\u001b.pdf', pdf);
    expect(res.status).toBe(400);
    expect(await attachmentRows(t.db, entry.id)).toEqual([]);
    await expectDiskMatchesRows(t.db, t.config.uploadDir);
  });

  it('shows a name with markup escaped', async () => {
    const entry = await freshEntry();
    const res = await uploadRaw(browser, entry.id, '<img src=x onerror=alert(1)>.pdf', pdf);
    expect(res.status).toBe(303);
    const page = await browser.get(`/entries/${entry.id}/edit`);
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;.pdf');
    expect(page.text).not.toContain('<img src=x');
  });
});

describe('refused uploads leave nothing behind', () => {
  /** Uploads, expects the status and message, and checks no row was added and no stray file exists. */
  async function expectRefused(
    entryId: number,
    files: Array<{ name: string; data: Buffer }>,
    status: number,
    message: string,
  ) {
    const before = await attachmentRows(t.db, entryId);
    const res = await upload(browser, entryId, files);
    expect(res.status).toBe(status);
    expect(res.text).toContain(message);
    expect(await attachmentRows(t.db, entryId)).toEqual(before);
    await expectDiskMatchesRows(t.db, t.config.uploadDir);
    expect(filesUnder(path.join(t.config.uploadDir, 'tmp'))).toEqual([]);
    return res;
  }

  it('answers 413 for a file over the edition’s maximum, keeping earlier attachments as they were', async () => {
    const entry = await freshEntry();
    await upload(browser, entry.id, [{ name: 'eerste.pdf', data: pdf }]);
    const [first] = await attachmentRows(t.db, entry.id);
    const big = Buffer.concat([pdf, Buffer.alloc(1024 * 1024)]);
    const res = await expectRefused(
      entry.id,
      [{ name: 'groot.pdf', data: big }],
      413,
      'Het bestand ‘groot.pdf’ is te groot: een bestand mag maximaal 1 MB zijn',
    );
    // The form is shown again with the message on the field and in the error summary.
    expect(res.text).toContain('id="files-error"');
    expect(res.text).toContain('<a class="utrecht-link" href="#files">');
    expect(res.text).toContain('aria-invalid="true"');
    expect(res.text).toContain('<title>Fout: Bijlagen toevoegen');
    const stored = fs.readFileSync(path.join(t.config.uploadDir, first.stored_name));
    expect(sha256(stored)).toBe(first.sha256);
  });

  it('answers 413 when the body is larger than the files still allowed could be', async () => {
    const entry = await freshEntry();
    const almostMb = Buffer.concat([pdf, Buffer.alloc(1000 * 1024)]);
    const files = Array.from({ length: 6 }, (_, i) => ({ name: `deel${i}.pdf`, data: almostMb }));
    await expectRefused(entry.id, files, 413, 'De gekozen bestanden zijn samen te groot');
  });

  it('answers 422 for an executable renamed to .pdf', async () => {
    const entry = await freshEntry();
    await expectRefused(
      entry.id,
      [{ name: 'factuur.pdf', data: exeBytes() }],
      422,
      'Het bestand ‘factuur.pdf’ moet een pdf-bestand, een Word-document (.docx), een Excel-werkmap (.xlsx), een PowerPoint-presentatie (.pptx), een png-afbeelding of een jpeg-afbeelding zijn',
    );
  });

  it('answers 422 for a PNG named .pdf and a Word file named .xlsx', async () => {
    const entry = await freshEntry();
    await expectRefused(
      entry.id,
      [{ name: 'scan.pdf', data: pngBytes() }],
      422,
      'Het bestand ‘scan.pdf’ is een png-afbeelding, maar de naam eindigt niet op .png',
    );
    await expectRefused(
      entry.id,
      [{ name: 'begroting.xlsx', data: await docxBytes() }],
      422,
      'Het bestand ‘begroting.xlsx’ is een Word-document (.docx), maar de naam eindigt niet op .docx',
    );
    await expectRefused(
      entry.id,
      [{ name: 'foto.png', data: jpegBytes() }],
      422,
      'maar de naam eindigt niet op .jpg of .jpeg',
    );
  });

  it('answers 422 for a plain ZIP, text and an undetectable file, whatever their names', async () => {
    const entry = await freshEntry();
    for (const f of [
      { name: 'plan.docx', data: await plainZipBytes() },
      { name: 'notities.pdf', data: Buffer.from('Gewoon tekst, geen PDF.\n') },
      { name: 'ruis.pdf', data: Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37) % 251)) },
    ])
      await expectRefused(entry.id, [f], 422, `Het bestand ‘${f.name}’ moet een pdf-bestand`);
  });

  it('answers 422 for an empty file', async () => {
    const entry = await freshEntry();
    await expectRefused(
      entry.id,
      [{ name: 'leeg.pdf', data: Buffer.alloc(0) }],
      422,
      'Het bestand ‘leeg.pdf’ is leeg',
    );
  });

  it('refuses the whole upload when one of the files is wrong', async () => {
    const entry = await freshEntry();
    await expectRefused(
      entry.id,
      [
        { name: 'goed.pdf', data: pdf },
        { name: 'fout.pdf', data: exeBytes() },
        { name: 'leeg.docx', data: Buffer.alloc(0) },
      ],
      422,
      'Het bestand ‘fout.pdf’ moet',
    );
    const res = await upload(browser, entry.id, [
      { name: 'goed.pdf', data: pdf },
      { name: 'fout.pdf', data: exeBytes() },
      { name: 'leeg.docx', data: Buffer.alloc(0) },
    ]);
    expect(res.text).toContain('Het bestand ‘leeg.docx’ is leeg');
  });

  it('answers 422 when no file was chosen (the empty part a browser sends)', async () => {
    const entry = await freshEntry();
    const res = await uploadRaw(browser, entry.id, '', Buffer.alloc(0));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Kies een bestand');
    const bare = await upload(browser, entry.id, []);
    expect(bare.status).toBe(422);
    expect(await attachmentRows(t.db, entry.id)).toEqual([]);
  });

  it('answers 422 for more files than the entry may still have, and when it is full', async () => {
    const entry = await freshEntry();
    await upload(
      browser,
      entry.id,
      [1, 2, 3].map((i) => ({ name: `deel${i}.pdf`, data: pdf })),
    );
    await expectRefused(
      entry.id,
      [1, 2, 3].map((i) => ({ name: `extra${i}.pdf`, data: pdf })),
      422,
      'U kunt nog maar 2 bestanden toevoegen (maximaal 5 bijlagen per inzending)',
    );
    expect(
      (
        await upload(
          browser,
          entry.id,
          [4, 5].map((i) => ({ name: `deel${i}.pdf`, data: pdf })),
        )
      ).status,
    ).toBe(303);
    await expectRefused(
      entry.id,
      [{ name: 'zesde.pdf', data: pdf }],
      422,
      'Deze inzending heeft al het maximum van 5 bijlagen',
    );
    const page = await browser.get(`/entries/${entry.id}/attachments`);
    expect(page.text).toContain('Deze inzending heeft het maximum van 5 bijlagen.');
    expect(page.text).not.toContain('enctype="multipart/form-data"');
  });

  it('answers 422 for a type this edition does not allow', async () => {
    const { edition } = await createOpenEdition(t, { allowedTypes: ['pdf', 'docx'] });
    const entry = await createEntry(t, {
      edition,
      organisationId: world.organisation.id,
      userId: world.submitter.id,
    });
    await expectRefused(
      entry.id,
      [{ name: 'foto.png', data: pngBytes() }],
      422,
      'Het bestand ‘foto.png’ is een png-afbeelding. Bij deze editie moet een bijlage een pdf-bestand of een Word-document (.docx) zijn',
    );
    const page = await browser.get(`/entries/${entry.id}/attachments`);
    expect(page.text).toContain('Toegestaan: PDF en Word (.docx).');
    expect(page.text).toContain('accept=".pdf,.docx"');
  });

  it('answers 403 without a valid CSRF token and removes what was received', async () => {
    const entry = await freshEntry();
    for (const csrf of [false, 'nep-token'] as const) {
      const res = await upload(browser, entry.id, [{ name: 'plan.pdf', data: pdf }], { csrf });
      expect(res.status).toBe(403);
      expect(res.text).toContain('Het formulier is verlopen');
    }
    expect(await attachmentRows(t.db, entry.id)).toEqual([]);
    await expectDiskMatchesRows(t.db, t.config.uploadDir);
    expect(filesUnder(path.join(t.config.uploadDir, 'tmp'))).toEqual([]);
  });

  it('speaks English to English readers', async () => {
    const entry = await freshEntry();
    const token = await browser.csrf('/account');
    const res = await browser.agent
      .post(`/entries/${entry.id}/attachments`)
      .set('Accept-Language', 'en')
      .field('_csrf', token)
      .attach('files', pngBytes(), 'scan.pdf');
    expect(res.status).toBe(422);
    expect(res.text).toContain('The file ‘scan.pdf’ is a PNG image, but its name does not end in .png');
    expect(res.text).toContain('<title>Error: Add attachments');
  });
});

describe('who may upload, download and remove', () => {
  let entryId: number;
  let attachmentId: number;

  beforeAll(async () => {
    const entry = await freshEntry();
    entryId = entry.id;
    await upload(browser, entryId, [{ name: 'plan.pdf', data: pdf }]);
    attachmentId = (await attachmentRows(t.db, entryId))[0].id;
  });

  it('lets a colleague of the same organisation and an organiser download', async () => {
    const colleague = await createUser(t.db, { role: 'submitter', organisationId: world.organisation.id });
    expect((await download(await loggedIn(t.app, colleague), entryId, attachmentId)).status).toBe(200);
    const admin = await createUser(t.db, { role: 'admin' });
    const asAdmin = await loggedIn(t.app, admin);
    const res = await download(asAdmin, entryId, attachmentId);
    expect(res.status).toBe(200);
    expect(Buffer.compare(res.body as Buffer, pdf)).toBe(0);
    // Organisers read; they do not add or remove entrants' files.
    expect((await upload(asAdmin, entryId, [{ name: 'x.pdf', data: pdf }])).status).toBe(403);
    expect((await asAdmin.get(`/entries/${entryId}/attachments/${attachmentId}/delete`)).status).toBe(403);
  });

  it('gives another organisation’s submitter 404 for download, upload and removal', async () => {
    const { submitter } = await createEntrant(t);
    const stranger = await loggedIn(t.app, submitter);
    expect((await download(stranger, entryId, attachmentId)).status).toBe(404);
    expect((await upload(stranger, entryId, [{ name: 'x.pdf', data: pdf }])).status).toBe(404);
    expect((await stranger.get(`/entries/${entryId}/attachments/${attachmentId}/delete`)).status).toBe(404);
    const token = await stranger.csrf('/account');
    const del = await stranger.agent
      .post(`/entries/${entryId}/attachments/${attachmentId}/delete`)
      .type('form')
      .send({ _csrf: token });
    expect(del.status).toBe(404);
    expect(await attachmentRows(t.db, entryId)).toHaveLength(1);
    await expectDiskMatchesRows(t.db, t.config.uploadDir);
  });

  it('gives 404 for an attachment through another entry’s address, and for unknown ids', async () => {
    const other = await freshEntry();
    expect((await download(browser, other.id, attachmentId)).status).toBe(404);
    expect((await browser.get(`/entries/${other.id}/attachments/${attachmentId}/delete`)).status).toBe(404);
    expect((await download(browser, entryId, 999999)).status).toBe(404);
    expect((await download(browser, entryId, 'abc' as never)).status).toBe(404);
  });

  it('sends anonymous visitors to the login page', async () => {
    const anonymous = new Browser(t.app);
    const res = await anonymous.get(`/entries/${entryId}/attachments/${attachmentId}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(
      `/login?next=${encodeURIComponent(`/entries/${entryId}/attachments/${attachmentId}`)}`,
    );
    const post = await anonymous.agent
      .post(`/entries/${entryId}/attachments`)
      .attach('files', pdf, 'plan.pdf');
    expect(post.status).toBe(303);
    expect(post.headers.location).toBe('/login');
    await expectDiskMatchesRows(t.db, t.config.uploadDir);
  });

  it('gives a juror without access to the entry 404 for download and 403 for upload', async () => {
    const juror = await loggedIn(t.app, await createUser(t.db, { role: 'juror' }));
    expect((await download(juror, entryId, attachmentId)).status).toBe(404);
    expect((await upload(juror, entryId, [{ name: 'x.pdf', data: pdf }])).status).toBe(403);
  });
});

describe('removing attachments', () => {
  it('asks first, then removes the row and the file, audited', async () => {
    const entry = await freshEntry();
    await upload(browser, entry.id, [
      { name: 'houden.pdf', data: pdf },
      { name: 'weg.pdf', data: pdf },
    ]);
    const [keep, gone] = await attachmentRows(t.db, entry.id);
    const confirm = await browser.get(`/entries/${entry.id}/attachments/${gone.id}/delete`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Weet u zeker dat u ‘weg.pdf’ wilt verwijderen?');
    const res = await browser.submit(
      `/entries/${entry.id}/attachments/${gone.id}/delete`,
      `/entries/${entry.id}/attachments/${gone.id}/delete`,
      {},
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/entries/${entry.id}/attachments?notice=attachment-deleted`);
    expect((await attachmentRows(t.db, entry.id)).map((r) => r.id)).toEqual([keep.id]);
    expect(fs.existsSync(path.join(t.config.uploadDir, gone.stored_name))).toBe(false);
    expect(fs.existsSync(path.join(t.config.uploadDir, keep.stored_name))).toBe(true);
    await expectDiskMatchesRows(t.db, t.config.uploadDir);
    const audit = await t
      .db('audit_events')
      .where({ action: 'attachment.delete', subject_id: entry.id })
      .first();
    expect(JSON.parse(audit.before_json)).toMatchObject({ id: gone.id, name: 'weg.pdf' });
    expect((await browser.get(res.headers.location!.split('#')[0]!)).text).toContain(
      'De bijlage is verwijderd.',
    );
  });

  it('needs a CSRF token to remove', async () => {
    const entry = await freshEntry();
    await upload(browser, entry.id, [{ name: 'plan.pdf', data: pdf }]);
    const [row] = await attachmentRows(t.db, entry.id);
    const res = await browser.agent
      .post(`/entries/${entry.id}/attachments/${row.id}/delete`)
      .type('form')
      .send({});
    expect(res.status).toBe(403);
    expect(await attachmentRows(t.db, entry.id)).toHaveLength(1);
  });
});

describe('after the deadline', () => {
  it('refuses uploads and removals with the reason, and shows the list read-only', async () => {
    const entry = await freshEntry();
    await upload(browser, entry.id, [{ name: 'plan.pdf', data: pdf }]);
    const [row] = await attachmentRows(t.db, entry.id);
    const now = t.clock.now();
    t.clock.set(new Date(world.edition.closesAt!.getTime() + 1000));
    try {
      const res = await upload(browser, entry.id, [{ name: 'laat.pdf', data: pdf }]);
      expect(res.status).toBe(422);
      expect(res.text).toContain('De deadline is verstreken');
      expect(res.text).not.toContain('enctype="multipart/form-data"');
      const confirm = await browser.get(`/entries/${entry.id}/attachments/${row.id}/delete`);
      expect(confirm.status).toBe(422);
      expect(confirm.text).toContain('De deadline is verstreken');
      const token = await browser.csrf('/account');
      const del = await browser.agent
        .post(`/entries/${entry.id}/attachments/${row.id}/delete`)
        .type('form')
        .send({ _csrf: token });
      expect(del.status).toBe(422);
      expect(await attachmentRows(t.db, entry.id)).toHaveLength(1);
      await expectDiskMatchesRows(t.db, t.config.uploadDir);
      // Still readable.
      expect((await download(browser, entry.id, row.id)).status).toBe(200);
    } finally {
      t.clock.set(now);
    }
  });

  it('refuses changes to a withdrawn entry', async () => {
    const entry = await createEntry(t, {
      edition: world.edition,
      organisationId: world.organisation.id,
      userId: world.submitter.id,
      status: 'withdrawn',
    });
    const res = await upload(browser, entry.id, [{ name: 'plan.pdf', data: pdf }]);
    expect(res.status).toBe(422);
    expect(res.text).toContain('Deze inzending is ingetrokken');
    expect(await attachmentRows(t.db, entry.id)).toEqual([]);
  });
});
