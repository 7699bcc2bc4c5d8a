import type { Knex } from 'knex';

/**
 * Mails that go out once per edition at a moment of the prize (judging opens, the nominees are told, the winner
 * is congratulated): a row claims the mailing, so a second click or a phase moved back and forth sends nothing.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('edition_mailings', (t) => {
    t.integer('edition_id').notNullable().references('id').inTable('editions').onDelete('CASCADE');
    t.string('kind', 40).notNullable();
    t.integer('sent_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('sent_at', { useTz: true }).notNullable();
    t.primary(['edition_id', 'kind']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('edition_mailings');
}
