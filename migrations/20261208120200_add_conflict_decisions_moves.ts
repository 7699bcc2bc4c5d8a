import type { Knex } from 'knex';

/**
 * What an organiser's conflict decision after scoring closed moved in the ranking (issue #12: every change to the
 * ranking after scoring closed is shown, what moved and why): the same JSON as late_conflict_declarations.moves_json
 * (results/moves.ts), null for decisions taken while scoring was open or before it. A plain added column on both
 * dialects (no table rebuild on SQLite).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table conflict_decisions add column moves_json text null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table conflict_decisions drop column moves_json');
}
