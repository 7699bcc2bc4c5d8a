import type { Knex } from 'knex';

/**
 * Organisations a juror is tied to besides the employer: an SSC they belong to, a board or supervisory seat.
 * Together with the employer they are the input of the automatic conflict-of-interest check.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('juror_ties', (t) => {
    t.integer('edition_juror_id')
      .notNullable()
      .references('id')
      .inTable('edition_jurors')
      .onDelete('CASCADE');
    t.integer('organisation_id').notNullable().references('id').inTable('organisations').onDelete('CASCADE');
    t.string('kind', 20).notNullable();
    t.primary(['edition_juror_id', 'organisation_id']);
    t.check("kind in ('member', 'board')", [], 'juror_ties_kind_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('juror_ties');
}
