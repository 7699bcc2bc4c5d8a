import type { Knex } from 'knex';

/**
 * Organisers' free tags on entries ("shortlist", "navragen"): a row per entry and tag. Tags belong to the edition
 * through its entries; written lower-case and trimmed (entries/tag.rules.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('entry_tags', (t) => {
    t.integer('entry_id').notNullable().references('id').inTable('entries').onDelete('CASCADE');
    t.string('tag', 40).notNullable();
    t.primary(['entry_id', 'tag']);
    t.index(['tag']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('entry_tags');
}
