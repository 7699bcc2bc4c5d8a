import type { Knex } from 'knex';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { isPostgres } from './db';

/**
 * Tells this process when any process committed a write to the database, so caches of derived data (rankings,
 * overviews, public pages) are coherent across several app processes on one database.
 *
 * - SQLite: a second connection asks `PRAGMA data_version` every `intervalMs`; it changes whenever another
 *   connection (this process's own, or another process's) committed. Measured cheaper than asking per cache lookup.
 * - PostgreSQL: every table but the session and rate-limit bookkeeping has a statement trigger that calls
 *   pg_notify (installed after the migrations, `installWriteTriggers`); a notification is delivered at commit, and
 *   this process LISTENs on a connection of its own.
 *
 * While the signal cannot be trusted (the listener lost its connection), `healthy()` is false and the caches must
 * not serve kept values: `createWriteCounter` then makes every lookup a miss.
 */
export interface WriteSignal {
  onWrite(listener: () => void): void;
  healthy(): boolean;
  stop(): Promise<void>;
}

/** Tables whose writes change no derived data: sessions, the rate limits, knex's own. */
const UNWATCHED = new Set(['sessions', 'rate_limits', 'knex_migrations', 'knex_migrations_lock']);

export function channelOf(schema: string): string {
  return `ip_writes_${schema}`.replace(/[^a-z0-9_]/gi, '_').slice(0, 60);
}

/** PostgreSQL: (re)creates the notify function and a statement trigger on every watched table of the schema. */
export async function installWriteTriggers(db: Knex): Promise<void> {
  if (!isPostgres(db)) return;
  const schema = String((await db.raw('select current_schema() as s')).rows[0].s);
  const channel = channelOf(schema);
  await db.raw(`
    create or replace function ip_notify_write() returns trigger language plpgsql as $$
    begin perform pg_notify('${channel}', ''); return null; end $$`);
  const tables: Array<{ name: string }> = (
    await db.raw(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = current_schema() and c.relkind in ('r', 'p')`,
    )
  ).rows;
  for (const { name } of tables) {
    if (UNWATCHED.has(name)) continue;
    await db.raw(`drop trigger if exists ip_notify_write on ??`, [name]);
    await db.raw(
      `create trigger ip_notify_write after insert or update or delete or truncate on ?? for each statement execute function ip_notify_write()`,
      [name],
    );
  }
}

export function startWriteSignal(
  db: Knex,
  options: {
    databaseUrl?: string;
    schema?: string;
    sqliteFile?: string;
    logger: Pick<Logger, 'warn' | 'info'>;
    intervalMs?: number;
  },
): WriteSignal {
  const listeners: Array<() => void> = [];
  const fire = () => listeners.forEach((l) => l());
  return isPostgres(db) ? pgSignal(options, fire, listeners) : sqliteSignal(options, fire, listeners);
}

function sqliteSignal(
  options: { sqliteFile?: string; intervalMs?: number },
  fire: () => void,
  listeners: Array<() => void>,
): WriteSignal {
  const Sqlite = require('better-sqlite3') as new (
    file: string,
    o: object,
  ) => {
    pragma(s: string, o: { simple: true }): unknown;
    close(): void;
  };
  const conn = new Sqlite(options.sqliteFile!, { fileMustExist: true, timeout: 1000 });
  let last = conn.pragma('data_version', { simple: true });
  const timer = setInterval(() => {
    try {
      const now = conn.pragma('data_version', { simple: true });
      if (now !== last) {
        last = now;
        fire();
      }
    } catch {
      fire(); // a busy or failing read: assume something changed
    }
  }, options.intervalMs ?? 200);
  timer.unref();
  return {
    onWrite: (l) => void listeners.push(l),
    healthy: () => true,
    async stop() {
      clearInterval(timer);
      conn.close();
    },
  };
}

function pgSignal(
  options: { databaseUrl?: string; schema?: string; logger: Pick<Logger, 'warn' | 'info'> },
  fire: () => void,
  listeners: Array<() => void>,
): WriteSignal {
  let client: Client | null = null;
  let healthy = false;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const c = new Client({ connectionString: options.databaseUrl });
    c.on('error', () => undefined);
    c.on('end', () => {
      healthy = false;
      if (!stopped) retry = setTimeout(() => void connect(), 1000);
    });
    try {
      await c.connect();
      const schema = options.schema || String((await c.query('select current_schema() as s')).rows[0].s);
      c.on('notification', () => fire());
      await c.query(`listen ${channelOf(schema)}`);
      client = c;
      healthy = true;
      // Anything written while the listener was away is unknown: count it as a write.
      fire();
    } catch (err) {
      options.logger.warn({ err }, 'write signal: cannot listen; caches stay off until it can');
      await c.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(() => void connect(), 1000);
    }
  };
  void connect();
  return {
    onWrite: (l) => void listeners.push(l),
    healthy: () => healthy,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
