import type { Knex } from 'knex';

/**
 * A conflict a juror declares after scoring closed, on an entry they had already scored: by then they have seen how
 * the ranking stands, so dropping their own sheet is the organiser's decision, not theirs. Until the organiser
 * accepts (the declaration then also goes into conflict_decisions) or rejects it, with a reason, the sheet counts.
 * `moves_json` keeps what the acceptance moved in the ranking (which entries changed place, the winner before and
 * after), so the results page and the audit can say so.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('late_conflict_declarations', (t) => {
    t.increments('id').primary();
    t.integer('edition_id').notNullable().references('id').inTable('editions').onDelete('CASCADE');
    t.integer('juror_user_id').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    t.integer('entry_id').notNullable().references('id').inTable('entries').onDelete('CASCADE');
    t.text('reason').notNullable();
    t.timestamp('declared_at', { useTz: true }).notNullable();
    t.string('status', 10).notNullable().defaultTo('pending');
    t.integer('decided_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.text('decision_reason').nullable();
    t.timestamp('decided_at', { useTz: true }).nullable();
    t.text('moves_json').nullable();
    t.index(['edition_id']);
    t.check("status in ('pending', 'accepted', 'rejected')", [], 'late_conflict_declarations_status_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('late_conflict_declarations');
}
