import type { Knex } from 'knex';

/**
 * One juror's assessment of one entry: its state, the overall motivation and, when abstaining, the reason. The
 * unique juror × entry key is what makes two browser tabs saving at once end in one sheet (insert … on conflict).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('score_sheets', (t) => {
    t.increments('id').primary();
    t.integer('edition_id').notNullable().references('id').inTable('editions').onDelete('CASCADE');
    t.integer('juror_user_id').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    t.integer('entry_id').notNullable().references('id').inTable('entries').onDelete('CASCADE');
    t.string('status', 20).notNullable().defaultTo('draft');
    t.text('motivation').notNullable().defaultTo('');
    t.text('abstain_reason').nullable();
    t.timestamp('finalized_at', { useTz: true }).nullable();
    t.integer('version').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.unique(['juror_user_id', 'entry_id']);
    t.index(['edition_id']);
    t.index(['entry_id']);
    t.check("status in ('draft', 'final', 'abstained')", [], 'score_sheets_status_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('score_sheets');
}
