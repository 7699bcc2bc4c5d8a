import type { Knex } from 'knex';

/**
 * The questions of an edition's entry form, in order. `field` names the entry column an original question's answer
 * lives in (summary, problem, …; at most once per edition); a question without it keeps its answers in
 * `entry_answers`. `settings` is JSON: limits, unit, options, whether several may be chosen.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('entry_questions', (t) => {
    t.increments('id').primary();
    t.integer('edition_id').notNullable().references('id').inTable('editions').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.string('type', 20).notNullable();
    t.string('field', 40).nullable();
    t.string('label_nl', 300).notNullable();
    t.string('label_en', 300).notNullable().defaultTo('');
    t.text('help_nl').notNullable().defaultTo('');
    t.text('help_en').notNullable().defaultTo('');
    t.boolean('required').notNullable().defaultTo(false);
    t.boolean('hidden_from_jurors').notNullable().defaultTo(false);
    t.text('settings').notNullable().defaultTo('{}');
    t.unique(['edition_id', 'field']);
    t.index(['edition_id', 'position']);
    t.check(
      "type in ('short_text', 'long_text', 'number', 'choice', 'yes_no', 'date', 'organisations')",
      [],
      'entry_questions_type_check',
    );
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('entry_questions');
}
