/**
 * A released feedback letter as PDF: a tagged PDF (structure tree, document language = the letter's language) with
 * the entry as title, the letter's blocks (letterBlocks: the same reading as the page) as headings, paragraphs and
 * lists, and "Pagina i van n" at the foot of every page, marked as an artifact so screen readers skip it. Fonts as
 * in the jury report (results/export.pdf.ts): Helvetica, DejaVu Sans for text Helvetica cannot show.
 */
import PDFDocument from 'pdfkit';
import type { TFunction } from 'i18next';
import { localeOf } from '../i18n/pick';
import { BOLD, faceFor, fontFiles, REGULAR } from '../results/export.pdf';
import { formatDate, type Lng } from '../shared/time';
import { letterBlocks } from './feedback.letter';

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

export async function feedbackLetterPdf(input: {
  editionName: string;
  entryLabel: string;
  organisationName: string;
  body: string;
  releasedAt: Date;
  /** The catalogue in the letter's language. */
  t: TFunction;
  lng: Lng;
}): Promise<Buffer> {
  const { t, lng } = input;
  const title = t('feedback.pdf.title', { entry: input.entryLabel });
  const doc = new PDFDocument({
    size: 'A4',
    margin: 64,
    lang: localeOf(lng),
    tagged: true,
    pdfVersion: '1.7',
    displayTitle: true,
    bufferPages: true,
    info: { Title: title, Author: t('common.appName'), Subject: input.editionName },
  });
  const done = collect(doc);
  doc.registerFont(REGULAR, fontFiles().regular);
  doc.registerFont(BOLD, fontFiles().bold);
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;

  const root = doc.struct('Document');
  doc.addStructure(root);
  const element = (type: string, draw: () => void) => root.add(doc.struct(type, {}, draw));

  element('H1', () => {
    doc.font(faceFor(title, true)).fontSize(18).fillColor('#000000').text(title, { width });
  });
  doc.moveDown(0.3);
  const facts = [
    input.editionName,
    input.organisationName,
    t('feedback.pdf.released', { date: formatDate(input.releasedAt, lng) }),
  ];
  element('P', () => {
    doc.font('Helvetica').fontSize(10).fillColor('#444444');
    for (const fact of facts) doc.font(faceFor(fact)).text(fact, { width });
  });
  doc.fillColor('#000000').moveDown(1);

  for (const block of letterBlocks(input.body)) {
    if (block.kind === 'heading') {
      // A heading never stands alone at the foot of a page.
      if (doc.y > doc.page.height - doc.page.margins.bottom - 60) doc.addPage();
      element('H2', () => {
        doc.font(faceFor(block.text, true)).fontSize(12.5).text(block.text, { width });
      });
      doc.moveDown(0.2);
    } else if (block.kind === 'paragraph') {
      element('P', () => {
        for (const line of block.lines) doc.font(faceFor(line)).fontSize(10.5).text(line, { width });
      });
      doc.moveDown(0.6);
    } else {
      const list = doc.struct('L');
      root.add(list);
      for (const item of block.items) {
        // A hanging indent: the bullet in the margin of the item, its lines aligned after it.
        if (doc.y > doc.page.height - doc.page.margins.bottom - 30) doc.addPage();
        const y = doc.y;
        list.add(
          doc.struct('LI', {}, () => {
            doc
              .font('Helvetica')
              .fontSize(10.5)
              .text('•', doc.page.margins.left + 4, y, { lineBreak: false });
            doc.font(faceFor(item)).text(item, doc.page.margins.left + 16, y, { width: width - 16 });
          }),
        );
        doc.moveDown(0.15);
      }
      list.end();
      doc.x = doc.page.margins.left;
      doc.moveDown(0.5);
    }
  }
  root.end();

  // "Pagina i van n", once n is known; an artifact, not part of the letter.
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    const { bottom } = doc.page.margins;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor('#444444')
      .text(
        `${input.editionName} · ${t('feedback.pdf.pageOf', { page: index - range.start + 1, pages: range.count })}`,
        doc.page.margins.left,
        doc.page.height - 40,
        { width, align: 'center', lineBreak: false },
      );
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('#000000');
  doc.end();
  return done;
}
