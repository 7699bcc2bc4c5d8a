import type { Knex } from 'knex';

/**
 * How an edition's entries are divided over its jury: everyone scores everything (the default, used when no
 * row exists) or a balanced assignment with N jurors per entry, an optional maximum per juror and the seed that
 * makes it reproducible. A table of its own, so the jury's settings do not widen the editions table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('jury_settings', (t) => {
    t.integer('edition_id').primary().references('id').inTable('editions').onDelete('CASCADE');
    t.string('assignment_mode', 20).notNullable().defaultTo('all');
    t.integer('jurors_per_entry').notNullable().defaultTo(3);
    t.integer('max_load').nullable();
    t.string('assignment_seed', 100).notNullable().defaultTo('');
    t.timestamp('generated_at', { useTz: true }).nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.check("assignment_mode in ('all', 'balanced')", [], 'jury_settings_mode_check');
    t.check('jurors_per_entry between 1 and 50', [], 'jury_settings_per_entry_check');
    t.check('max_load is null or max_load between 1 and 500', [], 'jury_settings_max_load_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('jury_settings');
}
