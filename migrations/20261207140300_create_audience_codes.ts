import type { Knex } from 'knex';

/**
 * One-time voting codes of an edition's audience vote. Only a SHA-256 hash of each code is stored: the codes
 * themselves exist on the printed cards (or in the mail) and nowhere else. Nothing links a code to a person.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audience_codes', (t) => {
    t.increments('id').primary();
    t.integer('edition_id').notNullable().references('id').inTable('editions').onDelete('CASCADE');
    t.string('code_hash', 64).notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['edition_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audience_codes');
}
