import type { Knex } from 'knex';

/**
 * Counters that database triggers move when a kind of data changes, for processes that cannot be told by the
 * database itself. SQLite has no notifications: `PRAGMA data_version` only says that *something* changed, and an
 * app process keeps sessions and users in memory (auth/identity-cache.ts), so it reads the 'identity' counter
 * to learn whether another process changed a user, a membership or a session. The triggers are (re)made at every
 * start (db/write-signal.ts, installWriteTriggers). PostgreSQL notifies per table and does not need the table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('change_counters', (t) => {
    t.string('topic', 40).primary();
    t.bigInteger('n').notNullable().defaultTo(0);
  });
  await knex('change_counters').insert({ topic: 'identity', n: 0 });
}

export async function down(knex: Knex): Promise<void> {
  // The triggers installWriteTriggers made on SQLite write to the table: they go first.
  if (knex.client.config.client === 'better-sqlite3') {
    const triggers: Array<{ name: string }> = await knex('sqlite_master')
      .where('type', 'trigger')
      .andWhere('name', 'like', 'ip_identity_%')
      .select('name');
    for (const { name } of triggers) await knex.raw(`drop trigger if exists ??`, [name]);
  }
  await knex.schema.dropTable('change_counters');
}
