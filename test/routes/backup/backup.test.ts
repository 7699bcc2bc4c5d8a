import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import knexFactory, { type Knex } from 'knex';
import {
  BackupError,
  createBackup,
  restoreBackup,
  type BackupConfig,
  type Manifest,
} from '../../../src/backup/backup';
import { insertReturningId, openDb, runMigrations } from '../../../src/db/db';
import { projectRoot } from '../../../src/shared/paths';
import { createEdition, defaultSettings } from '../../../src/editions/edition.service';
import { createOrganisation, createUser } from '../../helpers/factories';
import { okValue } from '../../helpers/result';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

/**
 * Backup and restore against real files and a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL): a
 * backup taken while writes go on is one consistent moment, and restoring it into a fresh install gives back
 * every row of every table and every file. Damaged, altered and unsafe archives are refused before anything
 * is touched.
 */

interface TarHeader {
  name: string;
  size?: number;
  type?: string;
  linkname?: string;
  mode?: number;
}
const tarStream = require('tar-stream') as {
  pack(): Readable & { entry(h: TarHeader, data: Buffer, cb: (err?: Error) => void): void; finalize(): void };
  extract(): Writable & {
    on(event: 'entry', cb: (h: TarHeader, s: Readable, next: () => void) => void): unknown;
  };
};

const pgUrl = process.env.TEST_DATABASE_URL;
let t: TestApp;
let work: string;
let quietArchive: string;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'innovatieprijs-backup-test-'));
  t = await makeTestApp();
  await buildWorld(t);
  quietArchive = (await createBackup(t.config, { out: path.join(work, 'quiet.tar.gz') })).file;
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await t?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** An edition with criteria and categories, organisations, users, entries, a partner and two attachments. */
async function buildWorld(app: TestApp): Promise<void> {
  const admin = await createUser(app.db, { role: 'admin', name: 'Anna Admin' });
  const zeist = await createOrganisation(app.db, { name: 'Zeist', type: 'gemeente' });
  const utrecht = await createOrganisation(app.db, { name: 'Utrecht', type: 'gemeente' });
  const alice = await createUser(app.db, { role: 'submitter', name: 'Alice', organisationId: zeist.id });
  const editionId = okValue(
    await createEdition(app, {
      actor: { id: admin.id, role: 'admin' } as never,
      settings: defaultSettings(2027),
    }),
  );
  const now = new Date('2027-03-01T10:00:00Z');
  const entryIds: number[] = [];
  for (const [i, title] of ['Samen slimmer', 'Één loket — “zonder” wachtrij'].entries())
    entryIds.push(
      await insertReturningId(app.db, 'entries', {
        edition_id: editionId,
        number: i + 1,
        organisation_id: zeist.id,
        created_by_user_id: alice.id,
        title,
        summary: `Samenvatting ${i + 1}\nmet een nieuwe regel`,
        status: i === 0 ? 'submitted' : 'draft',
        submitted_at: i === 0 ? now : null,
        created_at: now,
        updated_at: now,
      }),
    );
  await app.db('entry_partners').insert({ entry_id: entryIds[0], organisation_id: utrecht.id });
  fs.mkdirSync(path.join(app.config.uploadDir, 'tmp'), { recursive: true });
  fs.writeFileSync(path.join(app.config.uploadDir, 'tmp', 'unfinished-upload'), 'left out of backups');
  for (const [i, size] of [70_000, 1234].entries()) {
    const data = crypto.randomBytes(size);
    const storedName = crypto.randomUUID();
    fs.writeFileSync(path.join(app.config.uploadDir, storedName), data);
    await insertReturningId(app.db, 'attachments', {
      entry_id: entryIds[i],
      original_name: `bijlage ${i + 1}.pdf`,
      stored_name: storedName,
      file_type: 'pdf',
      mime_type: 'application/pdf',
      size_bytes: size,
      sha256: sha256(data),
      uploaded_by_user_id: alice.id,
      created_at: now,
    });
  }
}

/** A fresh install to restore into: its own temp folder and SQLite file, or its own PostgreSQL schema. */
async function freshTarget(): Promise<{ config: BackupConfig; dir: string; open(): Knex }> {
  const dir = fs.mkdtempSync(path.join(work, 'target-'));
  const schema = pgUrl ? `t_${crypto.randomBytes(6).toString('hex')}` : null;
  if (pgUrl && schema) {
    const admin = knexFactory({ client: 'pg', connection: pgUrl });
    await admin.raw(`create schema ${schema}`);
    await admin.destroy();
    cleanups.push(async () => {
      const a = knexFactory({ client: 'pg', connection: pgUrl });
      await a.raw(`drop schema if exists ${schema} cascade`);
      await a.destroy();
    });
  }
  const config: BackupConfig = {
    databaseUrl: pgUrl ?? null,
    databaseSchema: schema,
    sqliteFile: path.join(dir, 'restored.sqlite'),
    uploadDir: path.join(dir, 'uploads'),
  };
  return { config, dir, open: () => openDb(config) };
}

// ---- Reading the database and the upload folder independently of the code under test ---------------------

const isPg = (db: Knex) => db.client.config.client === 'pg';

async function rawRows<T>(db: Knex, sql: string, bindings: readonly unknown[] = []): Promise<T[]> {
  const result = (await db.raw(sql, bindings as Knex.RawBinding[])) as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** Every table in the database's catalogue (the configured schema on PostgreSQL). */
async function tablesOf(db: Knex): Promise<string[]> {
  const rows = isPg(db)
    ? await rawRows<{ name: string }>(
        db,
        `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = current_schema() and c.relkind in ('r', 'p') order by 1`,
      )
    : await rawRows<{ name: string }>(
        db,
        "select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by 1",
      );
  return rows.map((r) => r.name);
}

/** All rows of a table ordered by its primary key (by every column when it has none). */
async function rowsOf(db: Knex, table: string): Promise<unknown[]> {
  let order = isPg(db)
    ? await rawRows<{ name: string }>(
        db,
        `select a.attname as name from pg_index i
         join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
         where i.indrelid = to_regclass(quote_ident(?)) and i.indisprimary
         order by array_position(i.indkey::int2[], a.attnum)`,
        [table],
      )
    : await rawRows<{ name: string }>(db, 'select name from pragma_table_info(?) where pk > 0 order by pk', [
        table,
      ]);
  if (!order.length) order = Object.keys(await db(table).columnInfo()).map((name) => ({ name }));
  return db(table)
    .select('*')
    .orderBy(order.map((o) => o.name));
}

async function countsOf(db: Knex): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await tablesOf(db)) {
    const row = (await db(table).count({ n: '*' }).first()) as { n: number | string };
    counts[table] = Number(row.n);
  }
  return counts;
}

/** SHA-256 of every file under an upload folder, by path, leaving out tmp/ (unfinished uploads). */
/** The attachment files of an upload folder: not tmp/, nor what a restore put aside under a dot-folder. */
function uploadHashes(uploadDir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  const walk = (dir: string, rel: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!rel && (d.name === 'tmp' || d.name.startsWith('.replaced-'))) continue;
      const name = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) walk(path.join(dir, d.name), name);
      else hashes[name] = sha256(fs.readFileSync(path.join(dir, d.name)));
    }
  };
  if (fs.existsSync(uploadDir)) walk(uploadDir, '');
  return hashes;
}

/** Every path under a folder (files, folders and links), relative to it. */
function everything(dir: string): string[] {
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).sort() : [];
}

function flipByte(data: Buffer, at: number): Buffer {
  const copy = Buffer.from(data);
  copy[at] = copy[at]! ^ 0xff;
  return copy;
}

const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

// ---- Reading and crafting archives -------------------------------------------------------------------------

interface ArchiveEntry {
  header: TarHeader;
  data: Buffer;
}

async function readArchive(file: string): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  const extract = tarStream.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      entries.push({ header, data: Buffer.concat(chunks) });
      next();
    });
  });
  await pipeline(fs.createReadStream(file), zlib.createGunzip(), extract);
  return entries;
}

async function writeArchive(file: string, entries: ArchiveEntry[]): Promise<string> {
  const pack = tarStream.pack();
  const done = pipeline(pack, zlib.createGzip(), fs.createWriteStream(file));
  for (const { header, data } of entries)
    await new Promise<void>((resolve, reject) =>
      pack.entry(header, data, (err) => (err ? reject(err) : resolve())),
    );
  pack.finalize();
  await done;
  return file;
}

const manifestOf = (entries: ArchiveEntry[]): Manifest =>
  JSON.parse(entries.find((e) => e.header.name === 'manifest.json')!.data.toString('utf8')) as Manifest;

let crafted = 0;
async function craft(change: (entries: ArchiveEntry[]) => ArchiveEntry[]): Promise<string> {
  crafted += 1;
  return writeArchive(path.join(work, `crafted-${crafted}.tar.gz`), change(await readArchive(quietArchive)));
}

/** Nothing was restored: no database file or tables, no files, no staging folder left behind. */
async function expectUntouched(target: Awaited<ReturnType<typeof freshTarget>>): Promise<void> {
  expect(everything(target.dir).filter((p) => p !== 'uploads')).toEqual([]);
  if (pgUrl) {
    const db = target.open();
    try {
      expect(await tablesOf(db)).toEqual([]);
    } finally {
      await db.destroy();
    }
  }
}

// ---- Tests -----------------------------------------------------------------------------------------------------

test('a backup taken while the app writes is one consistent moment, and restores row for row', async () => {
  // Each write is one transaction over two tables: a consistent snapshot has both rows of a write or neither.
  let stop = false;
  let started = 0;
  let committed = 0;
  const writer = (async () => {
    while (!stop) {
      const n = ++started;
      await t.db.transaction(async (trx) => {
        await trx('audit_events').insert({
          at: new Date(),
          action: 'load.tick',
          subject_type: 'load',
          subject_id: n,
        });
        await trx('sessions').insert({ sid: `load-${n}`, sess: JSON.stringify({ n }), expired: new Date() });
      });
      committed = n;
      // Like requests to the app: each write is its own event-loop task. (better-sqlite3 answers synchronously, so
      // without this the loop would run on microtasks alone and starve timers and the backup.)
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  for (let i = 0; i < 400 && committed < 20; i++) await new Promise((r) => setTimeout(r, 5));
  const before = committed;
  expect(before).toBeGreaterThanOrEqual(20);
  const { file, manifest, warnings } = await createBackup(t.config, {
    out: path.join(work, 'under-load.tar.gz'),
  });
  const startedWhenDone = started;
  const committedWhenDone = committed;
  stop = true;
  await writer;
  expect(committedWhenDone).toBeGreaterThan(before); // the app really was writing during the backup
  expect(warnings).toEqual([]);

  // The snapshot's invariant: exactly writes 1..k, each with both of its rows, k between start and end.
  const checkLoad = async (db: Knex): Promise<number> => {
    const ticks = (await db('audit_events').where({ action: 'load.tick' }).orderBy('subject_id')).map((r) =>
      Number(r.subject_id),
    );
    const sids = (await db('sessions').where('sid', 'like', 'load-%')).map((r) => String(r.sid)).sort();
    const k = ticks.length;
    expect(ticks).toEqual(Array.from({ length: k }, (_, i) => i + 1));
    expect(sids).toEqual(ticks.map((n) => `load-${n}`).sort());
    expect(k).toBeGreaterThanOrEqual(before);
    expect(k).toBeLessThanOrEqual(startedWhenDone);
    return k;
  };

  // The archive: database, both attachments (not tmp/), manifest last; hashes and sizes as on disk.
  const entries = await readArchive(file);
  const dbFile = pgUrl ? 'database.sql' : 'database.sqlite';
  const uploads = uploadHashes(t.config.uploadDir);
  expect(Object.keys(uploads)).toHaveLength(2);
  expect(entries.map((e) => e.header.name)).toEqual([
    dbFile,
    ...Object.keys(uploads)
      .sort()
      .map((n) => `uploads/${n}`),
    'manifest.json',
  ]);
  expect(manifestOf(entries)).toEqual(manifest);
  for (const e of entries.filter((e) => e.header.name !== 'manifest.json'))
    expect(manifest.files).toContainEqual({
      path: e.header.name,
      size: e.data.length,
      sha256: sha256(e.data),
    });
  expect(manifest).toMatchObject({
    dialect: t.dialect,
    app: {
      name: 'innovatieprijs',
      version: JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')).version,
    },
    missingAttachments: [],
  });
  expect(manifest.migrations).toEqual((await t.db('knex_migrations').orderBy('id')).map((r) => r.name));
  expect(Object.keys(manifest.tables).sort()).toEqual(await tablesOf(t.db));

  let k: number | undefined;
  if (!pgUrl) {
    // SQLite: the snapshot itself passes SQLite's checks and has the manifest's row counts.
    const snapshotFile = path.join(work, 'snapshot.sqlite');
    fs.writeFileSync(snapshotFile, entries[0]!.data);
    const snap = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: snapshotFile },
      useNullAsDefault: true,
    });
    try {
      expect(await snap.raw('pragma integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(await snap.raw('pragma foreign_key_check')).toEqual([]);
      expect(await countsOf(snap)).toEqual(manifest.tables);
      k = await checkLoad(snap);
    } finally {
      await snap.destroy();
    }
  }

  // Restore into a fresh install (another folder, or another schema) and compare everything.
  const target = await freshTarget();
  await restoreBackup(target.config, { archive: file });
  const restored = target.open();
  try {
    expect(await tablesOf(restored)).toEqual(await tablesOf(t.db));
    expect(await countsOf(restored)).toEqual(manifest.tables);
    const restoredK = await checkLoad(restored);
    if (!pgUrl) expect(restoredK).toBe(k);
    // Rows written after the snapshot are the only difference from the source.
    const late = (table: string, row: Record<string, unknown>) =>
      (table === 'audit_events' && row.action === 'load.tick' && Number(row.subject_id) > restoredK) ||
      (table === 'sessions' &&
        /^load-\d+$/.test(String(row.sid)) &&
        Number(String(row.sid).slice(5)) > restoredK);
    for (const table of await tablesOf(t.db)) {
      // A count of writes, moved by the load's session rows as well: its value is no content.
      if (table === 'change_counters') continue;
      const source = (await rowsOf(t.db, table)) as Array<Record<string, unknown>>;
      const expected = source.filter((row) => !late(table, row));
      expect({ table, rows: await rowsOf(restored, table) }).toEqual({ table, rows: expected });
    }
    expect(uploadHashes(target.config.uploadDir)).toEqual(uploads);
    expect(everything(target.config.uploadDir).filter((p) => p.startsWith('.restore-'))).toEqual([]);
  } finally {
    await restored.destroy();
  }
});

test('refuses to restore over a database with data unless forced, then replaces it completely', async () => {
  const target = await freshTarget();
  await restoreBackup(target.config, { archive: quietArchive });
  let db = target.open();
  try {
    await db('organisations').where({ name: 'Zeist' }).update({ name: 'Zeist (changed)' });
  } finally {
    await db.destroy();
  }
  fs.writeFileSync(path.join(target.config.uploadDir, 'extra-file'), 'not in the backup');

  const refused = restoreBackup(target.config, { archive: quietArchive });
  await expect(refused).rejects.toThrow(BackupError);
  await expect(refused).rejects.toMatchObject({ kind: 'refused', message: expect.stringMatching(/--force/) });
  db = target.open();
  try {
    expect(await db('organisations').where({ name: 'Zeist (changed)' })).toHaveLength(1);
  } finally {
    await db.destroy();
  }
  expect(fs.existsSync(path.join(target.config.uploadDir, 'extra-file'))).toBe(true);

  const forced = await restoreBackup(target.config, { archive: quietArchive, force: true });
  db = target.open();
  try {
    expect(await rowsOf(db, 'organisations')).toEqual(await rowsOf(t.db, 'organisations'));
  } finally {
    await db.destroy();
  }
  expect(uploadHashes(target.config.uploadDir)).toEqual(uploadHashes(t.config.uploadDir));
  // Nothing was deleted: what the restore replaced is kept aside, the extra file and the old database included.
  expect(forced.keptAt).toMatch(/\.replaced-/);
  expect(fs.readFileSync(path.join(forced.keptAt!, 'previous', 'extra-file'), 'utf8')).toBe(
    'not in the backup',
  );
  if (!pgUrl) {
    const old = openDb({
      sqliteFile: path.join(forced.keptAt!, 'previous.sqlite'),
      databaseUrl: '',
      databaseSchema: '',
    } as never);
    try {
      expect(await old('organisations').where({ name: 'Zeist (changed)' })).toHaveLength(1);
    } finally {
      await old.destroy();
    }
  }
});

test('restores into a freshly migrated install without --force: migrations alone are not data', async () => {
  const target = await freshTarget();
  const db = target.open();
  await runMigrations(db);
  await db.destroy();
  await restoreBackup(target.config, { archive: quietArchive });
  expect(uploadHashes(target.config.uploadDir)).toEqual(uploadHashes(t.config.uploadDir));
});

if (!pgUrl) {
  test('refuses to replace a SQLite database that is open (the app is running)', async () => {
    const target = await freshTarget();
    await restoreBackup(target.config, { archive: quietArchive });
    const db = target.open();
    try {
      await db('users').count({ n: '*' });
      await expect(
        restoreBackup(target.config, { archive: quietArchive, force: true }),
      ).rejects.toMatchObject({
        kind: 'refused',
        message: expect.stringMatching(/in use/),
      });
      expect(await db('users').count({ n: '*' })).toEqual([{ n: 2 }]);
    } finally {
      await db.destroy();
    }
    await restoreBackup(target.config, { archive: quietArchive, force: true });
  });
}

test.each([
  [
    'a changed upload',
    (entries: ArchiveEntry[]) =>
      entries.map((e) =>
        e.header.name.startsWith('uploads/') && e.data.length === 1234
          ? { ...e, data: flipByte(e.data, 100) }
          : e,
      ),
    /uploads\/.* does not match the SHA-256/,
  ],
  [
    'a changed database',
    (entries: ArchiveEntry[]) =>
      entries.map((e) =>
        e.header.name.startsWith('database.') ? { ...e, data: flipByte(e.data, 2000) } : e,
      ),
    /database\.\w+ does not match the SHA-256/,
  ],
  [
    'a file that is not in the manifest',
    (entries: ArchiveEntry[]) => [
      { header: { name: 'uploads/smuggled', size: 3 }, data: Buffer.from('bad') },
      ...entries,
    ],
    /uploads\/smuggled is in the archive but not in its manifest/,
  ],
  [
    'a file left out',
    (entries: ArchiveEntry[]) =>
      entries.filter((e) => !(e.header.name.startsWith('uploads/') && e.data.length === 1234)),
    /is in the manifest but not in the archive/,
  ],
])('rejects an archive with %s and changes nothing', async (_what, change, message) => {
  const archive = await craft(change);
  const target = await freshTarget();
  await expect(restoreBackup(target.config, { archive })).rejects.toMatchObject({
    kind: 'invalid',
    message: expect.stringMatching(message),
  });
  await expectUntouched(target);
});

test.each<[string, TarHeader]>([
  ['a parent-folder path', { name: '../../../evil.txt' }],
  ['a path that climbs out of uploads/', { name: 'uploads/../../../../evil.txt' }],
  ['an absolute path', { name: '<target>/evil.txt' }],
  ['a symbolic link', { name: 'uploads/evil.txt', type: 'symlink', linkname: '../../../evil.txt' }],
  ['a hard link', { name: 'uploads/evil.txt', type: 'link', linkname: 'manifest.json' }],
])('rejects an archive with %s before writing anything', async (_what, header) => {
  const target = await freshTarget();
  const name = header.name.replace('<target>', target.dir);
  const archive = await craft((entries) => [
    { header: { ...header, name, size: header.type ? 0 : 4 }, data: Buffer.from(header.type ? '' : 'evil') },
    ...entries,
  ]);
  await expect(restoreBackup(target.config, { archive })).rejects.toMatchObject({
    kind: 'invalid',
    message: expect.stringMatching(/^Unsafe entry in archive/),
  });
  expect(fs.existsSync(path.join(target.dir, 'evil.txt'))).toBe(false);
  await expectUntouched(target);
});

test('rejects a file that is not a backup archive', async () => {
  const notAnArchive = path.join(work, 'not-an-archive.tar.gz');
  fs.writeFileSync(notAnArchive, 'hello');
  const target = await freshTarget();
  await expect(restoreBackup(target.config, { archive: notAnArchive })).rejects.toMatchObject({
    kind: 'invalid',
  });
  await expectUntouched(target);
});
