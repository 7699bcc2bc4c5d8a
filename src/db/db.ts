import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import knexFactory, { type Knex } from 'knex';
import type { Config } from '../config';
import { projectRoot } from '../shared/paths';
import { takePidLock } from '../shared/pid-lock';
import { installWriteTriggers } from './write-signal';

export type Db = Knex;

/** Opens SQLite (the embedded default) or PostgreSQL when DATABASE_URL is set. Nothing else knows which. */
export function openDb(
  config: Pick<Config, 'databaseUrl' | 'databaseSchema' | 'sqliteFile' | 'sqliteSynchronous'>,
): Db {
  if (config.databaseUrl) {
    return knexFactory({
      client: 'pg',
      connection: config.databaseUrl,
      searchPath: config.databaseSchema ? [config.databaseSchema] : undefined,
      pool: { min: 0, max: 10 },
    });
  }
  fs.mkdirSync(path.dirname(config.sqliteFile), { recursive: true });
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: config.sqliteFile },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      // WAL lets readers work during a write; the busy timeout makes a second process (backup, CLI) wait, not fail.
      afterCreate: (conn: Database.Database, done: (err: Error | null, conn: unknown) => void) => {
        conn.pragma('journal_mode = WAL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 5000');
        // NORMAL: a commit is safe from a crash of the app, and after a power cut the database is intact but may
        // miss the last commits; FULL syncs the disk on every commit (README, "Durability").
        conn.pragma(`synchronous = ${config.sqliteSynchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
        // Table statistics for the query planner (cheap, and a no-op when they are fresh): without them SQLite
        // reads a juror's sheets through the edition index, all 12,500 of them, instead of the juror's 500.
        conn.pragma('optimize = 0x10002');
        reusePreparedStatements(conn);
        done(null, conn);
      },
    },
  });
}

/**
 * Knex asks better-sqlite3 to prepare (compile) every query it runs, even the same SQL a thousand times a second;
 * that was a tenth of a score save. The connection keeps its prepared statements by SQL text instead. Safe here:
 * knex runs each statement to completion at once (`all`/`run`, never an open iterator), the pool holds a single
 * connection, and SQLite recompiles a kept statement by itself when a migration changes the schema.
 */
function reusePreparedStatements(conn: Database.Database, max = 500): void {
  const prepared = new Map<string, Database.Statement>();
  const prepare = conn.prepare.bind(conn);
  conn.prepare = ((sql: string) => {
    let statement = prepared.get(sql);
    if (statement) {
      // Most recently used last, so the first key is the one to drop when the map is full.
      prepared.delete(sql);
    } else {
      statement = prepare(sql);
      if (prepared.size >= max) prepared.delete(prepared.keys().next().value!);
    }
    prepared.set(sql, statement);
    return statement;
  }) as typeof conn.prepare;
}

export function isPostgres(db: Db): boolean {
  return db.client.config.client === 'pg';
}

/**
 * Migrations are named without their extension, so a database migrated by tsx (.ts) also migrates from the
 * built code (.js) without knex calling the directory corrupt.
 */
class FolderMigrationSource implements Knex.MigrationSource<string> {
  constructor(private readonly dir: string) {}
  async getMigrations(): Promise<string[]> {
    const files = fs
      .readdirSync(this.dir)
      .filter((f) => /^\d{14}_[\w-]+\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'));
    return [...new Set(files.map((f) => f.replace(/\.(ts|js)$/, '')))].sort();
  }
  getMigrationName(name: string): string {
    return name;
  }
  async getMigration(name: string): Promise<Knex.Migration> {
    const file = ['.js', '.ts'].map((ext) => path.join(this.dir, name + ext)).find((f) => fs.existsSync(f));
    if (!file) throw new Error(`Migration ${name} not found in ${this.dir}`);
    return require(file) as Knex.Migration;
  }
}

export function migrationsDir(): string {
  // From src/db (tsx, jest) this is <root>/migrations; from dist/src/db it is dist/migrations.
  const compiled = path.resolve(__dirname, '..', '..', 'migrations');
  return fs.existsSync(compiled) ? compiled : path.join(projectRoot(), 'migrations');
}

/**
 * Brings the database up to date. Several processes may start at once (a cluster, two servers on one database):
 * one migrates while the others wait for it, and then find nothing left to do. The wait is a PostgreSQL advisory
 * lock, or on SQLite a lock file next to the database naming its process. Holding that lock, a knex migration
 * lock left set by a process that was killed mid-migration is stale and released.
 */
export async function runMigrations(db: Db): Promise<string[]> {
  const latest = async () => {
    const source = new FolderMigrationSource(migrationsDir());
    if (await db.schema.hasTable('knex_migrations_lock'))
      await db.migrate.forceFreeMigrationsLock({ migrationSource: source });
    const [, applied] = (await db.migrate.latest({ migrationSource: source })) as [number, string[]];
    // Every table, also one a migration just added, tells the other app processes of its writes.
    await installWriteTriggers(db);
    return applied;
  };
  return isPostgres(db)
    ? withPgLock(db, migrationLockKey(db), latest)
    : withFileLock(sqliteFileOf(db), latest);
}

/** One lock per schema: installs in other schemas of the same database do not wait for each other. */
function migrationLockKey(db: Db): number {
  const searchPath = db.client.config.searchPath as string[] | string | undefined;
  const name = `innovatieprijs-migrate:${[searchPath ?? 'public'].flat().join(',')}`;
  let key = 0;
  for (const char of name) key = (key * 31 + char.charCodeAt(0)) | 0;
  return key;
}

/** Holds a session advisory lock on one pooled connection while `work` runs on others. */
async function withPgLock<T>(db: Db, key: number, work: () => Promise<T>): Promise<T> {
  const connection = await db.client.acquireConnection();
  try {
    await connection.query('select pg_advisory_lock($1)', [key]);
    try {
      return await work();
    } finally {
      await connection.query('select pg_advisory_unlock($1)', [key]);
    }
  } finally {
    await db.client.releaseConnection(connection);
  }
}

function sqliteFileOf(db: Db): string {
  return (db.client.config.connection as { filename: string }).filename;
}

/** A lock file `<file>.migrate.lock` with this process's id; one whose process is gone is taken over. */
async function withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const lock = `${file}.migrate.lock`;
  const release = await takePidLock(lock, {
    wait: true,
    busy: (pid) => new Error(`Waited 2 minutes for ${lock} (process ${pid} is migrating).`),
  });
  try {
    return await work();
  } finally {
    release();
  }
}

/** SQLite returns timestamps as epoch milliseconds (knex binds Dates that way), PostgreSQL as Date. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value));
  if (typeof value === 'string') return new Date(/^\d+$/.test(value) ? Number(value) : value);
  throw new TypeError(`Not a timestamp: ${String(value)}`);
}

export function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

/** Inserts and returns the new id on both dialects (SQLite through RETURNING, PostgreSQL natively). */
export async function insertReturningId(
  trx: Knex | Knex.Transaction,
  table: string,
  row: object,
): Promise<number> {
  const [result] = await trx(table).insert(row).returning('id');
  const id = typeof result === 'object' && result !== null ? (result as { id: number }).id : result;
  return Number(id);
}

/**
 * Serialises one kind of write across connections and processes for the rest of the transaction: a PostgreSQL
 * advisory lock. SQLite needs none: it runs one write transaction at a time.
 */
export async function lockFor(trx: Knex.Transaction, name: string): Promise<void> {
  if (!isPostgres(trx as unknown as Db)) return;
  let key = 0;
  for (const char of name) key = (key * 31 + char.charCodeAt(0)) | 0;
  await trx.raw('select pg_advisory_xact_lock(?)', [key]);
}

/** A row as knex returns it, before a repo maps it; and what a repo function runs on: the database or a transaction. */
export type Row = Record<string, unknown>;
export type Queryable = Knex | Knex.Transaction;
