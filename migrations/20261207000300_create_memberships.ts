import type { Knex } from 'knex';

/**
 * Membership of an organisation must be granted. A row per request: 'requested' until a member or an organiser
 * decides ('active' or 'refused'), or the requester cancels ('cancelled'); an active membership ends as 'removed'
 * (by a member, an organiser, or the member leaving). `via` records how it was granted: 'member', 'organiser',
 * 'domain' (a verified address on one of the organisation's domains) or 'migrated' (accounts from before).
 * An account has at most one current (requested or active) membership: a partial unique index, on both dialects.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('memberships', (t) => {
    t.increments('id').primary();
    t.integer('organisation_id').notNullable().references('id').inTable('organisations').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('status', 12).notNullable();
    t.string('via', 12).nullable();
    t.timestamp('requested_at', { useTz: true }).notNullable();
    t.timestamp('decided_at', { useTz: true }).nullable();
    t.integer('decided_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('ended_at', { useTz: true }).nullable();
    t.integer('ended_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.text('reason').nullable();
    t.timestamp('notified_at', { useTz: true }).nullable();
    t.index(['organisation_id', 'status']);
    t.index(['user_id']);
    t.check(
      "status in ('requested', 'active', 'refused', 'cancelled', 'removed')",
      [],
      'memberships_status_check',
    );
  });
  await knex.raw(
    "create unique index memberships_one_current on memberships(user_id) where status in ('requested', 'active')",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('memberships');
}
