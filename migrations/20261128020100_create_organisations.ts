import type { Knex } from 'knex';

/**
 * Organisations that enter the prize (gemeenten, SSCs) or own an SSC (gemeenten, provinces). Names are stored
 * normalised by the service (trimmed, single spaces); the service also refuses a name that differs only in case.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organisations', (t) => {
    t.increments('id').primary();
    t.string('name', 200).notNullable();
    t.string('type', 20).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.unique(['name', 'type'], { indexName: 'organisations_name_type_unique' });
    t.index(['type', 'name']);
    t.check(
      "type in ('gemeente', 'ssc', 'provincie', 'waterschap', 'overig')",
      [],
      'organisations_type_check',
    );
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('organisations');
}
