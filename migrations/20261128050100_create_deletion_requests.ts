import type { Knex } from 'knex';

/**
 * A user's request to have their account deleted (AVG art. 17). An organiser confirms it, because the prize must
 * keep entries and scores; confirming anonymises the account instead of removing the rows that refer to it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('deletion_requests', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('reason').notNullable().defaultTo('');
    t.string('status', 20).notNullable().defaultTo('pending');
    t.timestamp('requested_at', { useTz: true }).notNullable();
    t.integer('decided_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('decided_at', { useTz: true }).nullable();
    t.index(['status']);
    t.check("status in ('pending', 'done', 'rejected')", [], 'deletion_requests_status_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('deletion_requests');
}
