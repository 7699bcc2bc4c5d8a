import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { Knex } from 'knex';
import { z } from 'zod';
import { hashFile, TMP_FOLDER } from '../attachments/attachment.storage';
import type { Config } from '../config';
import { migrationsDir, openDb } from '../db/db';
import { faultPoint } from '../shared/faults';
import { takePidLock } from '../shared/pid-lock';
import { projectRoot } from '../shared/paths';

/**
 * Backup and restore: one .tar.gz with a consistent snapshot of the database, every file of UPLOAD_DIR and a
 * manifest.json (hashes, row counts, migrations). Layout of the archive:
 *
 *   database.sqlite   SQLite: a page-by-page copy made with SQLite's online backup API (journal mode DELETE)
 *   database.sql      PostgreSQL: `pg_dump --format=plain --no-owner --no-privileges --schema=<schema>`
 *   uploads/…         the files of UPLOAD_DIR, except its tmp/ folder (uploads still in progress)
 *   manifest.json     written last, as its hashes are computed while the files stream into the archive
 *
 * The app may keep running (and writing) during a backup; a restore needs it stopped.
 */

export type BackupConfig = Pick<Config, 'databaseUrl' | 'databaseSchema' | 'sqliteFile' | 'uploadDir'>;

/** `refused`: the target is not empty or in use (nothing changed); `invalid`: the archive is not trustworthy. */
export type BackupErrorKind = 'refused' | 'invalid' | 'failed';

export class BackupError extends Error {
  override name = 'BackupError';
  constructor(
    message: string,
    readonly kind: BackupErrorKind = 'failed',
  ) {
    super(message);
  }
}

const FORMAT = 'innovatieprijs-backup';
const MANIFEST = 'manifest.json';
const UPLOADS = 'uploads';
const DB_FILE = { sqlite: 'database.sqlite', postgres: 'database.sql' } as const;
/** Staging folders are made inside UPLOAD_DIR, so moving files into place is a rename on the same disk. */
const RESTORE_PREFIX = '.restore-';
/** Tables that exist in a freshly migrated database too; rows elsewhere make a database "not empty". */
const KNEX_TABLES = new Set(['knex_migrations', 'knex_migrations_lock']);
/**
 * Tables a fresh install fills by itself: the migrations' bookkeeping, and the official register of organisations
 * (gemeenten, provinces, waterschappen), which a migration loads, and the change counters (db/write-signal.ts). Rows there alone are not data worth protecting;
 * anything a person made also writes users, entries or audit records.
 */
const INSTALL_TABLES = new Set([
  ...KNEX_TABLES,
  'organisations',
  'change_counters',
  // The kennisbank's SQLite search index (FTS5 and its shadow tables, which hold bookkeeping rows even when empty):
  // derived from `entries`, never data of its own.
  ...['', '_data', '_idx', '_content', '_docsize', '_config'].map((suffix) => `kennisbank_fts${suffix}`),
  'kennisbank_vocab',
]);

const fileEntrySchema = z.object({
  path: z.string().min(1),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const manifestSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.literal(1),
  createdAt: z.string(),
  app: z.object({ name: z.string(), version: z.string() }),
  dialect: z.enum(['sqlite', 'postgres']),
  database: z.object({
    file: z.enum([DB_FILE.sqlite, DB_FILE.postgres]),
    format: z.enum(['sqlite', 'pg_dump-plain']),
    /** PostgreSQL: the schema that was dumped (restore may put it under another name). */
    schema: z.string().nullable(),
  }),
  migrations: z.array(z.string()),
  tables: z.record(z.string(), z.number().int().min(0)),
  files: z.array(fileEntrySchema),
  /** Attachment rows whose file was not in UPLOAD_DIR when the backup was made. */
  missingAttachments: z.array(z.string()),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof fileEntrySchema>;
type Dialect = Manifest['dialect'];

// ---- The parts of better-sqlite3 and tar-stream used here (neither package ships TypeScript types) ----------

interface SqliteDatabase {
  pragma(source: string, options?: { simple?: boolean }): unknown;
  prepare(source: string): { all(...params: unknown[]): unknown[]; get(...params: unknown[]): unknown };
  backup(
    file: string,
    options?: { progress?: (info: { totalPages: number; remainingPages: number }) => number },
  ): Promise<unknown>;
  close(): void;
}
type SqliteConstructor = new (
  file: string,
  options?: { fileMustExist?: boolean; readonly?: boolean; timeout?: number },
) => SqliteDatabase;
const Sqlite = require('better-sqlite3') as SqliteConstructor;

interface TarHeader {
  name: string;
  size?: number;
  mode?: number;
  mtime?: Date;
  type?: string;
  linkname?: string | null;
}
interface TarPack extends Readable {
  entry(header: TarHeader, callback: (err?: Error | null) => void): Writable | undefined;
  entry(header: TarHeader, data: Buffer, callback: (err?: Error | null) => void): unknown;
  finalize(): void;
}
type TarExtract = {
  on(
    event: 'entry',
    listener: (header: TarHeader, stream: Readable, next: (err?: unknown) => void) => void,
  ): unknown;
} & Writable;
const tarStream = require('tar-stream') as { pack(): TarPack; extract(): TarExtract };

// ---- Backup ----------------------------------------------------------------------------------------------------

export interface BackupOptions {
  /** Where to write the archive; default data/backups/innovatieprijs-<YYYYMMDD-HHmmss, UTC>.tar.gz. */
  out?: string;
  now?: Date;
}

export interface BackupResult {
  file: string;
  manifest: Manifest;
  /** Things worth telling the operator that did not stop the backup (a symlink left out, a missing file). */
  warnings: string[];
}

interface DbSnapshot {
  file: string;
  schema: string | null;
  migrations: string[];
  tables: Record<string, number>;
  storedNames: string[];
}

export function defaultBackupFile(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
  return path.join(projectRoot(), 'data', 'backups', `innovatieprijs-${stamp}.tar.gz`);
}

/**
 * Makes one archive while the app may be running: first a consistent snapshot of the database (one read
 * transaction), then the upload folder. Files are write-once (uploads are renamed into place), so a file is
 * either wholly in the archive or not; an attachment deleted between the two steps is listed in the manifest's
 * missingAttachments and reported as a warning.
 */
export async function createBackup(config: BackupConfig, options: BackupOptions = {}): Promise<BackupResult> {
  const now = options.now ?? new Date();
  const out = path.resolve(options.out ?? defaultBackupFile(now));
  if (fs.existsSync(out)) throw new BackupError(`${out} already exists; choose another --out.`, 'refused');
  await fs.promises.mkdir(path.dirname(out), { recursive: true });
  const dialect: Dialect = config.databaseUrl ? 'postgres' : 'sqlite';
  // Everything this run writes sits next to the archive, named after it, under a lock that says which process
  // owns it: a run that was killed leaves them behind, and the next run with the same --out removes them.
  const release = await lockBackup(out);
  const partial = `${out}.partial`;
  const work = `${out}.work`;
  await fs.promises.mkdir(work);
  try {
    const snapshotFile = path.join(work, DB_FILE[dialect]);
    const snapshot =
      dialect === 'sqlite'
        ? await snapshotSqlite(config.sqliteFile, snapshotFile)
        : await snapshotPostgres(config, snapshotFile);
    faultPoint('backup:snapshot-taken');
    const warnings: string[] = [];
    const uploads = await listUploads(config.uploadDir, warnings);

    const entries = [{ name: DB_FILE[dialect], file: snapshot.file }, ...uploads];
    const manifest = await writeArchive(partial, entries, (files) => {
      const present = new Set(files.map((f) => f.path));
      const missingAttachments = snapshot.storedNames.filter((n) => !present.has(`${UPLOADS}/${n}`));
      for (const name of missingAttachments)
        warnings.push(`attachment file ${name} is not in ${config.uploadDir} (deleted during the backup?)`);
      return {
        format: FORMAT,
        formatVersion: 1,
        createdAt: now.toISOString(),
        app: appInfo(),
        dialect,
        database: {
          file: DB_FILE[dialect],
          format: dialect === 'sqlite' ? 'sqlite' : 'pg_dump-plain',
          schema: snapshot.schema,
        },
        migrations: snapshot.migrations,
        tables: snapshot.tables,
        files,
        missingAttachments,
      };
    });
    faultPoint('backup:archive-written');
    await fs.promises.rename(partial, out);
    return { file: out, manifest, warnings };
  } catch (err) {
    await fs.promises.rm(partial, { force: true });
    throw err;
  } finally {
    await fs.promises.rm(work, { recursive: true, force: true });
    await release();
  }
}

/**
 * Takes `<out>.lock` for this process. A lock whose process is gone (killed) is stale: its partial archive and
 * work folder are removed and the lock taken over. A lock held by a live process refuses the run.
 */
async function lockBackup(out: string): Promise<() => Promise<void>> {
  const release = await takePidLock(`${out}.lock`, {
    wait: false,
    busy: (pid) => new BackupError(`Another backup to ${out} is running (process ${pid}).`, 'refused'),
    onStale: async () => {
      for (const leftover of [`${out}.partial`, `${out}.work`])
        await fs.promises.rm(leftover, { recursive: true, force: true });
    },
  });
  return async () => release();
}

function appInfo(): Manifest['app'] {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  return { name: pkg.name, version: pkg.version };
}

/**
 * SQLite's online backup API from a second connection. All pages are copied in one step, i.e. inside one read
 * transaction: in WAL mode the app keeps writing meanwhile, and the copy is the database as of one commit.
 */
async function snapshotSqlite(sqliteFile: string, file: string): Promise<DbSnapshot> {
  if (!fs.existsSync(sqliteFile)) throw new BackupError(`No SQLite database at ${sqliteFile}.`);
  const source = new Sqlite(sqliteFile, { fileMustExist: true, timeout: 5000 });
  try {
    await source.backup(file, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  const snapshot = new Sqlite(file, { fileMustExist: true });
  try {
    // A self-contained file: no -wal next to it. The app switches it back to WAL when it opens it.
    snapshot.pragma('journal_mode = DELETE');
    const check = snapshot.pragma('integrity_check', { simple: true });
    if (check !== 'ok')
      throw new BackupError(`The snapshot failed SQLite's integrity check: ${String(check)}`);
    return { file, schema: null, ...readSqliteContents(snapshot) };
  } finally {
    snapshot.close();
  }
}

function readSqliteContents(db: SqliteDatabase): Omit<DbSnapshot, 'file' | 'schema'> {
  const names = (
    db
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'",
      )
      .all() as Array<{ name: string }>
  )
    .map((r) => r.name)
    .sort();
  const tables: Record<string, number> = {};
  for (const name of names)
    tables[name] = (db.prepare(`select count(*) as n from ${quoteIdent(name)}`).get() as { n: number }).n;
  const migrations =
    'knex_migrations' in tables
      ? (db.prepare('select name from knex_migrations order by id').all() as Array<{ name: string }>).map(
          (r) => r.name,
        )
      : [];
  const storedNames =
    'attachments' in tables
      ? fileNamesOf(
          db.prepare('select * from attachments order by id').all() as Array<Record<string, unknown>>,
        )
      : [];
  return { tables, migrations, storedNames };
}

/** The upload files attachment rows name: each original and, where made, its copy without metadata. */
function fileNamesOf(rows: ReadonlyArray<Record<string, unknown>>): string[] {
  return rows.flatMap((r) => [
    String(r.stored_name),
    ...(r.clean_stored_name ? [String(r.clean_stored_name)] : []),
  ]);
}

/**
 * PostgreSQL: a repeatable-read transaction exports its snapshot; pg_dump dumps exactly that snapshot
 * (--snapshot), and the row counts and migration list in the manifest are read in the same transaction.
 */
async function snapshotPostgres(config: BackupConfig, file: string): Promise<DbSnapshot> {
  const db = openDb(config);
  try {
    return await db.transaction(async (trx) => {
      await trx.raw('set transaction isolation level repeatable read, read only');
      const { snapshotId, schema } = firstRow<{ snapshotId: string; schema: string | null }>(
        await trx.raw('select pg_export_snapshot() as "snapshotId", current_schema() as schema'),
      );
      if (!schema)
        throw new BackupError(`Schema ${config.databaseSchema ?? '(search path)'} does not exist.`);
      const tables: Record<string, number> = {};
      for (const name of await listPgTables(trx, schema)) {
        const { n } = firstRow<{ n: string }>(
          await trx.raw('select count(*) as n from ??', [`${schema}.${name}`]),
        );
        tables[name] = Number(n);
      }
      const column = async (table: string, col: string): Promise<string[]> =>
        table in tables
          ? (
              (await trx.withSchema(schema).from(table).select(col).orderBy('id')) as Array<
                Record<string, string>
              >
            ).map((r) => r[col]!)
          : [];
      const migrations = await column('knex_migrations', 'name');
      const storedNames =
        'attachments' in tables
          ? fileNamesOf(await trx.withSchema(schema).from('attachments').select('*').orderBy('id'))
          : [];
      await runClient(
        'pg_dump',
        [
          '--format=plain',
          '--no-owner',
          '--no-privileges',
          `--schema=${quoteIdent(schema)}`,
          `--snapshot=${snapshotId}`,
          `--file=${file}`,
        ],
        config.databaseUrl!,
      );
      return { file, schema, migrations, tables, storedNames };
    });
  } finally {
    await db.destroy();
  }
}

async function listPgTables(db: Knex | Knex.Transaction, schema: string): Promise<string[]> {
  const result = (await db.raw(
    `select c.relname as name from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname = ? and c.relkind in ('r', 'p') order by c.relname`,
    [schema],
  )) as { rows: Array<{ name: string }> };
  return result.rows.map((r) => r.name);
}

function firstRow<T>(result: unknown): T {
  return (result as { rows: T[] }).rows[0]!;
}

/** Every regular file under UPLOAD_DIR except tmp/ (unfinished uploads) and leftovers of an interrupted restore. */
async function listUploads(
  uploadDir: string,
  warnings: string[],
): Promise<Array<{ name: string; file: string }>> {
  const found: Array<{ name: string; file: string }> = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    const dirents = await fs.promises.readdir(dir, { withFileTypes: true });
    for (const d of dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (
        !rel &&
        (d.name === TMP_FOLDER ||
          d.name.startsWith(RESTORE_PREFIX) ||
          d.name.startsWith(REPLACED_PREFIX) ||
          d.name === '.quarantine' ||
          d.name.startsWith(RESTORE_JOURNAL))
      )
        continue;
      const name = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) await walk(path.join(dir, d.name), name);
      else if (d.isFile()) found.push({ name: `${UPLOADS}/${name}`, file: path.join(dir, d.name) });
      else warnings.push(`${path.join(dir, d.name)} is not a regular file and was left out`);
    }
  };
  if (fs.existsSync(uploadDir)) await walk(uploadDir, '');
  return found;
}

/**
 * Streams the files into a gzipped tar, hashing each on the way, and ends with the manifest built from those
 * hashes. A file opened before it is deleted is still read whole; one deleted before it is opened is left out.
 */
async function writeArchive(
  out: string,
  entries: Array<{ name: string; file: string }>,
  buildManifest: (files: ManifestFile[]) => Manifest,
): Promise<Manifest> {
  const pack = tarStream.pack();
  const written = pipeline(pack, zlib.createGzip(), fs.createWriteStream(out, { flags: 'wx', mode: 0o600 }));
  try {
    const files: ManifestFile[] = [];
    for (const [i, entry] of entries.entries()) {
      if (i === Math.floor(entries.length / 2)) faultPoint('backup:archive-half');
      const added = await addFile(pack, entry);
      if (added) files.push(added);
    }
    const manifest = buildManifest(files);
    const data = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
    await new Promise<void>((resolve, reject) =>
      pack.entry({ name: MANIFEST, mode: 0o644, mtime: new Date() }, data, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    pack.finalize();
    await written;
    return manifest;
  } catch (err) {
    pack.destroy(err as Error);
    await written.catch(() => undefined);
    throw err;
  }
}

async function addFile(pack: TarPack, entry: { name: string; file: string }): Promise<ManifestFile | null> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(entry.file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const stat = await handle.stat();
    const hash = crypto.createHash('sha256');
    let size = 0;
    let sink: Writable | undefined;
    const done = new Promise<void>((resolve, reject) => {
      sink = pack.entry({ name: entry.name, size: stat.size, mode: 0o644, mtime: stat.mtime }, (err) =>
        err ? reject(err) : resolve(),
      );
    });
    // Awaited below; until then a rejection (the archive failing) must not count as unhandled.
    done.catch(() => undefined);
    if (!sink) throw new BackupError('The archive was closed while it was being written.');
    for await (const chunk of handle.createReadStream({ autoClose: false }) as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > stat.size) break;
      hash.update(chunk);
      if (!sink.write(chunk)) await once(sink, 'drain');
    }
    if (size !== stat.size) throw new BackupError(`${entry.file} changed while it was being backed up.`);
    sink.end();
    await done;
    return { path: entry.name, size, sha256: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}

// ---- Restore ----------------------------------------------------------------------------------------------------

export interface RestoreOptions {
  /** The archive to restore; not needed with `rollback`. */
  archive?: string;
  /** Replace a database that has data and an upload folder that has files. */
  force?: boolean;
  /** Undo an unfinished restore instead of completing it. */
  rollback?: boolean;
}

export interface RestoreResult {
  manifest: Manifest | null;
  /** Where the replaced upload files and SQLite database were put aside (nothing is deleted), if anything was. */
  keptAt: string | null;
  outcome: 'restored' | 'completed' | 'rolledBack';
}

/**
 * The restore's journal, in UPLOAD_DIR next to its staging folder: which step it reached and what it moved. While
 * it exists the app refuses to start; running restore again completes the restore (or `--rollback` undoes it).
 * Every step is a rename or a copy, so no step deletes the only copy of anything.
 */
export const RESTORE_JOURNAL = '.restore-journal.json';
/** Old files and database a completed restore replaced: kept for the operator, never in a backup. */
export const REPLACED_PREFIX = '.replaced-';

interface Journal {
  archive: string;
  staging: string;
  dialect: Dialect;
  step: 'verify' | 'swap' | 'database' | 'cleanup';
  startedAt: string;
  /** Names at the top of UPLOAD_DIR before the swap (moved into the staging folder's `previous`). */
  old: string[];
  /** Names the archive brings (moved from the staging folder into UPLOAD_DIR). */
  added: string[];
}

const journalPath = (uploadDir: string) => path.join(uploadDir, RESTORE_JOURNAL);

export function unfinishedRestore(uploadDir: string): { archive: string; step: string } | null {
  try {
    const journal = JSON.parse(fs.readFileSync(journalPath(uploadDir), 'utf8')) as Journal;
    return { archive: journal.archive, step: journal.step };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { archive: '(unreadable journal)', step: 'unknown' };
  }
}

async function writeJournal(uploadDir: string, journal: Journal): Promise<void> {
  const file = journalPath(uploadDir);
  await fs.promises.writeFile(`${file}.new`, JSON.stringify(journal, null, 2));
  const handle = await fs.promises.open(`${file}.new`, 'r+');
  await handle.sync();
  await handle.close();
  await fs.promises.rename(`${file}.new`, file);
}

/**
 * Puts an archive back into the configured database and UPLOAD_DIR. The app must be stopped. Order: extract into
 * a staging folder (rejecting unsafe entries), verify every hash against the manifest, check the target (refused
 * when it has data, unless `force`; refused when a SQLite file is in use), swap the upload folder's contents,
 * replace the database, put what was replaced aside. A journal records each step: killed at any point, running
 * restore again completes it, and `rollback` undoes it; the app will not start in between.
 */
export async function restoreBackup(config: BackupConfig, options: RestoreOptions): Promise<RestoreResult> {
  await fs.promises.mkdir(config.uploadDir, { recursive: true });
  const pending = readJournal(config.uploadDir);
  if (options.rollback) {
    if (!pending) throw new BackupError('There is no unfinished restore to roll back.', 'refused');
    await rollbackRestore(config, pending);
    return { manifest: null, keptAt: null, outcome: 'rolledBack' };
  }
  if (!options.archive) throw new BackupError('Give the archive to restore.', 'invalid');
  const archive = path.resolve(options.archive);
  if (pending) {
    if (pending.archive !== archive)
      throw new BackupError(
        `A restore of ${pending.archive} is unfinished. Run restore with that archive to complete it, or with --rollback to undo it.`,
        'refused',
      );
    if (pending.step === 'verify') {
      // Nothing outside the staging folder was touched yet: start again from the archive.
      await fs.promises.rm(pending.staging, { recursive: true, force: true });
      await fs.promises.rm(journalPath(config.uploadDir), { force: true });
    } else {
      const result = await finishRestore(config, pending);
      return { ...result, outcome: 'completed' };
    }
  }
  if (!fs.existsSync(archive)) throw new BackupError(`No such file: ${archive}`, 'invalid');
  const dialect: Dialect = config.databaseUrl ? 'postgres' : 'sqlite';
  const staging = await fs.promises.mkdtemp(path.join(config.uploadDir, RESTORE_PREFIX));
  const journal: Journal = {
    archive,
    staging,
    dialect,
    step: 'verify',
    startedAt: new Date().toISOString(),
    old: [],
    added: [],
  };
  await writeJournal(config.uploadDir, journal);
  let started = false;
  try {
    const extracted = path.join(staging, 'archive');
    const names = await extractArchive(archive, extracted);
    const manifest = await verifyArchive(extracted, names);
    faultPoint('restore:verified');
    if (manifest.dialect !== dialect)
      throw new BackupError(
        `This is a ${manifest.dialect} backup; the app is configured for ${dialect}.`,
        'refused',
      );
    const unknown = manifest.migrations.filter((m) => !knownMigrations().has(m));
    if (unknown.length)
      throw new BackupError(
        `The backup was made by a newer version of the app (unknown migrations: ${unknown.join(', ')}).`,
        'refused',
      );
    const dbFile = path.join(extracted, manifest.database.file);
    if (dialect === 'sqlite') checkSqliteSnapshot(dbFile, manifest);

    const targetHasData =
      dialect === 'sqlite' ? sqliteHasData(config.sqliteFile) : await postgresHasData(config);
    const uploadsHaveFiles = hasFiles(config.uploadDir, path.basename(staging));
    if ((targetHasData || uploadsHaveFiles) && !options.force)
      throw new BackupError(
        `The target is not empty (${[targetHasData && 'database', uploadsHaveFiles && 'upload folder']
          .filter(Boolean)
          .join(' and ')} has data). Use --force to replace it.`,
        'refused',
      );
    if (dialect === 'sqlite') assertSqliteNotInUse(config.sqliteFile);

    const incoming = path.join(extracted, UPLOADS);
    journal.old = (await fs.promises.readdir(config.uploadDir)).filter(
      (n) => n !== path.basename(staging) && !n.startsWith(RESTORE_JOURNAL) && !n.startsWith(REPLACED_PREFIX),
    );
    journal.added = fs.existsSync(incoming) ? await fs.promises.readdir(incoming) : [];
    journal.step = 'swap';
    await writeJournal(config.uploadDir, journal);
    started = true;
  } catch (err) {
    // Refused or unreadable before anything outside the staging folder changed: leave no trace.
    if (!started) {
      await fs.promises.rm(staging, { recursive: true, force: true });
      await fs.promises.rm(journalPath(config.uploadDir), { force: true });
    }
    throw err;
  }
  const result = await finishRestore(config, journal);
  return { ...result, outcome: 'restored' };
}

function readJournal(uploadDir: string): Journal | null {
  try {
    return JSON.parse(fs.readFileSync(journalPath(uploadDir), 'utf8')) as Journal;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new BackupError(
      `${journalPath(uploadDir)} cannot be read: ${(err as Error).message}. Inspect it before going on.`,
      'failed',
    );
  }
}

/**
 * Moves `name` from one folder to another, once: when it is no longer in the first, or already in the second, it
 * was moved before (a repeated step) and nothing happens. It never overwrites, so a repeated step cannot put a new
 * file over the only copy of an old one with the same name.
 */
async function moveOnce(from: string, to: string, name: string): Promise<void> {
  const source = path.join(from, name);
  const target = path.join(to, name);
  if (!fs.existsSync(source) || fs.existsSync(target)) return;
  await fs.promises.mkdir(to, { recursive: true });
  await fs.promises.rename(source, target);
}

/** The steps after the checks, each repeatable, so a killed restore can be run again to completion. */
async function finishRestore(
  config: BackupConfig,
  journal: Journal,
): Promise<{ manifest: Manifest; keptAt: string | null }> {
  const extracted = path.join(journal.staging, 'archive');
  const manifest = manifestSchema.parse(
    JSON.parse(await fs.promises.readFile(path.join(extracted, MANIFEST), 'utf8')),
  );
  const previous = path.join(journal.staging, 'previous');
  const incoming = path.join(extracted, UPLOADS);
  if (journal.step === 'swap') {
    for (const [i, name] of journal.old.entries()) {
      if (i === Math.floor(journal.old.length / 2)) faultPoint('restore:swap-half');
      await moveOnce(config.uploadDir, previous, name);
    }
    for (const name of journal.added) await moveOnce(incoming, config.uploadDir, name);
    faultPoint('restore:swapped');
    journal.step = 'database';
    await writeJournal(config.uploadDir, journal);
  }
  if (journal.step === 'database') {
    const dbFile = path.join(extracted, manifest.database.file);
    if (journal.dialect === 'sqlite') {
      // The old database is put aside, not overwritten: it is the only copy of it.
      const aside = path.join(journal.staging, 'previous.sqlite');
      if (!fs.existsSync(aside) && fs.existsSync(config.sqliteFile)) {
        for (const suffix of ['-wal', '-shm'])
          await moveOnce(
            path.dirname(config.sqliteFile),
            journal.staging,
            path.basename(config.sqliteFile) + suffix,
          );
        await fs.promises.rename(config.sqliteFile, aside);
      }
      faultPoint('restore:old-database-aside');
      await installSqlite(dbFile, config.sqliteFile);
    } else {
      await restorePostgres(config, manifest, dbFile);
    }
    faultPoint('restore:database-installed');
    journal.step = 'cleanup';
    await writeJournal(config.uploadDir, journal);
  }
  // What was replaced is kept, under UPLOAD_DIR/.replaced-<time>; the extracted copy of the archive goes.
  let keptAt: string | null = null;
  const oldDb = path.join(journal.staging, 'previous.sqlite');
  if ((fs.existsSync(previous) && (await fs.promises.readdir(previous)).length) || fs.existsSync(oldDb)) {
    keptAt = path.join(config.uploadDir, `${REPLACED_PREFIX}${journal.startedAt.replace(/[:.]/g, '-')}`);
    await fs.promises.mkdir(keptAt, { recursive: true });
    await moveOnce(journal.staging, keptAt, 'previous');
    await moveOnce(journal.staging, keptAt, 'previous.sqlite');
  }
  faultPoint('restore:kept');
  await fs.promises.rm(journalPath(config.uploadDir), { force: true });
  await fs.promises.rm(journal.staging, { recursive: true, force: true });
  return { manifest, keptAt };
}

/**
 * Undoes an unfinished restore: the archive's files go back into the staging folder, the old files and (SQLite)
 * the old database back into place. A PostgreSQL restore that reached its database step is replayed in one
 * transaction that may have committed already, so that one can only be completed.
 */
async function rollbackRestore(config: BackupConfig, journal: Journal): Promise<void> {
  if (journal.step === 'cleanup' || (journal.step === 'database' && journal.dialect === 'postgres'))
    throw new BackupError(
      `The restore of ${journal.archive} already replaced the database; run restore with that archive again to complete it.`,
      'refused',
    );
  const extracted = path.join(journal.staging, 'archive');
  const previous = path.join(journal.staging, 'previous');
  const incoming = path.join(extracted, UPLOADS);
  for (const name of journal.added) {
    if (journal.old.includes(name) && !fs.existsSync(path.join(previous, name))) continue; // never moved in
    await moveOnce(config.uploadDir, incoming, name);
  }
  for (const name of journal.old) await moveOnce(previous, config.uploadDir, name);
  const aside = path.join(journal.staging, 'previous.sqlite');
  if (journal.dialect === 'sqlite' && fs.existsSync(aside)) {
    for (const suffix of ['-wal', '-shm', '-journal'])
      await fs.promises.rm(config.sqliteFile + suffix, { force: true });
    await fs.promises.rename(aside, config.sqliteFile);
    for (const suffix of ['-wal', '-shm'])
      await moveOnce(
        journal.staging,
        path.dirname(config.sqliteFile),
        path.basename(config.sqliteFile) + suffix,
      );
  }
  await fs.promises.rm(journalPath(config.uploadDir), { force: true });
  await fs.promises.rm(journal.staging, { recursive: true, force: true });
}

const ROOT_FILES = new Set([MANIFEST, DB_FILE.sqlite, DB_FILE.postgres]);

/** The relative path an entry may be written to, or an error: no absolute paths, `..`, backslashes or links. */
export function safeEntryName(header: TarHeader): string {
  const type = header.type ?? 'file';
  const name = type === 'directory' ? header.name.replace(/\/+$/, '') : header.name;
  const unsafe = (why: string) =>
    new BackupError(`Unsafe entry in archive: ${JSON.stringify(header.name)} (${why}).`, 'invalid');
  if (type !== 'file' && type !== 'directory') throw unsafe(`${type} entries are not allowed`);
  if (!name || name.startsWith('/') || /^[a-zA-Z]:/.test(name)) throw unsafe('absolute path');
  if (/[\\\0]/.test(name)) throw unsafe('backslash or NUL in the name');
  const parts = name.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) throw unsafe('"..", "." or empty path segment');
  const allowed = type === 'directory' ? parts[0] === UPLOADS : ROOT_FILES.has(name) || parts[0] === UPLOADS;
  if (!allowed || (type === 'file' && parts[0] === UPLOADS && parts.length < 2))
    throw unsafe('not a file an Innovatieprijs backup contains');
  return name;
}

async function extractArchive(archive: string, dir: string): Promise<Set<string>> {
  await fs.promises.mkdir(dir);
  const names = new Set<string>();
  const extract = tarStream.extract();
  extract.on('entry', (header, stream, next) => {
    const write = async () => {
      const name = safeEntryName(header);
      if (header.type === 'directory') return void stream.resume();
      const dest = path.join(dir, ...name.split('/'));
      if (!dest.startsWith(dir + path.sep))
        throw new BackupError(`Unsafe entry in archive: ${name}`, 'invalid');
      if (names.has(name)) throw new BackupError(`${name} appears twice in the archive.`, 'invalid');
      names.add(name);
      await fs.promises.mkdir(path.dirname(dest), { recursive: true });
      await pipeline(stream, fs.createWriteStream(dest, { flags: 'wx' }));
    };
    write().then(() => next(), next);
  });
  try {
    await pipeline(fs.createReadStream(archive), zlib.createGunzip(), extract);
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`Cannot read ${archive} as a .tar.gz backup: ${(err as Error).message}`, 'invalid');
  }
  return names;
}

async function verifyArchive(dir: string, names: Set<string>): Promise<Manifest> {
  if (!names.has(MANIFEST)) throw new BackupError('The archive has no manifest.json.', 'invalid');
  let manifest: Manifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(await fs.promises.readFile(path.join(dir, MANIFEST), 'utf8')));
  } catch (err) {
    throw new BackupError(
      `manifest.json is not a valid backup manifest: ${(err as Error).message}`,
      'invalid',
    );
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const name of names)
    if (name !== MANIFEST && !listed.has(name))
      throw new BackupError(`${name} is in the archive but not in its manifest.`, 'invalid');
  if (!listed.has(manifest.database.file))
    throw new BackupError(`The manifest does not list ${manifest.database.file}.`, 'invalid');
  for (const f of manifest.files) {
    if (!names.has(f.path))
      throw new BackupError(`${f.path} is in the manifest but not in the archive.`, 'invalid');
    const actual = await hashFile(path.join(dir, ...f.path.split('/')));
    if (actual.sha256 !== f.sha256 || actual.size !== f.size)
      throw new BackupError(
        `${f.path} does not match the SHA-256 and size in the manifest: the archive is damaged or was altered.`,
        'invalid',
      );
  }
  return manifest;
}

function knownMigrations(): Set<string> {
  return new Set(
    fs
      .readdirSync(migrationsDir())
      .filter((f) => /^\d{14}_[\w-]+\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
      .map((f) => f.replace(/\.(ts|js)$/, '')),
  );
}

function checkSqliteSnapshot(file: string, manifest: Manifest): void {
  const db = new Sqlite(file, { fileMustExist: true });
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok')
      throw new BackupError(`The database in the archive is damaged: ${String(check)}`, 'invalid');
    const { tables } = readSqliteContents(db);
    const names = new Set([...Object.keys(tables), ...Object.keys(manifest.tables)]);
    if ([...names].some((name) => tables[name] !== manifest.tables[name]))
      throw new BackupError(
        'The row counts of the database in the archive differ from its manifest.',
        'invalid',
      );
  } finally {
    db.close();
  }
}

function sqliteHasData(sqliteFile: string): boolean {
  if (!fs.existsSync(sqliteFile)) return false;
  const db = new Sqlite(sqliteFile, { fileMustExist: true, timeout: 5000 });
  try {
    const { tables } = readSqliteContents(db);
    return Object.entries(tables).some(([name, n]) => !INSTALL_TABLES.has(name) && n > 0);
  } finally {
    db.close();
  }
}

/**
 * Leaving WAL mode needs the only connection to the file: SQLite answers SQLITE_BUSY while the app (or anything
 * else) has the database open. The target is replaced next, so its journal mode does not matter.
 */
function assertSqliteNotInUse(sqliteFile: string): void {
  if (!fs.existsSync(sqliteFile)) return;
  const db = new Sqlite(sqliteFile, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('journal_mode = DELETE');
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY')
      throw new BackupError(`${sqliteFile} is in use: stop the app before restoring.`, 'refused');
    throw err;
  } finally {
    db.close();
  }
}

/** Copies next to the target, drops the old -wal/-shm (SQLite would replay a stale WAL into the new file), renames. */
async function installSqlite(snapshot: string, sqliteFile: string): Promise<void> {
  await fs.promises.mkdir(path.dirname(sqliteFile), { recursive: true });
  const incoming = `${sqliteFile}.restoring`;
  await fs.promises.copyFile(snapshot, incoming);
  const handle = await fs.promises.open(incoming, 'r+');
  await handle.sync();
  await handle.close();
  for (const suffix of ['-wal', '-shm', '-journal'])
    await fs.promises.rm(sqliteFile + suffix, { force: true });
  await fs.promises.rename(incoming, sqliteFile);
}

async function postgresHasData(config: BackupConfig): Promise<boolean> {
  const db = openDb(config);
  try {
    const schema = await targetSchema(db, config);
    for (const name of await listPgTables(db, schema)) {
      if (INSTALL_TABLES.has(name)) continue;
      if (await db.withSchema(schema).from(name).first(db.raw('1 as one'))) return true;
    }
    return false;
  } finally {
    await db.destroy();
  }
}

async function targetSchema(db: Knex, config: BackupConfig): Promise<string> {
  if (config.databaseSchema) return config.databaseSchema;
  return (
    firstRow<{ schema: string | null }>(await db.raw('select current_schema() as schema')).schema ?? 'public'
  );
}

/**
 * Replays the dump with psql in ONE transaction, so the target schema is either wholly replaced or unchanged.
 * pg_dump qualifies every name with the dumped schema; to restore under another name, the dump is loaded under
 * its own name and renamed afterwards (a schema of that name that exists already is moved aside and back, inside
 * the same transaction). The transaction ends by comparing every table's row count with the manifest.
 */
async function restorePostgres(config: BackupConfig, manifest: Manifest, dumpFile: string): Promise<void> {
  const source = manifest.database.schema;
  if (!source) throw new BackupError('The manifest does not say which schema was dumped.', 'invalid');
  const db = openDb(config);
  let target: string;
  let sourceExists: boolean;
  try {
    target = await targetSchema(db, config);
    sourceExists = Boolean(
      firstRow<{ found: boolean }>(
        await db.raw('select exists (select 1 from pg_catalog.pg_namespace where nspname = ?) as found', [
          source,
        ]),
      ).found,
    );
  } finally {
    await db.destroy();
  }
  const hold =
    source !== target && sourceExists
      ? `${source.slice(0, 40)}_hold_${crypto.randomBytes(4).toString('hex')}`
      : null;
  const before = [
    hold && `ALTER SCHEMA ${quoteIdent(source)} RENAME TO ${quoteIdent(hold)};`,
    `DROP SCHEMA IF EXISTS ${quoteIdent(target)} CASCADE;`,
  ];
  const checks = Object.entries(manifest.tables).map(
    ([table, n]) =>
      `SELECT count(*) INTO n FROM ${quoteIdent(target)}.${quoteIdent(table)}; ` +
      `IF n <> ${n} THEN RAISE EXCEPTION 'table %: % rows restored, % in the manifest', ${quoteLiteral(table)}, n, ${n}; END IF;`,
  );
  const after = [
    source !== target && `ALTER SCHEMA ${quoteIdent(source)} RENAME TO ${quoteIdent(target)};`,
    hold && `ALTER SCHEMA ${quoteIdent(hold)} RENAME TO ${quoteIdent(source)};`,
    `DO $restore_check$ DECLARE n bigint; BEGIN ${checks.join('\n')} END $restore_check$;`,
  ];
  const script = Readable.from(
    (async function* () {
      yield before.filter(Boolean).join('\n') + '\n';
      yield* fs.createReadStream(dumpFile);
      yield '\n' + after.filter(Boolean).join('\n') + '\n';
    })(),
  );
  await runClient(
    'psql',
    ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-f', '-'],
    config.databaseUrl!,
    script,
  );
}

/**
 * Runs pg_dump or psql against DATABASE_URL. The password goes in PGPASSWORD, not on the command line, where any
 * user of the machine could read it.
 */
async function runClient(
  command: string,
  args: string[],
  databaseUrl: string,
  stdin?: Readable,
): Promise<void> {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  const child = spawn(command, [...args, `--dbname=${url.toString()}`], {
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
    stdio: [stdin ? 'pipe' : 'ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  // When the client stops early (an error in the script), feeding it fails with EPIPE: its exit code says more.
  const fed = stdin
    ? pipeline(stdin, child.stdin!).then(
        () => null,
        (err: Error) => err,
      )
    : null;
  let code: number | null;
  try {
    code = await exited;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new BackupError(
        `${command} not found: install the PostgreSQL client tools (e.g. postgresql-client).`,
      );
    throw err;
  }
  const feedError = await fed;
  if (code !== 0) throw new BackupError(`${command} failed (exit code ${code}):\n${stderr.trim()}`);
  if (feedError) throw new BackupError(`${command}: could not send the script: ${feedError.message}`);
}

function hasFiles(uploadDir: string, skip: string): boolean {
  if (!fs.existsSync(uploadDir)) return false;
  const walk = (dir: string, top: boolean): boolean =>
    fs.readdirSync(dir, { withFileTypes: true }).some((d) => {
      if (d.name.startsWith('.') || (top && (d.name === skip || d.name === TMP_FOLDER))) return false;
      return d.isDirectory() ? walk(path.join(dir, d.name), false) : true;
    });
  return walk(uploadDir, true);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
