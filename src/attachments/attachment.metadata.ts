import JSZip from 'jszip';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream, type PDFObject } from 'pdf-lib';
import type { AttachmentType } from './attachment.types';

/**
 * Blind judging hides who made an entry, and a file's own metadata would tell: a PDF's Author, Title and Creator (and
 * the same again in its XMP packet), an Office file's docProps (author, last modified by, company), a photo's EXIF
 * (camera owner, GPS). These functions return a copy of a file without them, or null when the file cannot be read
 * well enough to be sure (the caller then refuses to hand it to a juror). The content itself is left as it is.
 */
export async function withoutMetadata(type: AttachmentType, bytes: Uint8Array): Promise<Buffer | null> {
  try {
    switch (type) {
      case 'pdf':
        return await pdfWithoutMetadata(bytes);
      case 'docx':
      case 'xlsx':
      case 'pptx':
        return await officeWithoutMetadata(bytes);
      case 'jpeg':
        return jpegWithoutMetadata(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      case 'png':
        return pngWithoutMetadata(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    }
  } catch {
    return null;
  }
}

/** Keys whose values describe the document's making rather than its content (XMP packets, application data). */
const PDF_METADATA_KEYS = [PDFName.of('Metadata'), PDFName.of('PieceInfo')];

/**
 * A PDF without its document information dictionary, XMP packets and application data, written anew from the
 * objects still reachable from the catalog — so nothing of an earlier revision (incremental updates keep old
 * objects in the file) survives either. An encrypted PDF cannot be rewritten: null.
 */
async function pdfWithoutMetadata(bytes: Uint8Array): Promise<Buffer | null> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  if (doc.isEncrypted) return null;
  const context = doc.context;
  context.trailerInfo.Info = undefined;
  for (const [, object] of context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : null;
    for (const key of PDF_METADATA_KEYS) dict?.delete(key);
  }
  for (const key of PDF_METADATA_KEYS) doc.catalog.delete(key);

  const reachable = new Set<string>();
  const visit = (object: PDFObject | undefined): void => {
    if (object instanceof PDFRef) {
      if (reachable.has(object.tag)) return;
      reachable.add(object.tag);
      visit(context.lookup(object));
    } else if (object instanceof PDFDict) {
      for (const [, value] of object.entries()) visit(value);
    } else if (object instanceof PDFStream) {
      visit(object.dict);
    } else if (object instanceof PDFArray) {
      for (const value of object.asArray()) visit(value);
    }
  };
  visit(context.trailerInfo.Root);
  for (const [ref] of context.enumerateIndirectObjects()) if (!reachable.has(ref.tag)) context.delete(ref);

  return Buffer.from(await doc.save({ useObjectStreams: false, updateFieldAppearances: false }));
}

const EMPTY_OFFICE_PARTS: Readonly<Record<string, string>> = {
  'docProps/core.xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>',
  'docProps/app.xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>',
  'docProps/custom.xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>',
};

/**
 * An Office file (a ZIP package) with its property parts emptied: core (creator, last modified by, title, dates),
 * app (company, manager, template) and custom properties. The parts stay, empty, so the package's relationships
 * still hold and Office opens the file without a repair prompt.
 */
async function officeWithoutMetadata(bytes: Uint8Array): Promise<Buffer | null> {
  const zip = await JSZip.loadAsync(bytes);
  if (!zip.file('[Content_Types].xml')) return null;
  for (const [part, empty] of Object.entries(EMPTY_OFFICE_PARTS)) if (zip.file(part)) zip.file(part, empty);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

/**
 * JPEG segments that carry metadata: APP1 (EXIF, XMP), APP3–APP13 (among them Photoshop's IPTC in APP13), APP15 and
 * comments. Kept: APP0 (JFIF), APP2 (the ICC colour profile) and APP14 (Adobe colour transform), which change how
 * the picture looks, and everything from the start of the scan on.
 */
const JPEG_KEPT_APP = new Set([0xe0, 0xe2, 0xee]);

function jpegWithoutMetadata(input: Buffer): Buffer | null {
  if (input.length < 4 || input[0] !== 0xff || input[1] !== 0xd8) return null;
  const parts: Buffer[] = [input.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= input.length) {
    if (input[at] !== 0xff) return null;
    const marker = input[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xda) {
      parts.push(input.subarray(at)); // start of scan: the image data and the end marker follow
      return Buffer.concat(parts);
    }
    const length = input.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > input.length) return null;
    const isMetadata = (marker >= 0xe1 && marker <= 0xef && !JPEG_KEPT_APP.has(marker)) || marker === 0xfe;
    if (!isMetadata) parts.push(input.subarray(at, at + 2 + length));
    at += 2 + length;
  }
  return null;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** PNG chunks that carry text, EXIF or a time stamp; none changes the picture. */
const PNG_METADATA_CHUNKS = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

function pngWithoutMetadata(input: Buffer): Buffer | null {
  if (!input.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
  const parts: Buffer[] = [PNG_SIGNATURE];
  let at = 8;
  while (at + 12 <= input.length) {
    const length = input.readUInt32BE(at);
    const type = input.toString('latin1', at + 4, at + 8);
    const end = at + 12 + length;
    if (end > input.length) return null;
    if (!PNG_METADATA_CHUNKS.has(type)) parts.push(input.subarray(at, end));
    at = end;
    if (type === 'IEND') return Buffer.concat(parts);
  }
  return null;
}
