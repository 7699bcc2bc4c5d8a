import {
  asciiFallbackName,
  contentDisposition,
  extensionOf,
  neutralName,
  normaliseOriginalName,
  uniqueNames,
  zipSegment,
} from '../../../src/attachments/attachment.names';
import {
  attachmentTypeOf,
  FILE_KINDS,
  statusForErrors,
  uploadError,
} from '../../../src/attachments/attachment.types';
import { ATTACHMENT_TYPES } from '../../../src/editions/edition.types';

describe('extensionOf', () => {
  it.each([
    ['plan.pdf', 'pdf'],
    ['Plan.PDF', 'pdf'],
    ['archief.tar.gz', 'gz'],
    ['rapport', ''],
    ['.bashrc', ''],
    ['punt.', ''],
  ])('%s → %s', (name, ext) => expect(extensionOf(name)).toBe(ext));
});

describe('normaliseOriginalName', () => {
  it.each([
    ['../../etc/passwd.pdf', 'passwd.pdf'],
    ['C:\\Users\\Els\\Bureaublad\\plan.pdf', 'plan.pdf'],
    ['  plan.pdf  ', 'plan.pdf'],
    ['Plan u\u0308.pdf', 'Plan ü.pdf'],
    ['a\u0000b\u0007c\u001fd\u007fe\u0085f.pdf', 'abcdef.pdf'],
    ['factuur\u202efdp.exe', 'factuurfdp.exe'],
    ['Ωmega – plan ü.pdf', 'Ωmega – plan ü.pdf'],
    ['map/', ''],
    ['\u0007', ''],
  ])('%j → %j', (raw, kept) => expect(normaliseOriginalName(raw)).toBe(kept));

  it('cuts long names to 255 characters and keeps the extension', () => {
    const kept = normaliseOriginalName('a'.repeat(300) + '.docx');
    expect(kept).toBe('a'.repeat(250) + '.docx');
    expect(Array.from(kept)).toHaveLength(255);
  });

  it('counts characters, not UTF-16 units, and never splits one', () => {
    const kept = normaliseOriginalName('😀'.repeat(300) + '.pdf');
    expect(Array.from(kept)).toHaveLength(255);
    expect(kept.endsWith('😀.pdf')).toBe(true);
    expect(kept).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('cuts a name that is all extension without keeping it', () => {
    expect(Array.from(normaliseOriginalName('a.' + 'b'.repeat(300)))).toHaveLength(255);
  });
});

describe('Content-Disposition', () => {
  it('gives an ASCII fallback and the exact name as RFC 5987 filename*', () => {
    expect(contentDisposition('Ωmega – plan ü.pdf')).toBe(
      `attachment; filename="_mega _ plan u.pdf"; filename*=UTF-8''%CE%A9mega%20%E2%80%93%20plan%20%C3%BC.pdf`,
    );
  });

  it('escapes what RFC 5987 does not allow unencoded, and quotes in the fallback', () => {
    expect(contentDisposition(`it's (1) "final"*.pdf`)).toBe(
      `attachment; filename="it's (1) _final_*.pdf"; filename*=UTF-8''it%27s%20%281%29%20%22final%22%2A.pdf`,
    );
    expect(asciiFallbackName('100%;\\x.pdf')).toBe('100___x.pdf');
    expect(asciiFallbackName('文書')).toBe('__');
    expect(asciiFallbackName('')).toBe('download');
  });
});

describe('inline and neutral names', () => {
  it('says inline for a file shown in the browser, with the same name parameters', () => {
    expect(contentDisposition('Plan Bunnik.pdf', 'inline')).toBe(
      `inline; filename="Plan Bunnik.pdf"; filename*=UTF-8''Plan%20Bunnik.pdf`,
    );
    expect(contentDisposition('plan.pdf')).toMatch(/^attachment; /);
  });

  it('gives a neutral name the usual extension of the detected type', () => {
    expect(neutralName('bijlage-1', 'pdf')).toBe('bijlage-1.pdf');
    expect(neutralName('attachment-2', 'docx')).toBe('attachment-2.docx');
    expect(neutralName('bijlage-3', 'jpeg')).toBe('bijlage-3.jpg');
    expect(neutralName('bijlage-4', 'unknown')).toBe('bijlage-4');
  });
});

describe('names inside a ZIP', () => {
  it.each([
    ['begroting: versie 2?.xlsx', 'begroting_ versie 2_.xlsx'],
    ['../../etc/passwd', '_.._etc_passwd'],
    ['..', 'bijlage'],
    ['  .verborgen.pdf. ', 'verborgen.pdf'],
    ['tab\there', 'tabhere'],
    ['a<b>c|d*e', 'a_b_c_d_e'],
  ])('%j → %j', (name, safe) => expect(zipSegment(name, 'bijlage')).toBe(safe));

  it('shortens long names but keeps the extension', () => {
    expect(zipSegment('x'.repeat(200) + '.pdf', 'bijlage', 20)).toBe('x'.repeat(16) + '.pdf');
  });

  it('makes names unique in a folder, ignoring case', () => {
    expect(uniqueNames(['plan.pdf', 'Plan.PDF', 'plan.pdf', 'plan (2).pdf', 'notities'])).toEqual([
      'plan.pdf',
      'Plan (2).PDF',
      'plan (3).pdf',
      'plan (2) (2).pdf',
      'notities',
    ]);
  });
});

describe('attachment types', () => {
  it('knows every type an edition can allow', () => {
    expect(Object.keys(FILE_KINDS).sort()).toEqual([...ATTACHMENT_TYPES].sort());
  });

  it('maps what file-type detects to our types and nothing else', () => {
    expect(['pdf', 'docx', 'xlsx', 'pptx', 'png', 'jpg'].map(attachmentTypeOf)).toEqual([
      'pdf',
      'docx',
      'xlsx',
      'pptx',
      'png',
      'jpeg',
    ]);
    expect(['exe', 'zip', 'docm', 'xlsm', 'gif', 'html', undefined, ''].map(attachmentTypeOf)).toEqual(
      Array(8).fill(null),
    );
  });

  it('answers 413 only for size', () => {
    expect(statusForErrors([uploadError('empty'), uploadError('tooLarge')])).toBe(413);
    expect(statusForErrors([uploadError('requestTooLarge')])).toBe(413);
    expect(statusForErrors([uploadError('unknownType'), uploadError('tooMany')])).toBe(422);
  });
});
