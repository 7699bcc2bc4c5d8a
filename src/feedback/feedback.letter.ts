/**
 * The text of a feedback letter, made from the entry's numbers in the results engine's output and the jurors'
 * comments. Pure: the numbers come from computeResults (results.types.ts) and are rounded with roundForDisplay like
 * every other page; this file only compares the entry with the field (median and quartiles of the entries' means)
 * and puts it into words.
 *
 * Anonymity: the letter never names a juror. Comments carry no juror, are sorted by their text (not by who wrote
 * them) and never numbered per juror, so two comments cannot be tied to the same person; any juror's name and any
 * e-mail address inside a comment are replaced (scrubNames), erring on the side of removing too much: the organiser
 * reads every letter before it is released.
 */
import type { TFunction } from 'i18next';
import { median } from '../results/stats';
import { roundForDisplay } from '../results/rounding';
import { formatScore } from '../results/results.view';
import type { Lng } from '../shared/time';

export interface Quartiles {
  q1: number;
  median: number;
  q3: number;
}

/**
 * Tukey's hinges: the median, and the medians of the lower and the upper half (with an odd count the middle value
 * belongs to neither half). One value: all three are that value. Callers pass at least one value.
 */
export function quartiles(values: readonly number[]): Quartiles {
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  if (sorted.length < 2) return { q1: sorted[0]!, median: sorted[0]!, q3: sorted[0]! };
  return {
    q1: median(sorted.slice(0, half)),
    median: median(sorted),
    q3: median(sorted.slice(sorted.length - half)),
  };
}

/** Where a value stands in the field: above the third quartile, from the median up, below it, below the first. */
export type FieldPosition = 'top' | 'upper' | 'lower' | 'bottom';

/** Compared as shown (2 decimals), so the words always agree with the numbers printed beside them. */
export function fieldPosition(value: number, field: Quartiles): FieldPosition {
  const [v, q1, m, q3] = [value, field.q1, field.median, field.q3].map(roundForDisplay) as [
    number,
    number,
    number,
    number,
  ];
  if (v > q3) return 'top';
  if (v < q1) return 'bottom';
  return v >= m ? 'upper' : 'lower';
}

const PARTICLES = new Set([
  'van',
  'de',
  'der',
  'den',
  'het',
  'ten',
  'ter',
  'te',
  'op',
  'in',
  "'t",
  'la',
  'le',
  'du',
]);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces every juror's name — the whole name and each part of it of 3 letters or more that is not a particle
 * ("van", "de", …) — and every e-mail address by `replacement`. Case-insensitive, whole words only.
 */
export function scrubNames(text: string, names: readonly string[], replacement: string): string {
  const words = new Set<string>();
  for (const name of names) {
    const whole = name.trim();
    if (whole) words.add(whole);
    for (const part of whole.split(/[\s-]+/))
      if (part.length >= 3 && !PARTICLES.has(part.toLowerCase())) words.add(part);
  }
  let out = text.replace(/[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+/g, replacement);
  // Longest first, so a whole name goes before its parts.
  for (const word of [...words].sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escape(word)}(?![\\p{L}\\p{N}])`, 'giu'), replacement);
  }
  return out;
}

export interface LetterCriterion {
  id: number;
  name: string;
  weight: number;
}

/** One entry's numbers, unrounded, straight from the results engine (EntryStats). */
export interface LetterEntryStats {
  sheetCount: number;
  /** Mean weighted score 0..100; null when nobody scored the entry. */
  mean: number | null;
  /** Mean per criterion on the edition's scale, by criterion id; null without scores. */
  criteria: ReadonlyMap<number, number | null>;
}

export interface LetterComment {
  /** null: a juror's overall motivation. */
  criterionId: number | null;
  text: string;
}

export interface LetterInput {
  editionName: string;
  entryLabel: string;
  organisationName: string;
  scale: { min: number; max: number };
  criteria: readonly LetterCriterion[];
  entry: LetterEntryStats;
  /** Every scored entry of the ranking (this one included): the field it is compared with. */
  field: readonly LetterEntryStats[];
  comments: readonly LetterComment[];
  /** The names of the edition's jurors, to keep out of the letter. */
  jurorNames: readonly string[];
  t: TFunction;
  lng: Lng;
}

/** The letter's text (its title is the entry, shown above it), in the language of `t`: a greeting, the profile against the field, the comments, a closing. */
export function composeLetter(input: LetterInput): string {
  const { t, lng, entry } = input;
  const fmt = (value: number) => formatScore(roundForDisplay(value), lng);
  const collator = new Intl.Collator(lng);
  const lines: string[] = [t('feedback.letter.greeting', { organisation: input.organisationName }), ''];
  const scored = input.field.filter((e) => e.mean !== null);
  if (entry.mean === null) {
    lines.push(t('feedback.letter.notScored', { edition: input.editionName }));
  } else {
    lines.push(
      t('feedback.letter.intro', {
        edition: input.editionName,
        count: scored.length,
        jurors: entry.sheetCount,
        min: input.scale.min,
        max: input.scale.max,
      }),
      '',
    );
    const describe = (label: string, value: number, values: number[]) => {
      const q = quartiles(values);
      return t('feedback.letter.profileLine', {
        label,
        value: fmt(value),
        median: fmt(q.median),
        q1: fmt(q.q1),
        q3: fmt(q.q3),
        position: t(`feedback.letter.positions.${fieldPosition(value, q)}`),
      });
    };
    for (const criterion of input.criteria) {
      const value = entry.criteria.get(criterion.id);
      if (value === null || value === undefined) continue;
      const values = scored
        .map((e) => e.criteria.get(criterion.id))
        .filter((v): v is number => typeof v === 'number');
      lines.push(
        describe(
          t('feedback.letter.criterionLabel', { name: criterion.name, weight: criterion.weight }),
          value,
          values,
        ),
      );
    }
    lines.push(
      describe(
        t('feedback.letter.totalLabel'),
        entry.mean,
        scored.map((e) => e.mean as number),
      ),
    );
  }

  lines.push('', `${t('feedback.letter.commentsTitle')}:`);
  const removed = t('feedback.letter.nameRemoved');
  const clean = input.comments
    .map((c) => ({ ...c, text: scrubNames(c.text.trim(), input.jurorNames, removed) }))
    .filter((c) => c.text !== '');
  if (clean.length === 0) lines.push(t('feedback.letter.noComments'));
  else {
    lines.push(t('feedback.letter.commentsIntro'));
    const groups: Array<{ title: string; id: number | null }> = [
      { title: t('feedback.letter.general'), id: null },
      ...input.criteria.map((c) => ({ title: c.name, id: c.id })),
    ];
    for (const group of groups) {
      const texts = clean
        .filter((c) => c.criterionId === group.id)
        .map((c) => c.text.replace(/\s*\n\s*/g, ' '))
        .sort(collator.compare);
      if (texts.length === 0) continue;
      lines.push('', `${group.title}:`, ...texts.map((text) => `- ${text}`));
    }
  }
  lines.push(
    '',
    t('feedback.letter.closing'),
    t('feedback.letter.signature', { edition: input.editionName }),
  );
  return lines.join('\n');
}

/** A piece of a letter as a page and the PDF show it: a heading, a paragraph (its lines kept) or a list. */
export type LetterBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; lines: string[] }
  | { kind: 'list'; items: string[] };

/**
 * The structure of a letter's text, read the same way for the page and the PDF: blocks are separated by empty
 * lines; lines starting with "- " are list items; a short line ending in ":" that starts a block is a heading.
 */
export function letterBlocks(body: string): LetterBlock[] {
  const blocks: LetterBlock[] = [];
  let current: LetterBlock | null = null;
  for (const raw of body.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      current = null;
      continue;
    }
    const item = /^\s*[-•]\s+(.*)$/.exec(line);
    if (item) {
      if (current?.kind !== 'list') {
        current = { kind: 'list', items: [] };
        blocks.push(current);
      }
      current.items.push(item[1]!);
    } else if (current === null && line.endsWith(':') && line.length <= 80) {
      blocks.push({ kind: 'heading', text: line.slice(0, -1).trim() });
      current = { kind: 'heading', text: '' };
    } else {
      if (current?.kind !== 'paragraph') {
        current = { kind: 'paragraph', lines: [] };
        blocks.push(current);
      }
      current.lines.push(line);
    }
  }
  return blocks;
}
