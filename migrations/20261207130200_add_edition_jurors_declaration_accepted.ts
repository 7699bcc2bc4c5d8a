import type { Knex } from 'knex';

/**
 * When a juror accepted the edition's jury declaration, and the text they accepted (the organiser may edit the
 * declaration later; what this juror agreed to stays on record). Null: not yet, and no sheet opens until then.
 * Dropped with plain ALTER TABLE on SQLite (see 20261128020300).
 */
const isPostgres = (knex: Knex) => knex.client.config.client === 'pg';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('edition_jurors', (t) => {
    t.timestamp('declaration_accepted_at', { useTz: true }).nullable();
    t.text('declaration_text').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  if (isPostgres(knex)) {
    await knex.schema.alterTable('edition_jurors', (t) => {
      t.dropColumn('declaration_accepted_at');
      t.dropColumn('declaration_text');
    });
  } else {
    await knex.raw('alter table edition_jurors drop column declaration_accepted_at');
    await knex.raw('alter table edition_jurors drop column declaration_text');
  }
}
