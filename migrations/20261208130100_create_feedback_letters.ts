import type { Knex } from 'knex';

/**
 * Feedback letters to entrants (issue #13): one per entry, prepared by organisers after the announcement from the
 * entry's results and the jurors' anonymised comments, edited while a draft, then released (final: a released letter
 * is never changed, so what entrants read and downloaded stays what they received).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('feedback_letters', (t) => {
    t.increments('id').primary();
    t.integer('edition_id').notNullable().references('id').inTable('editions').onDelete('CASCADE');
    t.integer('entry_id').notNullable().unique().references('id').inTable('entries').onDelete('CASCADE');
    /** The language the letter is written in (the PDF's document language). */
    t.string('language', 2).notNullable();
    t.text('body').notNullable();
    t.string('status', 20).notNullable().defaultTo('draft');
    t.integer('updated_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.integer('released_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('released_at', { useTz: true }).nullable();
    t.index(['edition_id']);
    t.check("status in ('draft', 'released')", [], 'feedback_letters_status_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('feedback_letters');
}
