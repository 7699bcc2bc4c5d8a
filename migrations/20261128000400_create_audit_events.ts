import type { Knex } from 'knex';

/** Who changed what, when, with before and after: the organisers' record of every administrative action. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_events', (t) => {
    t.increments('id').primary();
    t.timestamp('at', { useTz: true }).notNullable().index();
    t.integer('actor_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.string('action', 80).notNullable().index();
    t.string('subject_type', 40).notNullable();
    t.integer('subject_id').nullable();
    t.text('before_json').nullable();
    t.text('after_json').nullable();
    t.text('reason').nullable();
    t.index(['subject_type', 'subject_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_events');
}
