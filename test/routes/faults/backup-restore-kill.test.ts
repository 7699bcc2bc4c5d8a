import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createBackup, unfinishedRestore } from '../../../src/backup/backup';
import { openDb, runMigrations } from '../../../src/db/db';
import { seedDemo } from '../../../src/demo/demo.seed';

/**
 * The backup and restore commands as an operator runs them, killed with SIGKILL at every step (a fault point in
 * the code kills the process there, as a power cut would), then run again. Nothing may be lost: the restored data
 * is whole, what it replaced is kept, the app refuses to start while a restore is unfinished and starts after.
 * SQLite only: the point is the files on this machine.
 */
const ROOT = path.join(__dirname, '../../..');
const RESTORE_STEPS = [
  'restore:verified',
  'restore:swap-half',
  'restore:swapped',
  'restore:old-database-aside',
  'restore:database-installed',
  'restore:kept',
];
const BACKUP_STEPS = ['backup:snapshot-taken', 'backup:archive-half', 'backup:archive-written'];

let dir: string;
let archive: string;
let sourceRows: number;
let sourceFiles: Record<string, string>;

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Files at the top of an upload folder (the attachments), by name → hash; tmp/ and dot-folders aside. */
function attachmentFiles(uploadDir: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const d of fs.readdirSync(uploadDir, { withFileTypes: true }))
    if (d.isFile() && !d.name.startsWith('.')) result[d.name] = sha(path.join(uploadDir, d.name));
  return result;
}

/** Every file anywhere under a folder, by hash: to prove a file still exists somewhere after a fault. */
function allHashes(folder: string): Set<string> {
  const found = new Set<string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) found.add(sha(p));
    }
  };
  walk(folder);
  return found;
}

function countEntries(sqliteFile: string): number {
  const db = new Database(sqliteFile, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from entries').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** An install with demo data: a SQLite file and an upload folder with one PDF per entry. */
async function install(name: string, entries: number, seed: string) {
  const sqliteFile = path.join(dir, name, 'db.sqlite');
  const uploadDir = path.join(dir, name, 'uploads');
  fs.mkdirSync(uploadDir, { recursive: true });
  const config = { sqliteFile, uploadDir, databaseUrl: '', databaseSchema: '' };
  const db = openDb(config);
  await runMigrations(db);
  await seedDemo(db, {
    entries,
    jurors: 3,
    criteria: 4,
    seed,
    uploadDir,
    now: new Date('2027-03-01T10:00:00Z'),
    finalShare: 0.9,
  });
  await db.destroy();
  return config;
}

/** Runs a command of package.json's scripts as the operator would; resolves with its exit code or signal. */
function run(script: 'restore' | 'backup' | 'server', args: string[], env: Record<string, string>) {
  const file = { restore: 'scripts/restore.ts', backup: 'scripts/backup.ts', server: 'src/server.ts' }[
    script
  ];
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        LOG_LEVEL: 'error',
        NODE_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(40),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b) => (output += b));
    child.stderr.on('data', (b) => (output += b));
    child.on('exit', (code, signal) => resolve({ code, signal, output }));
  });
}

const envOf = (config: { sqliteFile: string; uploadDir: string }) => ({
  SQLITE_FILE: config.sqliteFile,
  UPLOAD_DIR: config.uploadDir,
  MAIL_DIR: path.join(path.dirname(config.uploadDir), 'mail'),
});

/** Starts the real server and waits for /healthz; returns whether it came up, and stops it. */
async function appStarts(config: {
  sqliteFile: string;
  uploadDir: string;
}): Promise<{ started: boolean; output: string }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...envOf(config),
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (b) => (output += b));
  child.stderr!.on('data', (b) => (output += b));
  let exited = false;
  child.on('exit', () => (exited = true));
  for (let i = 0; i < 100 && !exited; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
      return { started: true, output };
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  if (!exited) child.kill('SIGKILL');
  return { started: false, output };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'innovatieprijs-fault-'));
  const source = await install('source', 6, 'bron');
  archive = (await createBackup(source, { out: path.join(dir, 'bron.tar.gz') })).file;
  sourceRows = countEntries(source.sqliteFile);
  sourceFiles = attachmentFiles(source.uploadDir);
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('restore killed at every step, then run again', () => {
  for (const step of RESTORE_STEPS) {
    it(`completes after a kill at ${step}, losing nothing`, async () => {
      const target = await install(`target-${step.replace(':', '-')}`, 3, 'doel');
      const oldFiles = attachmentFiles(target.uploadDir);
      const oldDbHash = sha(target.sqliteFile);
      const killed = await run('restore', [archive, '--force'], { ...envOf(target), FAULT_POINT: step });
      expect(killed.signal).toBe('SIGKILL');
      expect(unfinishedRestore(target.uploadDir)).not.toBeNull();
      // Every old file still exists somewhere under the upload folder; nothing was deleted.
      const present = allHashes(target.uploadDir);
      for (const hash of Object.values(oldFiles)) expect(present.has(hash)).toBe(true);

      const refused = await appStarts(target);
      expect(refused.started).toBe(false);
      expect(refused.output).toContain('A restore is unfinished');

      const again = await run('restore', [archive, '--force'], envOf(target));
      expect([again.code, again.output]).toEqual([0, expect.stringMatching(/Restored|Completed/)]);
      expect(unfinishedRestore(target.uploadDir)).toBeNull();
      expect(countEntries(target.sqliteFile)).toBe(sourceRows);
      expect(attachmentFiles(target.uploadDir)).toEqual(sourceFiles);
      // What was replaced is kept aside: the old files and the old database.
      const kept = fs.readdirSync(target.uploadDir).filter((n) => n.startsWith('.replaced-'));
      expect(kept).toHaveLength(1);
      const keptHashes = allHashes(path.join(target.uploadDir, kept[0]!));
      for (const hash of Object.values(oldFiles)) expect(keptHashes.has(hash)).toBe(true);
      expect(
        keptHashes.has(oldDbHash) || fs.existsSync(path.join(target.uploadDir, kept[0]!, 'previous.sqlite')),
      ).toBe(true);

      // The app starts, and its orphan cleanup leaves every restored file in place.
      expect((await appStarts(target)).started).toBe(true);
      expect(attachmentFiles(target.uploadDir)).toEqual(sourceFiles);
    }, 60_000);
  }

  for (const step of ['restore:swap-half', 'restore:old-database-aside']) {
    it(`rolls back after a kill at ${step}: the install is as it was`, async () => {
      const target = await install(`rollback-${step.replace(':', '-')}`, 3, 'doel');
      const oldFiles = attachmentFiles(target.uploadDir);
      const oldEntries = countEntries(target.sqliteFile);
      const killed = await run('restore', [archive, '--force'], { ...envOf(target), FAULT_POINT: step });
      expect(killed.signal).toBe('SIGKILL');
      const other = await run('restore', [path.join(dir, 'ander.tar.gz')], envOf(target));
      expect(other.code).toBe(3); // another archive while one is unfinished: refused
      const back = await run('restore', ['--rollback'], envOf(target));
      expect([back.code, back.output]).toEqual([0, expect.stringContaining('undone')]);
      expect(unfinishedRestore(target.uploadDir)).toBeNull();
      expect(attachmentFiles(target.uploadDir)).toEqual(oldFiles);
      expect(countEntries(target.sqliteFile)).toBe(oldEntries);
      expect((await appStarts(target)).started).toBe(true);
    }, 60_000);
  }
});

describe('backup killed at every step, then run again', () => {
  for (const step of BACKUP_STEPS) {
    it(`leaves nothing that blocks the next run after a kill at ${step}`, async () => {
      const source = {
        sqliteFile: path.join(dir, 'source', 'db.sqlite'),
        uploadDir: path.join(dir, 'source', 'uploads'),
      };
      const out = path.join(dir, `backup-${step.replace(':', '-')}.tar.gz`);
      const killed = await run('backup', ['--out', out], { ...envOf(source), FAULT_POINT: step });
      expect(killed.signal).toBe('SIGKILL');
      expect(fs.existsSync(out)).toBe(false);
      const again = await run('backup', ['--out', out], envOf(source));
      expect([again.code, again.output]).toEqual([0, expect.stringContaining('Backup written')]);
      expect(fs.readdirSync(dir).filter((n) => n.startsWith(path.basename(out)))).toEqual([
        path.basename(out),
      ]);
      // The archive restores into a fresh install, row for row and file for file.
      const fresh = {
        sqliteFile: path.join(dir, `fresh-${step}`, 'db.sqlite'),
        uploadDir: path.join(dir, `fresh-${step}`, 'uploads'),
      };
      const restored = await run('restore', [out], envOf(fresh));
      expect(restored.code).toBe(0);
      expect(countEntries(fresh.sqliteFile)).toBe(sourceRows);
      expect(attachmentFiles(fresh.uploadDir)).toEqual(sourceFiles);
    }, 60_000);
  }

  it('refuses a second backup to the same file while the first is running', async () => {
    const source = {
      sqliteFile: path.join(dir, 'source', 'db.sqlite'),
      uploadDir: path.join(dir, 'source', 'uploads'),
    };
    const out = path.join(dir, 'busy.tar.gz');
    fs.writeFileSync(`${out}.lock`, String(process.pid)); // this test process is alive: the lock is held
    const refused = await run('backup', ['--out', out], envOf(source));
    expect(refused.code).toBe(3);
    expect(refused.output).toContain('Another backup');
    fs.rmSync(`${out}.lock`);
  }, 30_000);
});
