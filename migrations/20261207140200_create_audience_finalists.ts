import type { Knex } from 'knex';

/**
 * The finalists of an audience vote: the edition's nominees at the moment the vote opened, kept so that a later
 * change to the shortlist cannot change what people voted on. A ballot can only name one of these (foreign key).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audience_finalists', (t) => {
    t.integer('edition_id')
      .notNullable()
      .references('edition_id')
      .inTable('audience_votes')
      .onDelete('CASCADE');
    t.integer('entry_id').notNullable().references('id').inTable('entries').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.primary(['edition_id', 'entry_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audience_finalists');
}
