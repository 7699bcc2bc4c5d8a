import type { Knex } from 'knex';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { isPostgres } from './db';

/**
 * Tells this process when any process committed a write to the database, so what it keeps in memory is coherent
 * across several app processes on one database. Two kinds of writes ("topics") are told apart:
 * - 'data': anything derived data (rankings, overviews, public pages) could depend on;
 * - 'identity': a user, a membership or a session (shared/generation-cache.ts keeps those per process);
 * - 'reference': editions, their categories and criteria, organisations and their owners (db/reference-cache.ts).
 *
 * - SQLite: a second connection reads `PRAGMA data_version` (it changes whenever another connection, this
 *   process's own or another process's, committed) every `intervalMs`, and also whenever a cache asks (`check`,
 *   a few µs), so a lookup sees every commit made before it. Which topic changed: triggers count identity and
 *   reference writes in `change_counters`.
 * - PostgreSQL: every table but the bookkeeping has a statement trigger that calls pg_notify with the table's name
 *   (installed after the migrations, `installWriteTriggers`); a notification is delivered at commit, and this
 *   process LISTENs on a connection of its own.
 *
 * While the signal cannot be trusted (the listener lost its connection), `healthy()` is false and the caches must
 * not serve kept values: `createWriteCounter` then makes every lookup a miss.
 */
export type WriteTopic = 'data' | CountedTopic;
/** The topics a process keeps values for until a write of their tables, counted per topic. */
export type CountedTopic = 'identity' | 'reference';
export const COUNTED_TOPICS: readonly CountedTopic[] = ['identity', 'reference'];

export interface WriteSignal {
  onWrite(listener: (topic: WriteTopic) => void): void;
  healthy(): boolean;
  /** Looks for commits now instead of waiting for the next poll (SQLite); PostgreSQL is told, so a no-op. */
  check(): void;
  stop(): Promise<void>;
}

/** Bookkeeping tables: their writes change neither derived data nor who is logged in. */
const BOOKKEEPING = new Set(['rate_limits', 'change_counters', 'knex_migrations', 'knex_migrations_lock']);
/** The tables of each counted topic: who someone is and what they may do; the data nearly every page reads. */
export const TOPIC_TABLES: Readonly<Record<CountedTopic, readonly string[]>> = {
  identity: ['users', 'memberships', 'sessions'],
  reference: ['editions', 'categories', 'criteria', 'organisations', 'organisation_owners'],
};
export const IDENTITY_TABLES = new Set(TOPIC_TABLES.identity);

export function topicsOfTable(table: string): WriteTopic[] {
  if (BOOKKEEPING.has(table)) return [];
  if (table === 'sessions') return ['identity']; // a session changes nothing else
  return ['data', ...COUNTED_TOPICS.filter((topic) => TOPIC_TABLES[topic].includes(table))];
}

export function channelOf(schema: string): string {
  return `ip_writes_${schema}`.replace(/[^a-z0-9_]/gi, '_').slice(0, 60);
}

/**
 * (Re)creates the triggers after the migrations (a migration that rebuilds a SQLite table drops its triggers).
 * PostgreSQL: a notify function and a statement trigger on every watched table of the schema. SQLite: triggers
 * counting identity writes in `change_counters`. A session's expiry moving forward (`touch`) is neither.
 */
export async function installWriteTriggers(db: Knex): Promise<void> {
  if (!isPostgres(db)) return installSqliteCounters(db);
  const schema = String((await db.raw('select current_schema() as s')).rows[0].s);
  const channel = channelOf(schema);
  await db.raw(`
    create or replace function ip_notify_write() returns trigger language plpgsql as $$
    begin perform pg_notify('${channel}', TG_TABLE_NAME); return null; end $$`);
  const tables: Array<{ name: string }> = (
    await db.raw(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = current_schema() and c.relkind in ('r', 'p')`,
    )
  ).rows;
  for (const { name } of tables) {
    await db.raw(`drop trigger if exists ip_notify_write on ??`, [name]);
    if (topicsOfTable(name).length === 0) continue;
    const events =
      name === 'sessions' ? 'insert or delete or update of sess' : 'insert or update or delete or truncate';
    await db.raw(
      `create trigger ip_notify_write after ${events} on ?? for each statement execute function ip_notify_write()`,
      [name],
    );
  }
}

async function installSqliteCounters(db: Knex): Promise<void> {
  if (!(await db.schema.hasTable('change_counters'))) return;
  for (const topic of COUNTED_TOPICS) {
    const bump = `begin update change_counters set n = n + 1 where topic = '${topic}'; end`;
    for (const table of TOPIC_TABLES[topic]) {
      if (!(await db.schema.hasTable(table))) continue;
      const events =
        table === 'sessions' ? ['insert', 'delete', 'update of sess'] : ['insert', 'update', 'delete'];
      for (const event of events) {
        const name = `ip_${topic}_${table}_${event.split(' ')[0]}`;
        await db.raw(`drop trigger if exists ${name}`);
        await db.raw(`create trigger ${name} after ${event} on ${table} ${bump}`);
      }
    }
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
  const listeners: Array<(topic: WriteTopic) => void> = [];
  const fire = (topic: WriteTopic) => listeners.forEach((l) => l(topic));
  return isPostgres(db) ? pgSignal(options, fire, listeners) : sqliteSignal(options, fire, listeners);
}

function sqliteSignal(
  options: { sqliteFile?: string; intervalMs?: number },
  fire: (topic: WriteTopic) => void,
  listeners: Array<(topic: WriteTopic) => void>,
): WriteSignal {
  const Sqlite = require('better-sqlite3') as new (
    file: string,
    o: object,
  ) => {
    prepare(sql: string): { pluck(): { get(): unknown } };
    close(): void;
  };
  const conn = new Sqlite(options.sqliteFile!, { fileMustExist: true, timeout: 1000 });
  const dataVersion = conn.prepare('pragma data_version').pluck();
  const counters = COUNTED_TOPICS.map((topic) => {
    const count = conn.prepare(`select n from change_counters where topic = '${topic}'`).pluck();
    return { topic, count, last: count.get() };
  });
  let lastVersion = dataVersion.get();
  const look = () => {
    try {
      const version = dataVersion.get();
      if (version === lastVersion) return;
      lastVersion = version;
      fire('data');
      for (const counter of counters) {
        const n = counter.count.get();
        if (n === counter.last) continue;
        counter.last = n;
        fire(counter.topic);
      }
    } catch {
      // A busy or failing read: assume everything changed.
      fire('data');
      COUNTED_TOPICS.forEach(fire);
    }
  };
  const timer = setInterval(look, options.intervalMs ?? 200);
  timer.unref();
  return {
    onWrite: (l) => void listeners.push(l),
    healthy: () => true,
    check: look,
    async stop() {
      clearInterval(timer);
      conn.close();
    },
  };
}

function pgSignal(
  options: { databaseUrl?: string; schema?: string; logger: Pick<Logger, 'warn' | 'info'> },
  fire: (topic: WriteTopic) => void,
  listeners: Array<(topic: WriteTopic) => void>,
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
      c.on('notification', (n) => topicsOfTable(n.payload ?? '').forEach(fire));
      await c.query(`listen ${channelOf(schema)}`);
      client = c;
      healthy = true;
      // Anything written while the listener was away is unknown: count it as a write of every kind.
      fire('data');
      COUNTED_TOPICS.forEach(fire);
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
    check: () => undefined,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
