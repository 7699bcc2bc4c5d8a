/**
 * Reading results back the way a person would see them: the numbers in the rendered ranking table, a CSV as a
 * spreadsheet reads it, an XLSX through exceljs, the text of a PDF through pdftotext (poppler-utils).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Response } from 'superagent';

/** "80,00" or "80.00" → 80; a dash or empty → null. */
export function number(text: string | undefined): number | null {
  const trimmed = (text ?? '').trim();
  if (trimmed === '' || trimmed === '–') return null;
  const value = Number(trimmed.replace(',', '.'));
  if (!Number.isFinite(value)) throw new Error(`Not a number: ${text}`);
  return value;
}

const stripTags = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

export interface ScreenRow {
  entryId: number;
  number: string;
  rank: number | null;
  score: number | null;
  mean: number | null;
  meanRank: number | null;
  median: number | null;
  zscore: number | null;
  borda: number | null;
  n: number;
  sd: number | null;
}

/** The rows of the ranking table on the results page, as printed. */
export function rankingFromPage(html: string): ScreenRow[] {
  const table = /<table[^>]*id="ranking-table"[^>]*>([\s\S]*?)<\/table>/.exec(html)?.[1];
  if (!table) throw new Error('No ranking table on the page');
  return [...table.matchAll(/<tr[^>]*data-entry-id="(\d+)"[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => {
    const row = m[2]!;
    const cell = (col: string) => {
      const found = new RegExp(`<td[^>]*data-col="${col}"[^>]*>([\\s\\S]*?)</td>`).exec(row)?.[1];
      if (found === undefined) throw new Error(`No ${col} cell in row ${m[1]}`);
      return found;
    };
    // "80,00 <span …>(1)</span>": the value, then its rank under that aggregation.
    const valueOf = (col: string) => number(stripTags(cell(col).replace(/<span[\s\S]*<\/span>/, '')));
    const rankOf = (col: string) => number(/\((\d+)\)/.exec(cell(col))?.[1]);
    return {
      entryId: Number(m[1]),
      number: /(\d{4}-\d{3})/.exec(row)![1]!,
      rank: number(stripTags(cell('rank'))),
      score: number(stripTags(cell('score'))),
      mean: valueOf('mean'),
      meanRank: rankOf('mean'),
      median: valueOf('median'),
      zscore: valueOf('zscore'),
      borda: valueOf('borda'),
      n: Number(stripTags(cell('n'))),
      sd: number(stripTags(cell('sd'))),
    };
  });
}

/**
 * The field delimiter a CSV uses, as a spreadsheet's import would find it: the first character after the first
 * field (';' in the Dutch dialect, ',' in the English one).
 */
export function csvDelimiter(text: string): string {
  const input = text.replace(/^\uFEFF/, '');
  const end = input.startsWith('"') ? input.indexOf('"', 1) + 1 : input.search(/[;,]/);
  return input[end] === ';' ? ';' : ',';
}

/** RFC 4180: quoted fields may hold delimiters, quotes ("") and line breaks. Drops a leading BOM. */
export function parseCsv(text: string, delimiter = csvDelimiter(text)): string[][] {
  const input = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < input.length; i += 1) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The CSV as objects keyed by its header. */
export function csvRecords(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i] ?? ''])));
}

/** Collects a binary response body (XLSX, PDF) for supertest. */
export function binary(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

export async function readWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

/** A worksheet as objects keyed by its first row. */
export function sheetRecords(sheet: ExcelJS.Worksheet): Array<Record<string, unknown>> {
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const records: Array<Record<string, unknown>> = [];
  sheet.eachRow((row, index) => {
    if (index === 1) return;
    const values = (row.values as unknown[]).slice(1);
    records.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
  });
  return records;
}

/** The text of a PDF, laid out as on the page (pdftotext -layout). */
/** The structure tree of a tagged PDF as poppler prints it (`pdfinfo -struct-text`): element names and their text. */
export function pdfStructure(buffer: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'innovatieprijs-pdf-'));
  try {
    const file = path.join(dir, 'report.pdf');
    fs.writeFileSync(file, buffer);
    return execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function pdfText(buffer: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'innovatieprijs-pdf-'));
  try {
    const file = path.join(dir, 'report.pdf');
    fs.writeFileSync(file, buffer);
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
