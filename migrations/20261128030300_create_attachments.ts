import type { Knex } from 'knex';

/**
 * Files attached to an entry. The file lives under UPLOAD_DIR as `stored_name` (random, never derived from the
 * user's file name); the original name is kept only for display and the download's file name.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('attachments', (t) => {
    t.increments('id').primary();
    t.integer('entry_id').notNullable().references('id').inTable('entries').onDelete('CASCADE');
    t.string('original_name', 255).notNullable();
    t.string('stored_name', 80).notNullable().unique();
    t.string('file_type', 10).notNullable();
    t.string('mime_type', 120).notNullable();
    t.bigInteger('size_bytes').notNullable();
    t.string('sha256', 64).notNullable();
    t.integer('uploaded_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['entry_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('attachments');
}
