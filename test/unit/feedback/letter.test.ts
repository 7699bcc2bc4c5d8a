import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createI18n } from '../../../src/i18n/i18n';
import {
  composeLetter,
  fieldPosition,
  letterBlocks,
  quartiles,
  scrubNames,
  type LetterEntryStats,
} from '../../../src/feedback/feedback.letter';
import { feedbackLetterPdf } from '../../../src/feedback/feedback.pdf';

const i18n = createI18n();

describe('quartiles (Tukey’s hinges)', () => {
  it('takes the medians of the lower and upper half, leaving out the middle value of an odd count', () => {
    expect(quartiles([7])).toEqual({ q1: 7, median: 7, q3: 7 });
    expect(quartiles([8, 2])).toEqual({ q1: 2, median: 5, q3: 8 });
    expect(quartiles([5.5, 8, 6])).toEqual({ q1: 5.5, median: 6, q3: 8 });
    expect(quartiles([1, 2, 3, 4, 5, 6, 7, 8])).toEqual({ q1: 2.5, median: 4.5, q3: 6.5 });
    expect(quartiles([9, 1, 5, 3, 7])).toEqual({ q1: 2, median: 5, q3: 8 });
  });

  it('places a value against the field as printed (2 decimals)', () => {
    const field = { q1: 2, median: 5, q3: 8 };
    expect(fieldPosition(8.001, field)).toBe('upper'); // shown as 8,00: not above 8,00
    expect(fieldPosition(8.01, field)).toBe('top');
    expect(fieldPosition(5, field)).toBe('upper');
    expect(fieldPosition(4.99, field)).toBe('lower');
    expect(fieldPosition(1.99, field)).toBe('bottom');
  });
});

describe('scrubNames', () => {
  it('removes whole names, their parts (not particles) and e-mail addresses, whole words only', () => {
    const names = ['Anna Aalders', 'Bram van den Bos', 'Li Wei-Chen'];
    expect(scrubNames('Anna Aalders vond het goed', names, '[naam]')).toBe('[naam] vond het goed');
    expect(scrubNames('Volgens aalders en BOS', names, '[naam]')).toBe('Volgens [naam] en [naam]');
    // Parts inside other words stay; particles stay.
    expect(scrubNames('Bosbouw van de annalen', names, '[naam]')).toBe('Bosbouw van de annalen');
    expect(scrubNames('Mail wei-chen@example.org of Chen', names, '[naam]')).toBe('Mail [naam] of [naam]');
    expect(scrubNames('Ëlla ging', ['Ëlla'], 'X')).toBe('X ging');
  });
});

describe('letterBlocks', () => {
  it('reads paragraphs, lists and headings the same way for the page and the PDF', () => {
    expect(
      letterBlocks(
        'Beste lezer,\r\n\r\nEen alinea\nover twee regels.\n- een\n- twee\n\nAlgemeen:\n- drie\n\nSlot:',
      ),
    ).toEqual([
      { kind: 'paragraph', lines: ['Beste lezer,'] },
      { kind: 'paragraph', lines: ['Een alinea', 'over twee regels.'] },
      { kind: 'list', items: ['een', 'twee'] },
      { kind: 'heading', text: 'Algemeen' },
      { kind: 'list', items: ['drie'] },
      { kind: 'heading', text: 'Slot' },
    ]);
  });
});

const stats = (mean: number | null, values: Array<[number, number | null]>, n = 2): LetterEntryStats => ({
  sheetCount: n,
  mean,
  criteria: new Map(values),
});

describe('composeLetter', () => {
  const criteria = [
    { id: 1, name: 'Innovativeness', weight: 60 },
    { id: 2, name: 'Collaboration', weight: 40 },
  ];
  const field = [
    stats(80, [
      [1, 8],
      [2, 8],
    ]),
    stats(50, [
      [1, 5],
      [2, 5],
    ]),
    stats(20, [
      [1, 2],
      [2, 2],
    ]),
    stats(
      null,
      [
        [1, null],
        [2, null],
      ],
      0,
    ),
  ];
  const letter = (
    entry: LetterEntryStats,
    comments = [] as Array<{ criterionId: number | null; text: string }>,
  ) =>
    composeLetter({
      editionName: 'Innovatieprijs 2027',
      entryLabel: '2027-001 Slim inkopen',
      organisationName: 'Appeldorp',
      scale: { min: 0, max: 10 },
      criteria,
      entry,
      field,
      comments,
      jurorNames: ['Anna Aalders'],
      t: i18n.getFixedT('en'),
      lng: 'en',
    });

  it('compares the entry with the scored entries only, per criterion and in total, in the language of t', () => {
    const text = letter(field[0]!);
    expect(text).toContain('The jury assessed 3 entries; number of jurors who scored yours: 2.');
    expect(text).toContain(
      '- Innovativeness (weight 60%): your entry 8.00; all entries: median 5.00, quartiles 2.00–8.00. At or above the median.',
    );
    expect(text).toContain(
      '- Weighted total score (0–100): your entry 80.00; all entries: median 50.00, quartiles 20.00–80.00. At or above the median.',
    );
    expect(text).toContain('The jurors wrote no comments on your entry.');
  });

  it('says so for an entry nobody scored, and groups comments by criterion, general first, without names', () => {
    const text = letter(field[3]!, [
      { criterionId: 2, text: 'Goed samengewerkt, zegt Anna.' },
      { criterionId: null, text: 'Sterk plan.\nMooi.' },
      { criterionId: 2, text: '  ' },
    ]);
    expect(text).toContain('Your entry was not scored by the jury');
    expect(text).not.toContain('median');
    expect(text).toContain(
      'General:\n- Sterk plan. Mooi.\n\nCollaboration:\n- Goed samengewerkt, zegt [name].',
    );
  });
});

describe('the letter as PDF', () => {
  it('breaks a long letter over pages, numbered, each line kept', async () => {
    const items = Array.from(
      { length: 70 },
      (_, i) => `- Opmerking ${i + 1}: ${'lang verhaal '.repeat(8)}einde.`,
    );
    const body = ['Beste Łęka,', '', 'Algemeen:', ...items, '', 'Met vriendelijke groet,'].join('\n');
    const pdf = await feedbackLetterPdf({
      editionName: 'Innovatieprijs 2027',
      entryLabel: '2027-001 Slim inkopen',
      organisationName: 'Łęka',
      body,
      releasedAt: new Date('2027-11-20T10:00:00Z'),
      t: i18n.getFixedT('nl'),
      lng: 'nl',
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'feedback-pdf-'));
    try {
      const file = path.join(dir, 'letter.pdf');
      fs.writeFileSync(file, pdf);
      if (process.env.FEEDBACK_PDF_OUT) fs.writeFileSync(process.env.FEEDBACK_PDF_OUT, pdf);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      const pages = text.split('\f').filter((p) => p.trim() !== '');
      expect(pages.length).toBeGreaterThanOrEqual(2);
      pages.forEach((page, index) => expect(page).toContain(`Pagina ${index + 1} van ${pages.length}`));
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toContain('Beste Łęka,');
      for (let i = 1; i <= 70; i += 1) expect(flat).toContain(`Opmerking ${i}: lang verhaal`);
      expect(flat).toContain('Met vriendelijke groet,');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
