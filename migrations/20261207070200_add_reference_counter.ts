import type { Knex } from 'knex';

/**
 * A second counter for SQLite's triggers: writes to editions, categories, criteria, organisations and their owners,
 * the reference data each app process keeps between requests (db/reference-cache.ts). The triggers themselves are
 * (re)made at every start (db/write-signal.ts, installWriteTriggers).
 */
export async function up(knex: Knex): Promise<void> {
  await knex('change_counters').insert({ topic: 'reference', n: 0 });
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'better-sqlite3') {
    const triggers: Array<{ name: string }> = await knex('sqlite_master')
      .where('type', 'trigger')
      .andWhere('name', 'like', 'ip_reference_%')
      .select('name');
    for (const { name } of triggers) await knex.raw(`drop trigger if exists ??`, [name]);
  }
  await knex('change_counters').where({ topic: 'reference' }).del();
}
