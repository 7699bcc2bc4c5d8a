import type { Knex } from 'knex';

/**
 * Whether an entry may be published in the kennisbank after its edition's result is announced, decided by a member
 * of the entrant organisation, apart from the entry form (which changes per edition). One row per entry: its
 * current decision. `consented_at` is when the current consent was given (the feed's publication moment, with
 * the announcement); `withdrawn_at` when it was last taken back. Every change is also an audit event.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('entry_publications', (t) => {
    t.integer('entry_id').primary().references('id').inTable('entries').onDelete('CASCADE');
    t.boolean('consent').notNullable();
    t.string('licence', 30).notNullable();
    t.boolean('show_contact').notNullable();
    t.integer('decided_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('decided_at', { useTz: true }).notNullable();
    t.timestamp('consented_at', { useTz: true }).nullable();
    t.timestamp('withdrawn_at', { useTz: true }).nullable();
    t.check("licence in ('cc-by', 'all-rights-reserved')", [], 'entry_publications_licence_check');
    t.index(['consent']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('entry_publications');
}
