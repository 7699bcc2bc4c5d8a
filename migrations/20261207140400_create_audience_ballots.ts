import type { Knex } from 'knex';

/**
 * The votes: one row per code at most (the code is the primary key), so a code can never count twice; changing a
 * vote updates that row. The chosen entry must be a finalist of the same vote (composite foreign key).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audience_ballots', (t) => {
    t.integer('code_id').primary().references('id').inTable('audience_codes').onDelete('CASCADE');
    t.integer('edition_id').notNullable();
    t.integer('entry_id').notNullable();
    t.timestamp('cast_at', { useTz: true }).notNullable();
    t.timestamp('changed_at', { useTz: true }).notNullable();
    t.foreign(['edition_id', 'entry_id'])
      .references(['edition_id', 'entry_id'])
      .inTable('audience_finalists')
      .onDelete('CASCADE');
    t.index(['edition_id', 'entry_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audience_ballots');
}
