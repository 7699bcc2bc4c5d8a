import type { Knex } from 'knex';

/**
 * Who sits on the jury of an edition. A juror is a user with role 'juror'; the same person can sit on the jury of
 * several editions, with the job title and employer of that year. Revoking keeps the row (and the history of their
 * scores) but ends their access at once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('edition_jurors', (t) => {
    t.increments('id').primary();
    t.integer('edition_id').notNullable().references('id').inTable('editions').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('RESTRICT');
    t.string('job_title', 200).notNullable().defaultTo('');
    // The employer drives the automatic conflict check; null when it is not an organisation in our list.
    t.integer('employer_organisation_id')
      .nullable()
      .references('id')
      .inTable('organisations')
      .onDelete('SET NULL');
    // Shown when the employer is not in the list (a university, a ministry): no conflict can follow from it.
    t.string('employer_name', 200).notNullable().defaultTo('');
    t.integer('invited_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('invited_at', { useTz: true }).notNullable();
    t.timestamp('reminded_at', { useTz: true }).nullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.unique(['edition_id', 'user_id']);
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('edition_jurors');
}
