/**
 * The code cards: A4 pages of eight cards (2 × 4, cut along the dashed lines), each with one voting code, a QR code
 * that opens the ballot with the code filled in, and the address to type it in by hand. The QR code is drawn as
 * vector squares, so it stays sharp at any print size. Dutch first, English second on every card.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { formatCode } from './vote.rules';

const MM = 72 / 25.4;
const PAGE = { width: 210 * MM, height: 297 * MM };
const COLUMNS = 2;
const ROWS = 4;
const CARD = { width: PAGE.width / COLUMNS, height: PAGE.height / ROWS };

export interface CardTexts {
  /** "Publieksprijs" and the edition's name. */
  title: string;
  /** Dutch: scan, or go to the address and type the code. */
  instructionNl: string;
  instructionEn: string;
  /** "Eén stem per code; wijzigen kan tot de stemming sluit." */
  footNl: string;
}

/** The address in each QR code: the ballot with this code filled in. */
export function ballotUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/$/, '')}/stem?code=${encodeURIComponent(code)}`;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const cell = size / count;
  doc.save().fillColor('#000000');
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.modules.get(row, col)) doc.rect(x + col * cell, y + row * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill().restore();
}

/** Only the printable ASCII the built-in fonts show for sure; an edition name with other letters is simplified. */
const plain = (s: string) => s.normalize('NFKD').replace(/[^\x20-\x7e\xa0-\xff€–—‘’“”]/g, '');

export async function codeCardsPdf(input: {
  codes: readonly string[];
  baseUrl: string;
  texts: CardTexts;
  now: Date;
}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    info: { Title: plain(input.texts.title), CreationDate: input.now, ModDate: input.now },
  });
  const done = collect(doc);
  const address = `${input.baseUrl.replace(/^https?:\/\//, '').replace(/\/$/, '')}/stem`;
  input.codes.forEach((code, i) => {
    const slot = i % (COLUMNS * ROWS);
    if (i > 0 && slot === 0) doc.addPage();
    if (slot === 0) {
      // Cut lines.
      doc.save().lineWidth(0.5).dash(4, { space: 4 }).strokeColor('#999999');
      for (let c = 1; c < COLUMNS; c++) doc.moveTo(c * CARD.width, 0).lineTo(c * CARD.width, PAGE.height);
      for (let r = 1; r < ROWS; r++) doc.moveTo(0, r * CARD.height).lineTo(PAGE.width, r * CARD.height);
      doc.stroke().undash().restore();
    }
    const x = (slot % COLUMNS) * CARD.width;
    const y = Math.floor(slot / COLUMNS) * CARD.height;
    const pad = 7 * MM;
    const qrSize = 34 * MM;
    const textX = x + pad + qrSize + 5 * MM;
    const textWidth = CARD.width - (textX - x) - pad;
    doc.font('Helvetica-Bold').fontSize(12).fillColor('#000000');
    doc.text(plain(input.texts.title), x + pad, y + pad, {
      width: CARD.width - 2 * pad,
      lineBreak: true,
      height: 16,
    });
    drawQr(doc, ballotUrl(input.baseUrl, code), x + pad, y + pad + 7 * MM, qrSize);
    doc.font('Helvetica').fontSize(9).fillColor('#000000');
    doc.text(plain(input.texts.instructionNl), textX, y + pad + 7 * MM, { width: textWidth });
    doc.font('Helvetica-Bold').fontSize(9).text(address, { width: textWidth });
    doc
      .font('Helvetica-Oblique')
      .fontSize(8)
      .fillColor('#444444')
      .text(plain(input.texts.instructionEn), { width: textWidth });
    doc.font('Courier-Bold').fontSize(17).fillColor('#000000');
    doc.text(formatCode(code), x + pad, y + pad + 7 * MM + qrSize + 3 * MM, { width: CARD.width - 2 * pad });
    doc.font('Helvetica').fontSize(7.5).fillColor('#444444');
    doc.text(plain(input.texts.footNl), x + pad, y + CARD.height - pad - 4 * MM, {
      width: CARD.width - 2 * pad,
    });
  });
  doc.end();
  return done;
}
