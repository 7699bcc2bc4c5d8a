import type { Knex } from 'knex';

/** Which organisations own an SSC (several gemeenten, sometimes a province); read by the jury's conflict check. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organisation_owners', (t) => {
    t.integer('ssc_id').notNullable().references('id').inTable('organisations').onDelete('CASCADE');
    t.integer('owner_id').notNullable().references('id').inTable('organisations').onDelete('CASCADE');
    t.primary(['ssc_id', 'owner_id']);
    t.index(['owner_id']);
    t.check('ssc_id <> owner_id', [], 'organisation_owners_not_self_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('organisation_owners');
}
