import type { Knex } from 'knex';

/**
 * The score per criterion on a sheet. The primary key (sheet, criterion) together with the sheet's unique
 * juror × entry makes "one score per juror × entry × criterion" a rule of the schema. The value is checked
 * against the edition's scale by the service; the check here only stops nonsense the forms cannot produce.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('scores', (t) => {
    t.integer('sheet_id').notNullable().references('id').inTable('score_sheets').onDelete('CASCADE');
    t.integer('criterion_id').notNullable().references('id').inTable('criteria').onDelete('RESTRICT');
    // Null while a draft has a comment but no score yet.
    t.integer('value').nullable();
    t.text('comment').notNullable().defaultTo('');
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['sheet_id', 'criterion_id']);
    t.index(['criterion_id']);
    t.check('value is null or (value >= 0 and value <= 100)', [], 'scores_value_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('scores');
}
