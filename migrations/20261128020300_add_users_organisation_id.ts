import type { Knex } from 'knex';

/**
 * The organisation a submitter works for; null for organisers and jurors. Deleting an organisation keeps the
 * account.
 *
 * SQLite: knex adds a foreign key (and drops any column) by rebuilding the table. Inside the migration's
 * transaction the foreign_keys pragma cannot be switched off, so dropping the old `users` table would cascade
 * and delete every user token (and null every audit actor). SQLite can add a nullable column with REFERENCES and
 * drop it again natively, so on SQLite this migration uses plain ALTER TABLE statements instead.
 */
const isPostgres = (knex: Knex) => knex.client.config.client === 'pg';

export async function up(knex: Knex): Promise<void> {
  if (isPostgres(knex)) {
    await knex.schema.alterTable('users', (t) => {
      t.integer('organisation_id').nullable().references('id').inTable('organisations').onDelete('SET NULL');
    });
  } else {
    await knex.raw(
      'alter table users add column organisation_id integer null references organisations(id) on delete set null',
    );
  }
  await knex.schema.alterTable('users', (t) => {
    t.index(['organisation_id'], 'users_organisation_id_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropIndex(['organisation_id'], 'users_organisation_id_index');
  });
  if (isPostgres(knex)) {
    await knex.schema.alterTable('users', (t) => {
      t.dropColumn('organisation_id');
    });
  } else {
    await knex.raw('alter table users drop column organisation_id');
  }
}
