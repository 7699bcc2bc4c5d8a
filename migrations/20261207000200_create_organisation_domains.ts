import type { Knex } from 'knex';

/**
 * E-mail domains of an organisation (e.g. utrecht.nl), set by organisers only: a verified address on such a
 * domain is admitted to the organisation without waiting for a member's approval. A domain belongs to at most one
 * organisation.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organisation_domains', (t) => {
    t.string('domain', 253).primary();
    t.integer('organisation_id').notNullable().references('id').inTable('organisations').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['organisation_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('organisation_domains');
}
