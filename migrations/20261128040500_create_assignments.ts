import type { Knex } from 'knex';

/** Which juror scores which entry. One row per juror × entry; conflicts are checked on top of it, never stored here. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('assignments', (t) => {
    t.increments('id').primary();
    t.integer('edition_id').notNullable().references('id').inTable('editions').onDelete('CASCADE');
    t.integer('juror_user_id').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    t.integer('entry_id').notNullable().references('id').inTable('entries').onDelete('CASCADE');
    // 'all' | 'balanced' (generated) or 'manual' (added by hand), for the organiser's overview.
    t.string('source', 20).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['juror_user_id', 'entry_id']);
    t.index(['edition_id']);
    t.index(['entry_id']);
    t.check("source in ('all', 'balanced', 'manual')", [], 'assignments_source_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('assignments');
}
