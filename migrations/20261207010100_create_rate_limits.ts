import type { Knex } from 'knex';

/**
 * Hit counters of the rate limits (failed logins, registrations, reset mails, vote codes), kept in the database so
 * that they hold across app processes. One row per counter key; `reset_at` is epoch milliseconds on both dialects
 * (the counter is bookkeeping, compared with the app's clock in SQL). Expired rows are swept now and then.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_limits', (t) => {
    t.string('key', 400).primary();
    t.integer('hits').notNullable();
    t.bigInteger('reset_at').notNullable();
    t.index(['reset_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limits');
}
