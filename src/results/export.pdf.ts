/**
 * The jury report as PDF: edition, jury, method, ranking, nominees, winner with the motivation, and the jury's
 * comments on the shortlisted entries without names. Numbers come from the ResultsView, formatted like the page.
 * Set in PDF's built-in Helvetica, except text Helvetica cannot show (outside Windows-1252, e.g. "Yıldız", "Łęka"):
 * that is set in DejaVu Sans, embedded with only the glyphs used. Helvetica for the rest keeps the report fast:
 * laying out every cell of a 500-row table with an embedded font took 14 s instead of 0.5 s.
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

const REGULAR = 'Body';
const BOLD = 'Body-Bold';
/** What Helvetica's encoding (WinAnsi, i.e. Windows-1252) can show. */
const WIN_ANSI = /^[\t\n\r\x20-\x7e\xa0-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]*$/;
/** The font for a piece of text: Helvetica when it can show all of it, else the embedded DejaVu Sans. */
export function faceFor(text: string, bold = false): string {
  if (WIN_ANSI.test(text)) return bold ? 'Helvetica-Bold' : 'Helvetica';
  return bold ? BOLD : REGULAR;
}
let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** Read once per process; pdfkit subsets what each document uses. */
function fontFiles(): { regular: Buffer; bold: Buffer } {
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
    displayTitle: true,
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
  const heading = (text: string) => {
    doc.moveDown(1).font(faceFor(text, true)).fontSize(14).text(text).moveDown(0.3);
    doc.font('Helvetica').fontSize(10.5);
  };
  const paragraph = (text: string) => doc.font(faceFor(text)).fontSize(10.5).text(text).moveDown(0.3);
  const bullet = (text: string) => doc.font(faceFor(text)).fontSize(10.5).text(`•  ${text}`, { indent: 8 });

  doc
    .font(faceFor(t('results.report.title'), true))
    .fontSize(22)
    .text(t('results.report.title'));
  doc.font(faceFor(edition.name)).fontSize(16).text(edition.name);
  doc
    .fontSize(10)
    .fillColor('#444444')
    .text(t('results.report.drawnUp', { date: formatDate(now, lng) }));
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
  for (const juror of data.jurors) {
    const employer =
      (juror.employerId !== null ? data.conflicts.organisations.get(juror.employerId)?.name : null) ??
      juror.employerName;
    bullet([juror.name, juror.jobTitle, employer].filter(Boolean).join(', '));
  }

  heading(t('results.report.method'));
  paragraph(t('results.report.scale', { min: edition.scaleMin, max: edition.scaleMax }));
  for (const criterion of view.criteria) bullet(`${criterion.name}: ${criterion.weight}%`);
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
    for (const change of ruleChanges) {
      const value = (v: string) => (change.field === 'aggregation' ? t(`results.aggregations.${v}`) : v);
      bullet(
        t('results.report.ruleChange', {
          date: formatDate(change.changedAt, lng),
          name: change.changedByName ?? '–',
          field: t(`results.report.ruleFields.${change.field}`),
          before: value(change.before),
          after: value(change.after),
          reason: change.reason,
        }),
      );
    }
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
  view.tieRules.forEach((rule, index) =>
    doc
      .font(faceFor(rule))
      .fontSize(10.5)
      .text(`${index + 1}.  ${rule}`, { indent: 8 }),
  );
  doc.moveDown(0.3);
  doc.font(faceFor(t('results.robustness.title'), true)).text(`${t('results.robustness.title')}: `, {
    continued: true,
  });
  paragraph(view.robustness.anonymousSummary);

  heading(t('results.report.ranking'));
  // Only the rare cell Helvetica cannot show names its own font; the rest use the table's (Helvetica).
  const cell = (text: string) => (WIN_ANSI.test(text) ? text : { text, font: { src: faceFor(text) } });
  doc.table({
    columnStyles: [36, 58, '*', 120, 52, 28, 52],
    defaultStyle: { border: { bottom: 0.5 }, borderColor: '#999999', padding: [3, 3, 3, 3] },
    data: [
      [
        t('results.columns.rank'),
        t('results.columns.number'),
        t('results.columns.title'),
        t('results.columns.organisation'),
        t('results.columns.scoreShort'),
        t('results.columns.n'),
        t('results.columns.sd'),
      ].map((text) => ({ text, type: 'TH' as const, font: { src: faceFor(text, true) } })),
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

  const shortlist = (kind: 'nominee' | 'honourable_mention') =>
    view.rows
      .filter((row) => row.nomination === kind)
      .sort((a, b) => a.entry.organisationName.localeCompare(b.entry.organisationName, localeOf(lng)));
  heading(t('results.report.nominees'));
  const nominees = shortlist('nominee');
  if (nominees.length === 0) paragraph(t('results.report.none'));
  for (const row of nominees)
    bullet(`${row.entry.organisationName}: ${row.entry.title} (${row.entry.numberLabel})`);
  const mentions = shortlist('honourable_mention');
  if (mentions.length) {
    heading(t('results.report.honourableMentions'));
    for (const row of mentions)
      bullet(`${row.entry.organisationName}: ${row.entry.title} (${row.entry.numberLabel})`);
  }

  heading(t('results.report.winner'));
  const decision = data.decision;
  const winner = decision ? view.rows.find((row) => row.entry.id === decision.winnerEntryId) : undefined;
  if (!decision || !winner) {
    paragraph(t('results.report.noDecision'));
  } else {
    const name = `${winner.entry.organisationName}: ${winner.entry.title}`;
    doc.font(faceFor(name, true)).fontSize(12).text(name);
    doc.moveDown(0.3);
    paragraph(t('results.report.motivation'));
    paragraph(decision.motivation);
  }

  heading(t('results.report.comments'));
  paragraph(t('results.report.commentsIntro'));
  const discussed = [...(winner ? [winner] : []), ...nominees.filter((row) => row !== winner), ...mentions];
  for (const row of discussed) {
    const own = comments.filter((c) => c.entryId === row.entry.id);
    const title = `${row.entry.numberLabel} ${row.entry.title}`;
    doc.moveDown(0.4).font(faceFor(title, true)).fontSize(11).text(title);
    doc.font('Helvetica').fontSize(10.5);
    if (own.length === 0) paragraph(t('results.report.noComments'));
    for (const comment of own)
      bullet(comment.criterionName ? `${comment.criterionName}: ${comment.text}` : comment.text);
  }

  doc.end();
  return done;
}
