/**
 * Charts as SVG strings, pure and server-side, so the results page needs no script. Each chart is an image with
 * a title and a description (role="img", aria-labelledby) and prints its numbers as text; the page puts a data
 * table with the same numbers next to it. Numbers arrive already formatted: a chart never rounds on its own.
 * Only presentation attributes are used (no style attributes), which the Content-Security-Policy allows.
 */

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Long labels are cut for the drawing only; the full text stays in a tooltip and in the data table. */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';
const TEXT = '#1a1a1a';
const BAR = '#1f4e79';
const GRID = '#8a8a8a';

interface ChartFrame {
  id: string;
  title: string;
  description: string;
}

function open(frame: ChartFrame, width: number, height: number): string {
  const id = escapeXml(frame.id);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="ip-chart" id="${id}" role="img" ` +
    `aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="${width}" ` +
    `height="${height}" ${FONT}>` +
    `<title id="${id}-title">${escapeXml(frame.title)}</title>` +
    `<desc id="${id}-desc">${escapeXml(frame.description)}</desc>`
  );
}

const num = (value: number) => String(Math.round(value * 100) / 100);

function label(x: number, y: number, text: string, max: number, attrs = ''): string {
  const shown = shorten(text, max);
  const tooltip = shown === text ? '' : `<title>${escapeXml(text)}</title>`;
  return `<text x="${num(x)}" y="${num(y)}" fill="${TEXT}" font-size="13" ${attrs}>${tooltip}${escapeXml(shown)}</text>`;
}

/** Scale ticks every 25 (or 50 on wider domains), as vertical grid lines with their numbers. */
function axis({
  x0,
  width,
  top,
  bottom,
  max,
}: {
  x0: number;
  width: number;
  top: number;
  bottom: number;
  max: number;
}): string {
  const step = max > 150 ? 50 : 25;
  let out = '';
  for (let tick = 0; tick <= max; tick += step) {
    const x = x0 + (tick / max) * width;
    out +=
      `<line x1="${num(x)}" y1="${top}" x2="${num(x)}" y2="${bottom}" stroke="${GRID}" stroke-width="1" ` +
      `stroke-dasharray="${tick === 0 ? '' : '2 3'}"/>` +
      `<text x="${num(x)}" y="${bottom + 16}" fill="${TEXT}" font-size="12" text-anchor="middle">${tick}</text>`;
  }
  return out;
}

const domainMax = (values: number[]) => Math.max(100, Math.ceil(Math.max(0, ...values) / 25) * 25);

export interface ScoreBar {
  label: string;
  value: number;
  valueText: string;
  /** Spread drawn as a whisker value ± sd; null: none drawn. */
  sd?: number | null;
}

/** Horizontal bars, best first: each entry's score with its spread (± one standard deviation) as a whisker. */
export function scoreBarChart(frame: ChartFrame & { bars: readonly ScoreBar[] }): string {
  // Narrow enough to sit next to its data table at the page's width without being scaled down.
  const labelWidth = 230;
  const plotWidth = 300;
  const valueWidth = 64;
  const rowHeight = 30;
  const top = 10;
  const plotBottom = top + frame.bars.length * rowHeight;
  const height = plotBottom + 30;
  const width = labelWidth + plotWidth + valueWidth;
  const max = domainMax(frame.bars.map((bar) => bar.value + (bar.sd ?? 0)));
  const x = (value: number) => labelWidth + (Math.max(0, Math.min(value, max)) / max) * plotWidth;
  let body = axis({ x0: labelWidth, width: plotWidth, top, bottom: plotBottom, max });
  frame.bars.forEach((bar, index) => {
    const y = top + index * rowHeight;
    const middle = y + rowHeight / 2;
    body +=
      label(labelWidth - 8, middle + 4, bar.label, 30, 'text-anchor="end"') +
      `<rect x="${labelWidth}" y="${y + 6}" width="${num(x(bar.value) - labelWidth)}" height="${rowHeight - 12}" fill="${BAR}"/>`;
    if (bar.sd !== undefined && bar.sd !== null) {
      const from = x(bar.value - bar.sd);
      const to = x(bar.value + bar.sd);
      body +=
        `<line x1="${num(from)}" y1="${middle}" x2="${num(to)}" y2="${middle}" stroke="#000" stroke-width="2"/>` +
        `<line x1="${num(from)}" y1="${middle - 6}" x2="${num(from)}" y2="${middle + 6}" stroke="#000" stroke-width="2"/>` +
        `<line x1="${num(to)}" y1="${middle - 6}" x2="${num(to)}" y2="${middle + 6}" stroke="#000" stroke-width="2"/>`;
    }
    body += `<text x="${width - 4}" y="${middle + 4}" fill="${TEXT}" font-size="13" text-anchor="end" font-weight="700">${escapeXml(bar.valueText)}</text>`;
  });
  return `${open(frame, width, height)}${body}</svg>`;
}

export interface CriterionGroup {
  label: string;
  values: ReadonlyArray<{ label: string; value: number | null; valueText: string }>;
}

/**
 * Per entry, one bar per criterion (the mean on 0..100). Every bar carries its criterion's name as text, so
 * nothing depends on telling colours apart.
 */
export function criterionBreakdownChart(frame: ChartFrame & { groups: readonly CriterionGroup[] }): string {
  const labelWidth = 260;
  const plotWidth = 420;
  const valueWidth = 70;
  const width = labelWidth + plotWidth + valueWidth;
  const rowHeight = 24;
  const headHeight = 28;
  const top = 6;
  let y = top;
  let body = '';
  const shades = ['#1f4e79', '#2e6da4', '#3c7dba', '#174166', '#285d8f', '#0f2e4d'];
  for (const group of frame.groups) {
    body += label(4, y + 19, group.label, 80, 'font-weight="700" font-size="14"');
    y += headHeight;
    group.values.forEach((value, index) => {
      const middle = y + rowHeight / 2;
      const barWidth = value.value === null ? 0 : (Math.max(0, Math.min(100, value.value)) / 100) * plotWidth;
      body +=
        label(labelWidth - 8, middle + 4, value.label, 34, 'text-anchor="end"') +
        `<rect x="${labelWidth}" y="${y + 4}" width="${num(barWidth)}" height="${rowHeight - 8}" fill="${shades[index % shades.length]}"/>` +
        `<text x="${width - 4}" y="${middle + 4}" fill="${TEXT}" font-size="13" text-anchor="end">${escapeXml(value.valueText)}</text>`;
      y += rowHeight;
    });
    y += 8;
  }
  const plotBottom = y;
  body = axis({ x0: labelWidth, width: plotWidth, top, bottom: plotBottom, max: 100 }) + body;
  return `${open(frame, width, plotBottom + 30)}${body}</svg>`;
}

/** Light to dark blue over 0..100. */
export function heatColour(value: number): string {
  const low = [240, 245, 251];
  const high = [8, 48, 107];
  const share = Math.max(0, Math.min(1, value / 100));
  const channel = (i: number) =>
    Math.round((low[i] as number) + ((high[i] as number) - (low[i] as number)) * share);
  return `#${[0, 1, 2].map((i) => channel(i).toString(16).padStart(2, '0')).join('')}`;
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => {
    const c = parseInt(hex.slice(start, start + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return (
    0.2126 * (channels[0] as number) + 0.7152 * (channels[1] as number) + 0.0722 * (channels[2] as number)
  );
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Black or white, whichever reads better on the fill (always at least 4.5:1). */
export function textOn(fill: string): string {
  return contrastRatio(fill, '#000000') >= contrastRatio(fill, '#ffffff') ? '#000000' : '#ffffff';
}

export interface HeatMapInput extends ChartFrame {
  rows: readonly string[];
  columns: readonly string[];
  /** [row][column]: the value 0..100 and its text, or null for no score. */
  cells: ReadonlyArray<ReadonlyArray<{ value: number; text: string } | null>>;
  /** Printed in cells without a score. */
  emptyText: string;
}

/** Jurors (columns) × entries (rows): each cell the juror's weighted score, printed, its shade from light to dark. */
export function heatMapChart(frame: HeatMapInput): string {
  const labelWidth = 240;
  const cellWidth = 52;
  const cellHeight = 28;
  const headHeight = 110;
  // Room on the right for the last column's slanted name.
  const width = labelWidth + frame.columns.length * cellWidth + 90;
  const height = headHeight + frame.rows.length * cellHeight + 10;
  let body = '';
  frame.columns.forEach((column, index) => {
    const x = labelWidth + index * cellWidth + cellWidth / 2;
    body += label(x, headHeight - 8, column, 16, `transform="rotate(-45 ${num(x)} ${headHeight - 8})"`);
  });
  frame.rows.forEach((row, rowIndex) => {
    const y = headHeight + rowIndex * cellHeight;
    body += label(labelWidth - 8, y + cellHeight / 2 + 4, row, 28, 'text-anchor="end"');
    frame.columns.forEach((_column, columnIndex) => {
      const cell = frame.cells[rowIndex]?.[columnIndex] ?? null;
      const x = labelWidth + columnIndex * cellWidth;
      const fill = cell ? heatColour(cell.value) : '#ffffff';
      const stroke = cell ? '#ffffff' : '#b0b0b0';
      body +=
        `<rect x="${x}" y="${y}" width="${cellWidth}" height="${cellHeight}" fill="${fill}" stroke="${stroke}" stroke-width="1"/>` +
        (cell
          ? `<text x="${x + cellWidth / 2}" y="${y + cellHeight / 2 + 4}" fill="${textOn(fill)}" font-size="12" text-anchor="middle">${escapeXml(cell.text)}</text>`
          : `<text x="${x + cellWidth / 2}" y="${y + cellHeight / 2 + 4}" fill="#4a4a4a" font-size="12" text-anchor="middle">${escapeXml(frame.emptyText)}</text>`);
    });
  });
  return `${open(frame, width, height)}${body}</svg>`;
}
