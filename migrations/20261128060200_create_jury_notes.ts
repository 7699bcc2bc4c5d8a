import type { Knex } from 'knex';

/** What the jury agreed on an entry during deliberation: one note per entry, kept up to date by the organiser. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('jury_notes', (t) => {
    t.integer('edition_id').notNullable().references('id').inTable('editions').onDelete('CASCADE');
    t.integer('entry_id').notNullable().references('id').inTable('entries').onDelete('CASCADE');
    t.text('note').notNullable().defaultTo('');
    t.integer('updated_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['edition_id', 'entry_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('jury_notes');
}
