import path from 'node:path';
import ejs from 'ejs';
import { createI18n } from '../../../src/i18n/i18n';
import { localeOf } from '../../../src/i18n/pick';
import { formatDateTime, type Lng } from '../../../src/shared/time';
import { defaultSettings } from '../../../src/editions/edition.service';
import type { Attachment } from '../../../src/attachments/attachment.types';

const i18n = createI18n();
const view = path.join(__dirname, '../../../views/attachments/_section.ejs');

const attachment = (id: number, name: string, sizeBytes: number, fileType = 'pdf'): Attachment => ({
  id,
  entryId: 7,
  originalName: name,
  storedName: `00000000-0000-4000-8000-00000000000${id}`,
  fileType,
  mimeType: 'application/pdf',
  sizeBytes,
  sha256: '0'.repeat(64),
  cleanStoredName: null,
  uploadedByUserId: 1,
  createdAt: new Date('2027-03-01T10:00:00Z'),
});

function render(
  locals: {
    lng?: Lng;
    role?: 'submitter' | 'admin' | 'juror';
    attachments?: Attachment[];
    canEdit?: boolean;
    maxFiles?: number;
    uploadErrors?: unknown[];
    notice?: string;
  } = {},
): Promise<string> {
  const lng = locals.lng ?? 'nl';
  return ejs.renderFile(view, {
    t: i18n.getFixedT(lng),
    lng,
    locale: localeOf(lng),
    currentUser: { role: locals.role ?? 'submitter' },
    formatDateTime: (d: Date) => formatDateTime(d, lng),
    csrfToken: () => 'token',
    entry: { id: 7 },
    edition: { ...defaultSettings(2027), maxFiles: locals.maxFiles ?? 5 },
    attachments: locals.attachments ?? [],
    canEdit: locals.canEdit ?? true,
    uploadErrors: locals.uploadErrors ?? [],
    notice: locals.notice,
  });
}

const sizes = (html: string) => [...html.matchAll(/ip-num ip-nowrap">([^<]+)</g)].map((m) => m[1]);

describe('the attachments section', () => {
  const three = [
    attachment(1, 'klein.pdf', 100),
    attachment(2, 'plan.pdf', 20_000),
    attachment(3, 'groot.pdf', 1_572_864),
  ];

  it('shows sizes in KB and MB as each language writes numbers', async () => {
    expect(sizes(await render({ attachments: three }))).toEqual(['1 KB', '20 KB', '1,5 MB']);
    expect(sizes(await render({ attachments: three, lng: 'en' }))).toEqual(['1 KB', '20 KB', '1.5 MB']);
  });

  it('gives an entrant who may edit download and remove links and the upload form', async () => {
    const html = await render({ attachments: three });
    expect(html).toContain('href="/entries/7/attachments/2">plan.pdf</a>');
    expect(html).toContain(
      'href="/entries/7/attachments/2/delete">Verwijderen<span class="ip-visually-hidden"> plan.pdf</span>',
    );
    expect(html).toContain('action="/entries/7/attachments" enctype="multipart/form-data"');
    expect(html).toContain('<input type="hidden" name="_csrf" value="token">');
    expect(html).toContain('Bijlagen bij deze inzending (3 van maximaal 5)');
    expect(html).toContain('U kunt nog 2 bestanden toevoegen');
    expect(html).toMatch(
      /<input class="ip-file-input" type="file" id="files" name="files" multiple accept="\.pdf,\.docx,\.xlsx,\.pptx,\.png,\.jpg,\.jpeg" aria-describedby="files-hint">/,
    );
    expect(html).toContain('<progress id="upload-progress" max="100" value="0"></progress>');
    expect(html).toContain('role="status" aria-live="polite" data-upload-status');
    expect(html).toContain('data-text-progress="Uploaden: {percent} procent"');
    expect(html).toContain('<script src="/assets/js/upload.js" defer></script>');
  });

  it('offers one file without `multiple` when one place is left', async () => {
    const html = await render({ attachments: three, maxFiles: 4 });
    expect(html).toContain('<label class="utrecht-form-label" for="files">Bestand toevoegen</label>');
    expect(html).toContain('U kunt nog 1 bestand toevoegen.');
    expect(html).not.toContain(' multiple ');
  });

  it('is read-only when editing is over, for organisers and for jurors', async () => {
    for (const html of [
      await render({ attachments: three, canEdit: false }),
      await render({ attachments: three, role: 'admin' }),
      await render({ attachments: three, role: 'juror' }),
    ]) {
      expect(html).toContain('href="/entries/7/attachments/1">klein.pdf</a>');
      expect(html).not.toContain('/delete');
      expect(html).not.toContain('<form');
      expect(html).not.toContain('upload.js');
    }
  });

  it('offers a "Bekijken" link for PDFs, to everyone who reads the list, and none for other types', async () => {
    const mixed = [attachment(1, 'plan.pdf', 20_000), attachment(2, 'begroting.docx', 20_000, 'docx')];
    for (const role of ['submitter', 'admin'] as const) {
      const html = await render({ attachments: mixed, role });
      expect(html).toContain(
        'href="/entries/7/attachments/1/view">Bekijken<span class="ip-visually-hidden">: plan.pdf (PDF, 20 KB)</span></a>',
      );
      expect(html).not.toContain('/attachments/2/view');
      expect(html).toContain('<span class="ip-visually-hidden">Bekijken in de browser</span></th>');
    }
    // Without any PDF, no column for it.
    const html = await render({ attachments: [mixed[1]!] });
    expect(html).not.toContain('Bekijken');
  });

  it('has an empty state for both cases', async () => {
    expect(await render()).toContain('Er zijn nog geen bijlagen toegevoegd.');
    expect(await render({ canEdit: false })).toContain('Bij deze inzending zijn geen bijlagen gevoegd.');
    expect(await render({ canEdit: false, lng: 'en' })).toContain('This entry has no attachments.');
  });

  it('shows upload errors on the field, and a confirmation after a change', async () => {
    const html = await render({
      uploadErrors: [
        { field: 'files', messageKey: 'attachments.errors.empty', params: { name: '<b>leeg</b>.pdf' } },
      ],
    });
    expect(html).toContain('utrecht-form-field--invalid');
    expect(html).toContain('aria-describedby="files-hint files-error" aria-invalid="true"');
    expect(html).toContain('Het bestand ‘&lt;b&gt;leeg&lt;/b&gt;.pdf’ is leeg');
    expect(await render({ notice: 'attachment-deleted' })).toContain('De bijlage is verwijderd.');
    expect(await render({ notice: 'saved' })).not.toContain('utrecht-alert');
  });

  it('says when the entry is full, and keeps an error visible there', async () => {
    const html = await render({
      attachments: three,
      maxFiles: 3,
      uploadErrors: [{ field: 'files', messageKey: 'attachments.errors.limitReached', params: { max: 3 } }],
    });
    expect(html).toContain('Deze inzending heeft het maximum van 3 bijlagen.');
    expect(html).not.toContain('<form');
    expect(html).toMatch(
      /id="files" data-upload-error tabindex="-1">.*Deze inzending heeft al het maximum van 3 bijlagen/s,
    );
  });
});
