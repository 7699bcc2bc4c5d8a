import type { Knex } from 'knex';

/**
 * What a change to the aggregation or the minimum moved in the ranking when it was made after scoring closed (the
 * same JSON as conflict_decisions.moves_json, results/moves.ts); null for changes while scoring was still open.
 * One save that changes both rules moves the ranking once: both rows keep the same moves. A plain added column.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table edition_rule_changes add column moves_json text null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table edition_rule_changes drop column moves_json');
}
