import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { addAttachments } from '../../../src/attachments/attachment.service';
import { createI18n } from '../../../src/i18n/i18n';
import { createMailer } from '../../../src/mail/mailer';
import { createOutbox } from '../../../src/mail/outbox';
import { cleanUploads } from '../../../src/attachments/attachment.storage';
import { statusForErrors } from '../../../src/attachments/attachment.types';
import type { User } from '../../../src/users/user.types';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { loggedIn } from '../../helpers/agent';
import { createEntry, createEntryWorld, type EntryWorld } from '../../helpers/entries';
import { filesUnder, pdfBytes } from '../../helpers/files';
import { attachmentRows, upload } from './helpers';

/**
 * The parts of storing a file that HTTP cannot easily reach: the service's all-or-nothing promise when the disk or
 * the database fails, two uploads racing for the last place, and the start-up cleanup.
 */

let t: TestApp;
let world: EntryWorld;
let pdf: Buffer;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  t = await makeTestApp();
  world = await createEntryWorld(t, { edition: { maxFiles: 2 } });
  pdf = await pdfBytes();
});
afterAll(() => t.close());

const deps = () => ({
  db: t.db,
  clock: t.clock,
  config: t.config,
  logger,
  mailer: createOutbox({ db: t.db, clock: t.clock, logger, transport: createMailer(t.config, logger) }),
  i18n: createI18n(),
});
const user = () => ({ id: world.submitter.id }) as User;
const tmp = () => path.join(t.config.uploadDir, 'tmp');
const freshEntry = () =>
  createEntry(t, {
    edition: world.edition,
    organisationId: world.organisation.id,
    userId: world.submitter.id,
  });

/**
 * What a promise rejected with (null when it resolved). Errors from the database driver and from fs are made
 * outside jest's sandbox, where `rejects.toThrow()` does not always recognise them as errors.
 */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (err: unknown) => err as { code?: string },
  );

/** A file as multer leaves it: in UPLOAD_DIR/tmp under a random name. */
function received(name = 'plan.pdf', data = pdf) {
  fs.mkdirSync(tmp(), { recursive: true });
  const storedName = crypto.randomUUID();
  const file = path.join(tmp(), storedName);
  fs.writeFileSync(file, data);
  return { path: file, originalName: name, size: data.length, storedName };
}

describe('storing is all or nothing', () => {
  it('keeps no row and no file when moving a file into place fails', async () => {
    const entry = await freshEntry();
    const good = received('goed.pdf');
    const blocked = received('geblokkeerd.pdf');
    // Something already occupies the second file's place, so its rename fails after the first one moved.
    const obstacle = path.join(t.config.uploadDir, blocked.storedName);
    fs.mkdirSync(path.join(obstacle, 'bezet'), { recursive: true });
    try {
      const err = await rejection(
        addAttachments(deps(), { user: user(), entryId: entry.id, files: [good, blocked] }),
      );
      expect(['EISDIR', 'ENOTEMPTY', 'EEXIST', 'EPERM']).toContain(err?.code);
      expect(await attachmentRows(t.db, entry.id)).toEqual([]);
      expect(await t.db('audit_events').where({ action: 'attachment.add', subject_id: entry.id })).toEqual(
        [],
      );
      expect(fs.existsSync(path.join(t.config.uploadDir, good.storedName))).toBe(false);
      expect(filesUnder(tmp())).toEqual([]);
    } finally {
      fs.rmSync(obstacle, { recursive: true, force: true });
    }
  });

  it('removes the files when the database refuses the row', async () => {
    const entry = await freshEntry();
    const other = await freshEntry();
    const file = received();
    // Another row already claims the stored name: the unique index refuses the insert.
    await t.db('attachments').insert({
      entry_id: other.id,
      original_name: 'ander.pdf',
      stored_name: file.storedName,
      file_type: 'pdf',
      mime_type: 'application/pdf',
      size_bytes: 1,
      sha256: '0'.repeat(64),
      uploaded_by_user_id: null,
      created_at: t.clock.now(),
    });
    try {
      const err = await rejection(addAttachments(deps(), { user: user(), entryId: entry.id, files: [file] }));
      // SQLite and PostgreSQL name a unique violation differently.
      expect(['SQLITE_CONSTRAINT_UNIQUE', '23505']).toContain(err?.code);
      expect(await attachmentRows(t.db, entry.id)).toEqual([]);
      expect(fs.existsSync(path.join(t.config.uploadDir, file.storedName))).toBe(false);
      expect(filesUnder(tmp())).toEqual([]);
    } finally {
      await t.db('attachments').where({ entry_id: other.id }).del();
    }
  });

  it('checks the deadline again when the upload has arrived', async () => {
    const entry = await freshEntry();
    const file = received();
    const now = t.clock.now();
    t.clock.set(world.edition.closesAt!);
    try {
      const result = await addAttachments(deps(), { user: user(), entryId: entry.id, files: [file] });
      expect(result).toEqual({
        ok: false,
        refusal: 'invalid',
        errors: [{ field: 'files', messageKey: 'entries.refusals.deadline_passed' }],
      });
      expect(!result.ok && statusForErrors(result.errors)).toBe(422);
      expect(await attachmentRows(t.db, entry.id)).toEqual([]);
      expect(filesUnder(tmp())).toEqual([]);
    } finally {
      t.clock.set(now);
    }
  });

  it('lets only one of two simultaneous uploads take the last place', async () => {
    const entry = await freshEntry();
    await addAttachments(deps(), { user: user(), entryId: entry.id, files: [received('eerste.pdf')] });
    const results = await Promise.all(
      ['a.pdf', 'b.pdf', 'c.pdf'].map((name) =>
        addAttachments(deps(), { user: user(), entryId: entry.id, files: [received(name)] }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.errors[0]!.messageKey)).toEqual([
      'attachments.errors.limitReached',
      'attachments.errors.limitReached',
    ]);
    expect(await attachmentRows(t.db, entry.id)).toHaveLength(2);
    expect(filesUnder(tmp())).toEqual([]);
  });
});

describe('cleaning up after a crash', () => {
  const age = (file: string, ms: number) => {
    const then = new Date(Date.now() - ms);
    fs.utimesSync(file, then, then);
  };

  it('moves old tmp leftovers and unreferenced files into quarantine, leaves young ones, stored and hidden files, and logs it', async () => {
    const entry = await freshEntry();
    const browser = await loggedIn(t.app, world.submitter);
    expect((await upload(browser, entry.id, [{ name: 'blijft.pdf', data: pdf }])).status).toBe(303);
    const [kept] = await attachmentRows(t.db, entry.id);

    const orphan = crypto.randomUUID();
    fs.writeFileSync(path.join(t.config.uploadDir, orphan), 'half opgeslagen');
    age(path.join(t.config.uploadDir, orphan), 2 * 60 * 60 * 1000);
    // An upload in progress in another process: its file is renamed into place before its row commits.
    const inProgress = crypto.randomUUID();
    fs.writeFileSync(path.join(t.config.uploadDir, inProgress), 'wordt nu opgeslagen');
    fs.writeFileSync(path.join(t.config.uploadDir, '.gitkeep'), '');
    fs.mkdirSync(path.join(t.config.uploadDir, 'archief'), { recursive: true });
    fs.writeFileSync(path.join(t.config.uploadDir, 'archief', 'oud.pdf'), 'van iemand anders');
    const leftover = received().storedName;
    age(path.join(tmp(), leftover), 2 * 60 * 60 * 1000);
    fs.mkdirSync(path.join(tmp(), 'busboy-rest'), { recursive: true });
    age(path.join(tmp(), 'busboy-rest'), 2 * 60 * 60 * 1000);
    const youngUpload = received().storedName;

    const lines: Array<{ msg: string; tmp?: string[]; orphans?: string[] }> = [];
    const spy = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const now = new Date();
    const report = await cleanUploads({ db: t.db, uploadDir: t.config.uploadDir, logger: spy, now });

    expect(report.tmp.sort()).toEqual(['busboy-rest', leftover].sort());
    expect(report.orphans).toEqual([orphan]);
    expect(report.young.sort()).toEqual([inProgress, youngUpload].sort());
    const quarantine = `.quarantine/${now.toISOString().slice(0, 10)}`;
    expect(filesUnder(t.config.uploadDir).sort()).toEqual(
      [
        ...(await t.db('attachments').pluck('stored_name')),
        '.gitkeep',
        'archief/oud.pdf',
        inProgress,
        `tmp/${youngUpload}`,
        `${quarantine}/${orphan}`,
        `${quarantine}/tmp-${leftover}`,
      ].sort(),
    );
    expect(fs.existsSync(path.join(t.config.uploadDir, kept.stored_name))).toBe(true);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'moved 2 unfinished upload(s) and 1 unreferenced attachment file(s) into quarantine',
        orphans: [orphan],
      }),
    ]);

    // Nothing old to do the second time, and nothing logged; a week later the quarantine is gone.
    lines.length = 0;
    const again = await cleanUploads({ db: t.db, uploadDir: t.config.uploadDir, logger: spy, now });
    expect([again.tmp, again.orphans]).toEqual([[], []]);
    expect(lines).toEqual([]);
    const later = new Date(now.getTime() + 8 * 24 * 60 * 60 * 1000);
    await cleanUploads({ db: t.db, uploadDir: t.config.uploadDir, logger: spy, now: later });
    expect(fs.existsSync(path.join(t.config.uploadDir, quarantine))).toBe(false);
    fs.rmSync(path.join(t.config.uploadDir, '.quarantine'), { recursive: true, force: true });
  });

  it('warns about a leftover it cannot move, and carries on', async () => {
    const dir = path.join(t.dir, 'alleen-lezen');
    fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
    const stuck = crypto.randomUUID();
    fs.writeFileSync(path.join(dir, stuck), 'weesbestand');
    age(path.join(dir, stuck), 2 * 60 * 60 * 1000);
    fs.chmodSync(dir, 0o555);
    try {
      const warnings: string[] = [];
      const spy = pino(
        { level: 'warn' },
        { write: (line: string) => void warnings.push(JSON.parse(line).msg) },
      );
      const report = await cleanUploads({ db: t.db, uploadDir: dir, logger: spy });
      if (process.getuid?.() === 0) {
        // root may write anywhere: the move succeeds.
        expect(report.orphans).toEqual([stuck]);
      } else {
        expect(report.unmovable).toEqual([stuck]);
        expect(warnings).toContain('could not move a leftover upload into quarantine');
      }
    } finally {
      fs.chmodSync(dir, 0o755);
    }
  });

  it('creates the folders on a fresh install', async () => {
    const dir = path.join(t.dir, 'nieuw');
    fs.mkdirSync(dir);
    await cleanUploads({ db: t.db, uploadDir: dir, logger });
    expect(fs.statSync(path.join(dir, 'tmp')).isDirectory()).toBe(true);
  });
});
