import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id').primary();
    t.string('email', 254).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('password_hash', 255).nullable(); // null until an invited user sets a password
    t.string('role', 20).notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.string('language', 2).nullable();
    t.integer('session_version').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('deactivated_at', { useTz: true }).nullable();
    t.check("role in ('admin', 'juror', 'submitter')", [], 'users_role_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('users');
}
