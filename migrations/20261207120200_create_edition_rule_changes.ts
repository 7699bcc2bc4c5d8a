import type { Knex } from 'knex';

/**
 * A change to an edition's ranking rules (aggregation, minimum number of scores) after scoring started: who, when,
 * from what to what and why. The jury report prints every row, so a method changed after the scores were known
 * is visible to whoever signs it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('edition_rule_changes', (t) => {
    t.increments('id').primary();
    t.integer('edition_id').notNullable().references('id').inTable('editions').onDelete('CASCADE');
    t.string('field', 32).notNullable();
    t.string('before_value', 64).notNullable();
    t.string('after_value', 64).notNullable();
    t.text('reason').notNullable();
    t.integer('changed_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('changed_at', { useTz: true }).notNullable();
    t.index(['edition_id'], 'edition_rule_changes_edition_id_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('edition_rule_changes');
}
