import type { Knex } from 'knex';

/**
 * When the user proved the e-mail address is theirs (null: not yet). Self-registered submitters must verify
 * before they can submit an entry. On SQLite the column is dropped with plain ALTER TABLE: knex would rebuild
 * the table, which inside the migration's transaction cascades into user_tokens (see the previous migration).
 */
const isPostgres = (knex: Knex) => knex.client.config.client === 'pg';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('email_verified_at', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  if (isPostgres(knex)) {
    await knex.schema.alterTable('users', (t) => {
      t.dropColumn('email_verified_at');
    });
  } else {
    await knex.raw('alter table users drop column email_verified_at');
  }
}
