import type { Knex } from 'knex';

/**
 * The account's organisation now lives in `memberships` (the previous migration copied it there): a column on
 * the user could not say whether the membership was granted. Plain ALTER TABLE on both dialects (see
 * 20261128020300 for why not knex's builder on SQLite).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('drop index users_organisation_id_index');
  await knex.raw('alter table users drop column organisation_id');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    'alter table users add column organisation_id integer null references organisations(id) on delete set null',
  );
  await knex.raw('create index users_organisation_id_index on users(organisation_id)');
  await knex.raw(
    "update users set organisation_id = (select organisation_id from memberships m where m.user_id = users.id and m.status = 'active')",
  );
}
