/**
 * The jury report as PDF: edition, jury, method, ranking, nominees, winner with the motivation, and the jury's
 * comments on the shortlisted entries without names. Numbers come from the ResultsView, formatted like the page.
 * Set in PDF's built-in Helvetica, except text Helvetica cannot show (outside Windows-1252, e.g. "Yıldız", "Łęka"):
 * that is set in DejaVu Sans, embedded with only the glyphs used. Helvetica for the rest keeps the report fast:
 * laying out every cell of a 500-row table with an embedded font took 14 s instead of 0.5 s.
 *
 * A tagged PDF (PDF/UA style) in the reader's language: every piece of text is marked content under a structure
 * tree in reading order — Document › H1 (title), H2 (sections, a nominee's page), H3 (its parts), P (paragraphs),
 * L › LI › LBody (lists), Table › TR › TH/TD (the ranking, headers scoped to their column) — and what only decorates
 * (the signature lines, the page footers) is an Artifact, so a screen reader reads the report and skips the rest.
 */
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { TFunction } from 'i18next';
import type { RuleChange } from '../editions/edition.types';
import { localeOf } from '../i18n/pick';
import { formatDate, type Lng } from '../shared/time';
import type { ResultsData } from './results.service';
import { formatScore, type ResultsView } from './results.view';

export const REGULAR = 'Body';
export const BOLD = 'Body-Bold';
/** What Helvetica's encoding (WinAnsi, i.e. Windows-1252) can show. */
const WIN_ANSI = /^[\t\n\r\x20-\x7e\xa0-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]*$/;
/** The font for a piece of text: Helvetica when it can show all of it, else the embedded DejaVu Sans. */
export function faceFor(text: string, bold = false): string {
  if (WIN_ANSI.test(text)) return bold ? 'Helvetica-Bold' : 'Helvetica';
  return bold ? BOLD : REGULAR;
}
let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** Read once per process; pdfkit subsets what each document uses. */
export function fontFiles(): { regular: Buffer; bold: Buffer } {
  const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  fonts ??= {
    regular: fs.readFileSync(path.join(dir, 'DejaVuSans.ttf')),
    bold: fs.readFileSync(path.join(dir, 'DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

export interface ReportComment {
  entryId: number;
  /** null: the juror's overall motivation; otherwise the criterion the comment is about. */
  criterionName: string | null;
  text: string;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

export async function juryReportPdf({
  view,
  data,
  comments,
  ruleChanges = [],
  t,
  lng,
  now,
}: {
  view: ResultsView;
  data: ResultsData;
  /** Changes to the aggregation or the minimum after scoring started, with their reasons. */
  ruleChanges?: readonly RuleChange[];
  /** Comments on the nominees, honourable mentions and winner (already limited to counted sheets). */
  comments: readonly ReportComment[];
  t: TFunction;
  lng: Lng;
  now: Date;
}): Promise<Buffer> {
  const { edition } = data;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    lang: localeOf(lng),
    // A tagged PDF (PDF/UA's marked content) with its language, so screen readers read it in the right voice.
    tagged: true,
    pdfVersion: '1.7',
    displayTitle: true,
    // Kept in memory until the end, so every page can get "Pagina i van n" once n is known.
    bufferPages: true,
    info: {
      Title: `${t('results.report.title')} ${edition.name}`,
      Author: t('common.appName'),
      Subject: t('results.report.subject'),
    },
  });
  const done = collect(doc);
  doc.registerFont(REGULAR, fontFiles().regular);
  doc.registerFont(BOLD, fontFiles().bold);
  const fmt = (value: number | null) => formatScore(value, lng);
  // The structure tree: everything below hangs under one Document element, in reading order.
  const root = doc.struct('Document');
  doc.addStructure(root);
  const tag = (structType: string) => ({ structParent: root, structType });
  const heading = (text: string, level: 'H2' | 'H3' = 'H2') => {
    // A heading never stands alone at the foot of a page.
    if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
    doc
      .moveDown(1)
      .font(faceFor(text, true))
      .fontSize(level === 'H2' ? 14 : 12.5)
      .text(text, tag(level))
      .moveDown(0.3);
    doc.font('Helvetica').fontSize(10.5);
  };
  const paragraph = (text: string) =>
    doc.font(faceFor(text)).fontSize(10.5).text(text, tag('P')).moveDown(0.3);
  /** A bold lead-in and its text: one paragraph (P) of two spans, the second continuing the first's line. */
  const labelled = (label: string, text: string) => {
    const element = doc.struct('P');
    root.add(element);
    doc
      .font(faceFor(label, true))
      .fontSize(10.5)
      .text(`${label}: `, { structParent: element, structType: 'Span', continued: true });
    doc.font(faceFor(text)).text(text).moveDown(0.3);
  };
  /** A list (L › LI › LBody), drawn as before: "•  item" or "1.  item", indented. */
  const list = (items: readonly string[], numbered = false) => {
    if (items.length === 0) return;
    const element = doc.struct('L');
    root.add(element);
    items.forEach((text, index) => {
      const item = doc.struct('LI');
      element.add(item);
      doc
        .font(faceFor(text))
        .fontSize(10.5)
        .text(`${numbered ? `${index + 1}.` : '•'}  ${text}`, {
          indent: 8,
          structParent: item,
          structType: 'LBody',
        });
    });
  };
  /** Drawing that only decorates (lines, footers): outside the structure, skipped by screen readers. */
  const artifact = (draw: () => void, type: 'Layout' | 'Pagination' = 'Layout') => {
    doc.markContent('Artifact', { type });
    draw();
    doc.endMarkedContent();
  };

  doc
    .font(faceFor(t('results.report.title'), true))
    .fontSize(22)
    .text(t('results.report.title'), tag('H1'));
  doc.font(faceFor(edition.name)).fontSize(16).text(edition.name, tag('P'));
  doc
    .fontSize(10)
    .fillColor('#444444')
    .text(t('results.report.drawnUp', { date: formatDate(now, lng) }), tag('P'));
  doc.fillColor('#000000');

  heading(t('results.report.edition'));
  paragraph(
    t('results.report.editionFacts', {
      entries: view.rows.length,
      ranked: view.rankedRows.length,
      jurors: view.jurors.length,
      scores: view.sheetCount,
    }),
  );
  if (edition.conferenceAt || edition.conferencePlace) {
    paragraph(
      t('results.report.conference', {
        when: [edition.conferenceAt ? formatDate(edition.conferenceAt, lng) : '', edition.conferencePlace]
          .filter(Boolean)
          .join(', '),
      }),
    );
  }

  heading(t('results.report.jury'));
  list(
    data.jurors.map((juror) => {
      const employer =
        (juror.employerId !== null ? data.conflicts.organisations.get(juror.employerId)?.name : null) ??
        juror.employerName;
      return [juror.name, juror.jobTitle, employer].filter(Boolean).join(', ');
    }),
  );

  heading(t('results.report.method'));
  paragraph(t('results.report.scale', { min: edition.scaleMin, max: edition.scaleMax }));
  list(view.criteria.map((criterion) => `${criterion.name}: ${criterion.weight}%`));
  doc.moveDown(0.3);
  paragraph(
    t('results.report.aggregation', {
      aggregation: t(`results.aggregations.${view.aggregation}`),
      explanation: t(`results.aggregationHelp.${view.aggregation}`),
    }),
  );
  paragraph(t('results.report.minimum', { count: view.minScores, tooFew: view.tooFewRows.length }));
  if (ruleChanges.length === 0) paragraph(t('results.report.rulesUnchanged'));
  else {
    paragraph(t('results.report.rulesChanged'));
    list(
      ruleChanges.map((change) => {
        const value = (v: string) => (change.field === 'aggregation' ? t(`results.aggregations.${v}`) : v);
        return t('results.report.ruleChange', {
          date: formatDate(change.changedAt, lng),
          name: change.changedByName ?? '–',
          field: t(`results.report.ruleFields.${change.field}`),
          before: value(change.before),
          after: value(change.after),
          reason: change.reason,
        });
      }),
    );
  }
  paragraph(t('results.report.exclusions'));
  // Without names: the report is read by people who should not learn who scored what.
  if (view.degenerateJurors.length)
    paragraph(
      t('results.report.degenerate', {
        count: view.degenerateJurors.length,
        single: view.degenerateJurors.filter((j) => j.reason === 'singleEntry').length,
        flat: view.degenerateJurors.filter((j) => j.reason === 'noSpread').length,
      }),
    );
  paragraph(t('results.report.tieRules'));
  list(view.tieRules, true);
  doc.moveDown(0.3);
  labelled(t('results.robustness.title'), view.robustness.anonymousSummary);
  labelled(t('results.uncertainty.title'), view.uncertainty.statement);
  list(view.uncertainty.lines);
  doc.moveDown(0.3);
  // Which rule decided the top of the ranking: the score, or a tie-break rule (and which).
  const leader = view.rankedRows[0];
  if (leader)
    paragraph(
      t('results.report.decidedBy', {
        entry: `${leader.entry.numberLabel} ${leader.entry.title}`,
        how:
          leader.tieNote ??
          t('results.report.decidedByScore', { aggregation: t(`results.aggregations.${view.aggregation}`) }),
      }),
    );

  heading(t('results.report.ranking'));
  // Only the rare cell Helvetica cannot show names its own font; the rest use the table's (Helvetica).
  const cell = (text: string) => (WIN_ANSI.test(text) ? text : { text, font: { src: faceFor(text) } });
  const headers = [
    t('results.columns.rank'),
    t('results.columns.number'),
    t('results.columns.title'),
    t('results.columns.organisation'),
    t('results.columns.scoreShort'),
    t('results.columns.n'),
    t('results.columns.sd'),
  ];
  // A fixed column is as wide as its longest header word (in bold) or widest value, so no header breaks mid-word.
  const widest = (texts: string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
    return Math.max(...texts.flatMap((text) => text.split(/\s+/)).map((word) => doc.widthOfString(word)));
  };
  const fit = (index: number, cells: string[]) =>
    Math.ceil(Math.max(widest([headers[index] as string], true), widest(cells, false))) + 8;
  const columnStyles = [
    fit(
      0,
      view.rows.map((row) => (row.rank === null ? '–' : String(row.rank))),
    ),
    fit(
      1,
      view.rows.map((row) => row.entry.numberLabel),
    ),
    '*',
    120,
    fit(
      4,
      view.rows.map((row) => fmt(row.score)),
    ),
    fit(
      5,
      view.rows.map((row) => String(row.n)),
    ),
    fit(
      6,
      view.rows.map((row) => fmt(row.sd)),
    ),
  ];
  doc.font('Helvetica').fontSize(10);
  // pdfkit tags the table (Table › TR › TH/TD) when it is given a parent; its types do not list the option yet.
  const tableStructure = { structParent: root } as Record<string, unknown>;
  doc.table({
    ...tableStructure,
    columnStyles,
    defaultStyle: { border: { bottom: 0.5 }, borderColor: '#999999', padding: [3, 3, 3, 3] },
    data: [
      headers.map((text) => ({
        text,
        type: 'TH' as const,
        scope: 'Column',
        font: { src: faceFor(text, true) },
      })),
      ...view.rows.map((row) => [
        row.rank === null ? '–' : String(row.rank),
        row.entry.numberLabel,
        cell(row.entry.title),
        cell(row.entry.organisationName),
        { text: fmt(row.score), align: { x: 'right' as const } },
        { text: String(row.n), align: { x: 'right' as const } },
        { text: fmt(row.sd), align: { x: 'right' as const } },
      ]),
    ],
  });

  // By rank (entries without one last, by number): the order the jury's own ranking gives them.
  const shortlist = (kind: 'nominee' | 'honourable_mention') =>
    view.rows
      .filter((row) => row.nomination === kind)
      .sort(
        (a, b) =>
          (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
          a.entry.numberLabel.localeCompare(b.entry.numberLabel),
      );
  const placeOf = (row: (typeof view.rows)[number]) =>
    row.rank === null ? t('results.report.noRank') : t('results.report.place', { rank: row.rank });
  heading(t('results.report.nominees'));
  const nominees = shortlist('nominee');
  const shortlistLine = (row: (typeof view.rows)[number]) =>
    `${placeOf(row)}: ${row.entry.organisationName}: ${row.entry.title} (${row.entry.numberLabel})`;
  if (nominees.length === 0) paragraph(t('results.report.none'));
  list(nominees.map(shortlistLine));
  const mentions = shortlist('honourable_mention');
  if (mentions.length) {
    heading(t('results.report.honourableMentions'));
    list(mentions.map(shortlistLine));
  }

  heading(t('results.report.winner'));
  const decision = data.decision;
  const winner = decision ? view.rows.find((row) => row.entry.id === decision.winnerEntryId) : undefined;
  if (!decision || !winner) {
    paragraph(t('results.report.noDecision'));
  } else {
    const name = `${winner.entry.organisationName}: ${winner.entry.title}`;
    doc.font(faceFor(name, true)).fontSize(12).text(name, tag('P'));
    doc.moveDown(0.3);
    paragraph(t('results.report.motivation'));
    paragraph(decision.motivation);
  }

  // A page per nominee: place, how it got there, its profile per criterion, the comments without names.
  const discussed = [...nominees, ...mentions];
  for (const row of discussed) {
    doc.addPage();
    const title = `${row.entry.numberLabel} ${row.entry.title}`;
    doc.font(faceFor(title, true)).fontSize(16).text(title, tag('H2'));
    doc.font(faceFor(row.entry.organisationName)).fontSize(11).text(row.entry.organisationName, tag('P'));
    doc.moveDown(0.5);
    paragraph(
      [
        `${placeOf(row)} (${t(`results.aggregations.${view.aggregation}`)}: ${fmt(row.score)}, n = ${row.n})`,
        row.nomination ? t(`results.nominationKinds.${row.nomination}`) : '',
      ]
        .filter(Boolean)
        .join(' · '),
    );
    paragraph(
      t('results.report.placeDecidedBy', {
        how:
          row.tieNote ??
          t('results.report.decidedByScore', { aggregation: t(`results.aggregations.${view.aggregation}`) }),
      }),
    );
    if (row.winPercent !== null)
      paragraph(
        t('results.uncertainty.line', {
          entry: row.entry.title,
          percent: row.winPercent,
          low: row.interval ? fmt(row.interval.low) : '–',
          high: row.interval ? fmt(row.interval.high) : '–',
        }),
      );
    heading(t('results.report.profile'), 'H3');
    list(
      view.criteria.map((criterion, index) =>
        t('results.report.profileLine', {
          criterion: criterion.name,
          weight: criterion.weight,
          mean: fmt(row.criteria[index]?.mean ?? null),
          min: edition.scaleMin,
          max: edition.scaleMax,
        }),
      ),
    );
    heading(t('results.report.comments'), 'H3');
    const own = comments.filter((c) => c.entryId === row.entry.id);
    if (own.length === 0) paragraph(t('results.report.noComments'));
    list(
      own.map((comment) =>
        comment.criterionName ? `${comment.criterionName}: ${comment.text}` : comment.text,
      ),
    );
  }

  // The jury's declaration and the chair's signature.
  doc.addPage();
  heading(t('results.report.declarationTitle'));
  paragraph(t('results.report.declaration', { edition: edition.name }));
  doc.moveDown(2);
  for (const label of [
    t('results.report.signName'),
    t('results.report.signPlaceDate'),
    t('results.report.signature'),
  ]) {
    const y = doc.y + 24;
    doc.font('Helvetica').fontSize(10.5).text(label, doc.page.margins.left, doc.y, tag('P'));
    artifact(() =>
      doc
        .moveTo(doc.page.margins.left + 140, y)
        .lineTo(doc.page.width - doc.page.margins.right, y)
        .lineWidth(0.5)
        .strokeColor('#000000')
        .stroke(),
    );
    doc.y = y + 16;
  }

  // "Pagina i van n" at the foot of every page, written once the number of pages is known.
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    const { bottom } = doc.page.margins;
    doc.page.margins.bottom = 0;
    const text = t('results.report.pageOf', { page: index - range.start + 1, pages: range.count });
    artifact(
      () =>
        doc
          .font('Helvetica')
          .fontSize(9)
          .fillColor('#444444')
          .text(
            `${edition.name} · ${t('results.report.title')} · ${text}`,
            doc.page.margins.left,
            doc.page.height - 36,
            {
              width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
              align: 'center',
              lineBreak: false,
            },
          ),
      'Pagination',
    );
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('#000000');

  root.end();
  doc.end();
  return done;
}
