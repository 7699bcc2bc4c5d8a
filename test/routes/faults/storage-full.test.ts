import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { cleanUploads } from '../../../src/attachments/attachment.storage';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { loggedIn } from '../../helpers/agent';
import { createEntryWorld, type EntryWorld } from '../../helpers/entries';
import { filesUnder, pdfBytes } from '../../helpers/files';
import { upload } from '../attachments/helpers';

/**
 * The upload folder on a small file system of its own (a 1 MB tmpfs): a full disk gives the translated 507 page,
 * a read-only one the 503 page, and in both cases nothing is half-stored — no row, no file, what was there stays.
 */
let t: TestApp;
let world: EntryWorld;
let mountPoint: string;

beforeAll(async () => {
  mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'innovatieprijs-smalldisk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint]);
  t = await makeTestApp({ env: { UPLOAD_DIR: mountPoint } });
  world = await createEntryWorld(t, { edition: { maxFileMb: 10 } });
});
afterAll(async () => {
  await t.close();
  execFileSync('umount', [mountPoint]);
  fs.rmSync(mountPoint, { recursive: true, force: true });
});

const rows = async () => Number((await t.db('attachments').count({ n: '*' }).first())?.n);

it('answers a full disk with the translated 507 page and keeps nothing half-stored', async () => {
  const browser = await loggedIn(t.app, world.submitter);
  expect(
    (await upload(browser, world.entry.id, [{ name: 'klein.pdf', data: await pdfBytes() }])).status,
  ).toBe(303);
  const before = filesUnder(mountPoint).sort();
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2 * 1024 * 1024, 0x20)]);
  const res = await upload(browser, world.entry.id, [{ name: 'groot.pdf', data: big }]);
  expect(res.status).toBe(507);
  expect(res.text).toContain('Opslag vol');
  expect(res.text).toContain('Er is niets half opgeslagen');
  expect(await rows()).toBe(1);
  expect(filesUnder(mountPoint).sort()).toEqual(before);
});

it('answers a read-only upload folder with the translated 503 page, and the app still starts', async () => {
  const browser = await loggedIn(t.app, world.submitter);
  execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
  try {
    const res = await upload(browser, world.entry.id, [{ name: 'nog-een.pdf', data: await pdfBytes() }]);
    expect(res.status).toBe(503);
    expect(res.text).toContain('Opslaan lukt op dit moment niet');
    expect(await rows()).toBe(1);
    // An old unreferenced file on the read-only folder: the start-up tidy-up warns and carries on.
    const report = await cleanUploads({
      db: t.db,
      uploadDir: mountPoint,
      logger: pino({ level: 'silent' }),
      now: new Date(Date.now() + 2 * 60 * 60 * 1000),
    });
    expect(report.orphans).toEqual([]);
  } finally {
    execFileSync('mount', ['-o', 'remount,rw', mountPoint]);
  }
});
