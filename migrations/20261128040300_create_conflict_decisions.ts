import type { Knex } from 'knex';

/**
 * Conflicts of interest that are not computed from organisation ties: declared by the juror, or added or lifted by
 * an organiser, always with a reason. Append-only: the latest organiser decision for a juror × entry pair counts,
 * the earlier ones stay as history. Automatic conflicts are never stored; they follow from the ties.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('conflict_decisions', (t) => {
    t.increments('id').primary();
    t.integer('edition_id').notNullable().references('id').inTable('editions').onDelete('CASCADE');
    t.integer('juror_user_id').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    t.integer('entry_id').notNullable().references('id').inTable('entries').onDelete('CASCADE');
    t.string('kind', 20).notNullable();
    t.text('reason').notNullable();
    t.integer('decided_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['edition_id']);
    t.index(['juror_user_id', 'entry_id']);
    t.check(
      "kind in ('declared', 'organiser_added', 'organiser_lifted')",
      [],
      'conflict_decisions_kind_check',
    );
    t.check('length(trim(reason)) > 0', [], 'conflict_decisions_reason_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('conflict_decisions');
}
