import type { Knex } from 'knex';

/**
 * Every mail the app sends, as sent (mail/outbox.ts): recipient, subject, the template it came from, the rendered
 * text, and its delivery: `sending`, `sent`, `retrying` (a failed attempt; tried again at `next_attempt_at`) or
 * `failed` (given up after the last attempt). `attachments_json` keeps calendar files so a retry sends them too.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mail_outbox', (t) => {
    t.increments('id').primary();
    t.string('to_address', 320).notNullable();
    t.string('reply_to', 320).nullable();
    t.string('subject', 500).notNullable();
    t.string('template', 100).notNullable();
    t.text('body').notNullable();
    t.text('attachments_json').nullable();
    t.string('status', 20).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error').nullable();
    t.timestamp('next_attempt_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('sent_at', { useTz: true }).nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['status', 'next_attempt_at']);
    t.index(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mail_outbox');
}
