import type { Knex } from 'knex';

/** Partner organisations of an entry; the jury's conflict check reads them. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('entry_partners', (t) => {
    t.integer('entry_id').notNullable().references('id').inTable('entries').onDelete('CASCADE');
    t.integer('organisation_id').notNullable().references('id').inTable('organisations').onDelete('RESTRICT');
    t.primary(['entry_id', 'organisation_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('entry_partners');
}
