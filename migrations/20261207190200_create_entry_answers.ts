import type { Knex } from 'knex';

/**
 * An entry's answer to a question that has no column of its own: one row per entry and question, the value as JSON
 * (text, number, option keys, true/false, an ISO date, organisation ids). A question cannot be removed while it has
 * answers of a submitted entry (the service locks the form); removing a question of a draft-only form removes its
 * answers with it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('entry_answers', (t) => {
    t.integer('entry_id').notNullable().references('id').inTable('entries').onDelete('CASCADE');
    t.integer('question_id').notNullable().references('id').inTable('entry_questions').onDelete('CASCADE');
    t.text('value').notNullable();
    t.primary(['entry_id', 'question_id']);
    t.index(['question_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('entry_answers');
}
