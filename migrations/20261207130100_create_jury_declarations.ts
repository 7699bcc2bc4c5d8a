import type { Knex } from 'knex';

/**
 * The jury declaration of an edition (confidentiality, impartiality, no contact with entrants), in Dutch and
 * English. No row, or an empty text: the default text of the catalogue (jury.declaration.defaultText).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('jury_declarations', (t) => {
    t.integer('edition_id').primary().references('id').inTable('editions').onDelete('CASCADE');
    t.text('text_nl').notNullable().defaultTo('');
    t.text('text_en').notNullable().defaultTo('');
    t.integer('updated_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('jury_declarations');
}
