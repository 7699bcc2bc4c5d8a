import type { Knex } from 'knex';

/**
 * The audience vote (publieksprijs) of an edition: at most one per edition. It is open from `opens_at` until
 * `closes_at` (closing early moves `closes_at` to that moment); `counts_visible` says whether the projector shows
 * the counts yet (they stay hidden until the organiser reveals them).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audience_votes', (t) => {
    t.integer('edition_id').primary().references('id').inTable('editions').onDelete('CASCADE');
    t.timestamp('opens_at', { useTz: true }).notNullable();
    t.timestamp('closes_at', { useTz: true }).notNullable();
    t.boolean('counts_visible').notNullable().defaultTo(false);
    t.integer('opened_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.check('?? < ??', ['opens_at', 'closes_at'], 'audience_votes_period_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audience_votes');
}
