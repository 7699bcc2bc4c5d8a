import type { Knex } from 'knex';

/** Categories an entry can be filed under (ICT, HR, …), per edition. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('categories', (t) => {
    t.increments('id').primary();
    t.integer('edition_id').notNullable().references('id').inTable('editions').onDelete('CASCADE');
    t.string('code', 60).notNullable();
    t.string('name_nl', 120).notNullable();
    t.string('name_en', 120).notNullable();
    t.integer('position').notNullable();
    t.unique(['edition_id', 'code']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('categories');
}
