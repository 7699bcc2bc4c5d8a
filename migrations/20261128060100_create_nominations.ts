import type { Knex } from 'knex';

/**
 * The jury's shortlist of an edition: nominees (the winner is chosen from them) and honourable mentions. One row
 * per entry at most, so an entry is never both; no row means neither.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('nominations', (t) => {
    t.increments('id').primary();
    t.integer('edition_id').notNullable().references('id').inTable('editions').onDelete('CASCADE');
    t.integer('entry_id').notNullable().references('id').inTable('entries').onDelete('CASCADE');
    t.string('kind', 30).notNullable();
    t.integer('created_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['edition_id', 'entry_id']);
    t.check("kind in ('nominee', 'honourable_mention')", [], 'nominations_kind_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('nominations');
}
