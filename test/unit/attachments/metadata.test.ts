import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { fileTypeFromBuffer } from 'file-type';
import { withoutMetadata } from '../../../src/attachments/attachment.metadata';
import { crc32, jpegBytes, pdfBytes, pngBytes } from '../../helpers/files';

const WHO = 'Jan Jansen';
const WHERE = 'Gemeente Bunnik';
const has = (bytes: Buffer, text: string) => bytes.includes(Buffer.from(text, 'latin1'));

/** A PDF naming its maker in the info dictionary and in an XMP packet, as Word's "Save as PDF" does. */
async function pdfWithMetadata(): Promise<Buffer> {
  const doc = await PDFDocument.load(await pdfBytes({ text: 'Samen slimmer inkopen' }));
  doc.setAuthor(WHO);
  doc.setTitle(`Plan ${WHERE}`);
  doc.setCreator('Microsoft Word');
  const xmp = doc.context.stream(`<x:xmpmeta><dc:creator>${WHO}</dc:creator></x:xmpmeta>`, {
    Type: 'Metadata',
    Subtype: 'XML',
  });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/**
 * The same PDF after an incremental update that replaced the info dictionary: the old one stays in the file's bytes,
 * unreferenced, as it does when a PDF is edited and saved again.
 */
async function pdfWithOldRevision(): Promise<Buffer> {
  const first = await pdfWithMetadata();
  const prev = Number(/startxref\s+(\d+)/.exec(first.toString('latin1'))![1]);
  const size = Number(/\/Size (\d+)/.exec(first.toString('latin1'))![1]);
  const root = /\/Root (\d+ \d+ R)/.exec(first.toString('latin1'))![1];
  const object = `${size} 0 obj\n<< /Author (Iemand Anders) >>\nendobj\n`;
  const at = first.length + 1;
  const xref = `xref\n${size} 1\n${String(at).padStart(10, '0')} 00000 n \n`;
  const xrefAt = at + object.length;
  const trailer = `trailer\n<< /Size ${size + 1} /Root ${root} /Info ${size} 0 R /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([first, Buffer.from(`\n${object}${xref}${trailer}`, 'latin1')]);
}

describe('withoutMetadata', () => {
  it('removes a PDF’s info dictionary and XMP packet and keeps its pages', async () => {
    const original = await pdfWithMetadata();
    expect(has(original, WHO)).toBe(true);
    const clean = (await withoutMetadata('pdf', original))!;
    expect(has(clean, WHO)).toBe(false);
    expect(has(clean, WHERE)).toBe(false);
    expect(has(clean, 'Microsoft Word')).toBe(false);
    const reread = await PDFDocument.load(clean, { updateMetadata: false });
    expect(reread.getAuthor()).toBeUndefined();
    expect(reread.getTitle()).toBeUndefined();
    expect(reread.catalog.get(PDFName.of('Metadata'))).toBeUndefined();
    expect(reread.getPageCount()).toBe(1);
    expect(has(clean, 'Samen slimmer inkopen') || has(clean, '53616d656e')).toBe(true); // the text, literal or hex
  });

  it('leaves nothing of an earlier revision of a PDF', async () => {
    const original = await pdfWithOldRevision();
    expect((await PDFDocument.load(original, { updateMetadata: false })).getAuthor()).toBe('Iemand Anders');
    const clean = (await withoutMetadata('pdf', original))!;
    expect(has(clean, WHO)).toBe(false);
    expect(has(clean, 'Iemand Anders')).toBe(false);
    expect((await PDFDocument.load(clean)).getPageCount()).toBe(1);
  });

  it('refuses what it cannot read as a PDF rather than passing it on', async () => {
    expect(await withoutMetadata('pdf', Buffer.from('%PDF-1.7 niets'))).toBeNull();
    const encrypted = await PDFDocument.load(await pdfWithMetadata());
    encrypted.context.trailerInfo.Encrypt = encrypted.context.obj({ Filter: 'Standard', V: 1, R: 2 });
    encrypted.context.trailerInfo.Info = PDFString.of('x');
    expect(await withoutMetadata('pdf', await encrypted.save({ useObjectStreams: false }))).toBeNull();
  });

  it('empties an Office file’s properties and keeps its content', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = WHO;
    workbook.lastModifiedBy = WHO;
    workbook.company = WHERE;
    workbook.title = `Begroting ${WHERE}`;
    workbook.addWorksheet('Begroting').addRow(['Inkoop', 1200]);
    const original = Buffer.from(await workbook.xlsx.writeBuffer());
    const before = await JSZip.loadAsync(original);
    expect(await before.file('docProps/core.xml')!.async('string')).toContain(WHO);

    const clean = (await withoutMetadata('xlsx', original))!;
    const after = await JSZip.loadAsync(clean);
    for (const part of ['docProps/core.xml', 'docProps/app.xml']) {
      const xml = await after.file(part)!.async('string');
      expect(xml).not.toContain(WHO);
      expect(xml).not.toContain(WHERE);
    }
    expect((await fileTypeFromBuffer(clean))?.ext).toBe('xlsx');
    const reread = new ExcelJS.Workbook();
    await reread.xlsx.load(clean as unknown as ArrayBuffer);
    expect(reread.getWorksheet('Begroting')!.getRow(1).getCell(2).value).toBe(1200);
    expect(reread.creator ?? '').toBe('');
  });

  it('drops a photo’s EXIF segment and keeps the picture', async () => {
    const original = jpegBytes({ app1: `Artist\0${WHO}` });
    const clean = (await withoutMetadata('jpeg', original))!;
    expect(has(original, WHO)).toBe(true);
    expect(has(clean, WHO)).toBe(false);
    expect(clean.length).toBe(original.length - (2 + 2 + 6 + `Artist\0${WHO}`.length));
    expect(clean.subarray(-202)).toEqual(original.subarray(-202)); // scan data and end marker untouched
    expect((await fileTypeFromBuffer(clean))?.ext).toBe('jpg');
    expect(await withoutMetadata('jpeg', Buffer.from([0xff, 0xd8, 0x00]))).toBeNull();
  });

  it('drops a PNG’s text chunks and keeps its image chunks', async () => {
    const plain = pngBytes(3, 3);
    const text = Buffer.from(`Author\0${WHO}`, 'latin1');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(text.length);
    const body = Buffer.concat([Buffer.from('tEXt'), text]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    const original = Buffer.concat([plain.subarray(0, 33), len, body, crc, plain.subarray(33)]); // after IHDR
    const clean = (await withoutMetadata('png', original))!;
    expect(has(original, WHO)).toBe(true);
    expect(clean).toEqual(plain);
    expect(await withoutMetadata('png', plain.subarray(0, 40))).toBeNull();
  });
});
