import path from 'node:path';
import ejs from 'ejs';
import {
  attachmentNumber,
  hidesFileNames,
  viewableInline,
} from '../../../src/attachments/attachment.service';
import type { Attachment } from '../../../src/attachments/attachment.types';
import { createI18n } from '../../../src/i18n/i18n';
import type { Lng } from '../../../src/shared/time';

/** Who reads attachments under which name, which ones open in the browser, and the jury's list of them. */

describe('the rules for reading attachments', () => {
  it('hides file names from jurors in blind judging only', () => {
    expect(hidesFileNames({ role: 'juror' }, { blindJudging: true })).toBe(true);
    expect(hidesFileNames({ role: 'juror' }, { blindJudging: false })).toBe(false);
    expect(hidesFileNames({ role: 'admin' }, { blindJudging: true })).toBe(false);
    expect(hidesFileNames({ role: 'submitter' }, { blindJudging: true })).toBe(false);
  });

  it('numbers a file by its place in upload order, from 1', () => {
    const list = [{ id: 12 }, { id: 15 }, { id: 40 }];
    expect(list.map((a) => attachmentNumber(list, a.id))).toEqual([1, 2, 3]);
  });

  it('shows only files whose bytes were a PDF in the browser', () => {
    expect(viewableInline({ fileType: 'pdf', mimeType: 'application/pdf' })).toBe(true);
    expect(viewableInline({ fileType: 'png', mimeType: 'image/png' })).toBe(false);
    expect(
      viewableInline({
        fileType: 'docx',
        mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      }),
    ).toBe(false);
    expect(viewableInline({ fileType: 'pdf', mimeType: 'application/octet-stream' })).toBe(false);
  });
});

describe('an attachment in the jury’s list', () => {
  const i18n = createI18n();
  const view = path.join(__dirname, '../../../views/attachments/_jury-item.ejs');
  const attachment = (fileType: string, sizeBytes: number): Attachment => ({
    id: 3,
    entryId: 7,
    originalName: 'Gemeente-Bunnik-plan.' + fileType,
    storedName: '00000000-0000-4000-8000-000000000003',
    fileType,
    mimeType: 'application/pdf',
    sizeBytes,
    sha256: '0'.repeat(64),
    cleanStoredName: null,
    uploadedByUserId: 1,
    createdAt: new Date('2027-03-01T10:00:00Z'),
  });
  const render = (a: Attachment, blind: boolean, lng: Lng = 'nl') =>
    ejs.renderFile(view, { t: i18n.getFixedT(lng), lng, entry: { id: 7 }, attachment: a, n: 2, blind });

  it('offers a PDF to download and to view, the view link named with file, type and size', async () => {
    const html = await render(attachment('pdf', 1_258_291), false);
    expect(html).toContain(
      '<a class="utrecht-link" href="/entries/7/attachments/3">Gemeente-Bunnik-plan.pdf</a>',
    );
    expect(html).toContain('<span class="ip-muted">(PDF, 1,2 MB)</span>');
    expect(html).toContain(
      '<a class="utrecht-link" href="/entries/7/attachments/3/view">Bekijken<span class="ip-visually-hidden">: Gemeente-Bunnik-plan.pdf (PDF, 1,2 MB)</span></a>',
    );
    expect(await render(attachment('pdf', 2048), false, 'en')).toContain(
      'View<span class="ip-visually-hidden">: Gemeente-Bunnik-plan.pdf (PDF, 2 KB)</span>',
    );
  });

  it('names the file by its number in blind judging', async () => {
    const html = await render(attachment('pdf', 2048), true);
    expect(html).not.toContain('Bunnik');
    expect(html).toContain('href="/entries/7/attachments/3">Bijlage 2</a>');
    expect(html).toContain('Bekijken<span class="ip-visually-hidden">: Bijlage 2 (PDF, 2 KB)</span>');
  });

  it('has no view link for other types', async () => {
    const html = await render(attachment('docx', 2048), false);
    expect(html).toContain('(Word (.docx), 2 KB)');
    expect(html).not.toContain('/view');
  });
});
