import type { Knex } from 'knex';

/**
 * The attachments of an entry that anyone may download from its kennisbank page. Only what a member of the
 * entrant organisation marked public; a removed attachment leaves the list with it (cascade).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('publication_attachments', (t) => {
    t.integer('entry_id')
      .notNullable()
      .references('entry_id')
      .inTable('entry_publications')
      .onDelete('CASCADE');
    t.integer('attachment_id').notNullable().references('id').inTable('attachments').onDelete('CASCADE');
    t.primary(['entry_id', 'attachment_id']);
    t.index(['attachment_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('publication_attachments');
}
