import type { Knex } from 'knex';

/**
 * The jury's decision for an edition: the winner, the motivation for the jury report and which aggregation the
 * ranking used, and when it was made public. One row per edition; `announced_at` set means the embargo is over.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('result_decisions', (t) => {
    t.integer('edition_id').primary().references('id').inTable('editions').onDelete('CASCADE');
    t.integer('winner_entry_id').notNullable().references('id').inTable('entries').onDelete('RESTRICT');
    t.text('motivation').notNullable();
    t.string('aggregation', 10).notNullable();
    t.integer('decided_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('decided_at', { useTz: true }).notNullable();
    t.integer('announced_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('announced_at', { useTz: true }).nullable();
    t.timestamp('mailed_entrants_at', { useTz: true }).nullable();
    t.check("aggregation in ('mean', 'median', 'zscore', 'borda')", [], 'result_decisions_aggregation_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('result_decisions');
}
