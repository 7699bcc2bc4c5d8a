import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { seedDemo } from '../../../src/demo/demo.seed';
import { tinyPdf } from '../../../src/demo/demo.data';
import { pdfText } from '../../helpers/results-parse';
import { conflictKey } from '../../../src/jury/conflicts';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser } from '../../helpers/agent';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ now: new Date() });
});
afterAll(() => t.close());

describe('seed:demo', () => {
  it('fills a fresh database with a consistent judging edition', async () => {
    const result = await seedDemo(t.db, {
      entries: 20,
      jurors: 6,
      criteria: 6,
      seed: 'test',
      uploadDir: t.config.uploadDir,
      now: t.clock.now(),
      finalShare: 0.9,
    });
    expect(result.counts.entries).toBe(20);
    const criteria = await t.db('criteria').where({ edition_id: result.editionId });
    expect(criteria).toHaveLength(6);
    expect(criteria.reduce((s, c) => s + c.weight, 0)).toBe(100);
    const edition = await t.db('editions').where({ id: result.editionId }).first();
    expect(edition.phase).toBe('judging');

    // Every score is on the scale, every sheet has all criteria, and no conflicted pair was scored.
    const scores = await t
      .db('scores as s')
      .join('score_sheets as h', 'h.id', 's.sheet_id')
      .select('s.value', 'h.juror_user_id', 'h.entry_id', 's.sheet_id');
    expect(scores.length).toBe(result.counts.sheets! * 6);
    expect(scores.every((s) => s.value >= edition.scale_min && s.value <= edition.scale_max)).toBe(true);
    const assigned = new Set(
      (await t.db('assignments')).map((a) => conflictKey(a.juror_user_id, a.entry_id)),
    );
    expect(scores.every((s) => assigned.has(conflictKey(s.juror_user_id, s.entry_id)))).toBe(true);
    expect(assigned.size + result.counts.conflicts!).toBe(20 * 6);

    // Attachments are real files whose hashes match.
    const attachments = await t.db('attachments');
    expect(attachments).toHaveLength(20);
    for (const a of attachments) {
      const bytes = fs.readFileSync(path.join(t.config.uploadDir, a.stored_name));
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(a.sha256);
    }

    // The demo accounts can log in.
    await new Browser(t.app).login({ email: result.admin.email, password: result.password });
    await new Browser(t.app).login({ email: result.jurors[0]!.email, password: result.password });
  });

  it('refuses a database that already has data, writing nothing', async () => {
    const before = Number((await t.db('entries').count({ n: '*' }).first())?.n);
    await expect(
      seedDemo(t.db, {
        entries: 3,
        jurors: 2,
        criteria: 5,
        seed: 'x',
        uploadDir: t.config.uploadDir,
        now: t.clock.now(),
        finalShare: 1,
      }),
    ).rejects.toThrow(/not empty/);
    expect(Number((await t.db('entries').count({ n: '*' }).first())?.n)).toBe(before);
    expect(
      fs
        .readdirSync(t.config.uploadDir)
        .filter((f) => fs.statSync(path.join(t.config.uploadDir, f)).isFile()),
    ).toHaveLength(20);
  });

  it('gives the same demo for the same seed', async () => {
    const other = await makeTestApp({ now: t.clock.now() });
    try {
      await seedDemo(other.db, {
        entries: 20,
        jurors: 6,
        criteria: 6,
        seed: 'test',
        uploadDir: other.config.uploadDir,
        now: other.clock.now(),
        finalShare: 0.9,
      });
      const titles = async (db: typeof t.db) =>
        (await db('entries').orderBy('number').select('title', 'organisation_id')).map((r) => r.title);
      expect(await titles(other.db)).toEqual(await titles(t.db));
      const values = async (db: typeof t.db) =>
        (await db('scores').orderBy(['sheet_id', 'criterion_id']).select('value')).map((r) => r.value);
      expect(await values(other.db)).toEqual(await values(t.db));
    } finally {
      await other.close();
    }
  });
});

describe('seed:demo with --jurors-per-entry', () => {
  it('gives every entry that many jurors, with loads that differ by at most one', async () => {
    const other = await makeTestApp({ now: new Date() });
    try {
      const result = await seedDemo(other.db, {
        entries: 30,
        jurors: 12,
        criteria: 4,
        seed: 'vijf',
        uploadDir: other.config.uploadDir,
        now: other.clock.now(),
        finalShare: 1,
        jurorsPerEntry: 5,
      });
      const perEntry = await other.db('assignments').select('entry_id').count({ n: '*' }).groupBy('entry_id');
      expect(perEntry).toHaveLength(30);
      expect(perEntry.every((r) => Number(r.n) === 5)).toBe(true);
      const perJuror = (
        await other.db('assignments').select('juror_user_id').count({ n: '*' }).groupBy('juror_user_id')
      ).map((r) => Number(r.n));
      expect(Math.max(...perJuror) - Math.min(...perJuror)).toBeLessThanOrEqual(1);
      // Every assigned pair has its sheet, and nothing else does.
      expect(Number((await other.db('score_sheets').count({ n: '*' }).first())?.n)).toBe(150);
      expect(result.counts.sheets).toBe(150);
      const settings = await other.db('jury_settings').where({ edition_id: result.editionId }).first();
      expect([settings.assignment_mode, Number(settings.jurors_per_entry)]).toEqual(['balanced', 5]);
    } finally {
      await other.close();
    }
  });
});

describe('the demo attachments', () => {
  it('are PDFs whose text, accents included, reads back as written', () => {
    const text = pdfText(tinyPdf('Eén loket voor werkgevers – Zuiderzand, “proef” van één jaar'));
    expect(text).toContain('Eén loket voor werkgevers - Zuiderzand, "proef" van één jaar');
  });
});
