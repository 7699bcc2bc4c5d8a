import type { Knex } from 'knex';

/** The criteria an edition's entries are scored on, each with a weight (whole percent) and scale anchors. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('criteria', (t) => {
    t.increments('id').primary();
    t.integer('edition_id').notNullable().references('id').inTable('editions').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.string('name_nl', 120).notNullable();
    t.string('name_en', 120).notNullable();
    t.text('description_nl').notNullable().defaultTo('');
    t.text('description_en').notNullable().defaultTo('');
    t.integer('weight').notNullable();
    t.string('anchor_low_nl', 300).notNullable().defaultTo('');
    t.string('anchor_mid_nl', 300).notNullable().defaultTo('');
    t.string('anchor_high_nl', 300).notNullable().defaultTo('');
    t.string('anchor_low_en', 300).notNullable().defaultTo('');
    t.string('anchor_mid_en', 300).notNullable().defaultTo('');
    t.string('anchor_high_en', 300).notNullable().defaultTo('');
    t.index(['edition_id', 'position']);
    t.check('weight between 1 and 100', [], 'criteria_weight_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('criteria');
}
