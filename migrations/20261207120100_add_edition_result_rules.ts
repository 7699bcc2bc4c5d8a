import type { Knex } from 'knex';

/**
 * The ranking rules an edition fixes in advance, next to its tie-break: the aggregation the result is recorded
 * under and the minimum number of final scores an entry needs to be ranked. Existing editions keep what they
 * did (the mean, no minimum beyond one score). Plain added columns: SQLite adds them natively (no table rebuild).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('editions', (t) => {
    t.string('aggregation', 16).notNullable().defaultTo('mean');
    t.integer('min_scores').notNullable().defaultTo(1);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('editions', (t) => {
    t.dropColumn('min_scores');
    t.dropColumn('aggregation');
  });
}
