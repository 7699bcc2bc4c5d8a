import type { Knex } from 'knex';

/** What an organisation enters for an edition: the project description, its state and who submitted it. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('entries', (t) => {
    t.increments('id').primary();
    t.integer('edition_id').notNullable().references('id').inTable('editions').onDelete('RESTRICT');
    // Shown on the receipt: "inzending 2027-014". Numbered per edition when the entry is created.
    t.integer('number').notNullable();
    t.integer('organisation_id').notNullable().references('id').inTable('organisations').onDelete('RESTRICT');
    t.integer('created_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.integer('category_id').nullable().references('id').inTable('categories').onDelete('RESTRICT');
    t.string('title', 200).notNullable().defaultTo('');
    t.text('summary').notNullable().defaultTo('');
    t.text('problem').notNullable().defaultTo('');
    t.text('innovation').notNullable().defaultTo('');
    t.text('results_efficiency').notNullable().defaultTo('');
    t.text('results_effectiveness').notNullable().defaultTo('');
    t.text('transferability').notNullable().defaultTo('');
    t.text('partners_text').notNullable().defaultTo('');
    t.string('contact_name', 200).notNullable().defaultTo('');
    t.string('contact_phone', 40).notNullable().defaultTo('');
    t.boolean('consent_publish').notNullable().defaultTo(false);
    t.string('status', 20).notNullable().defaultTo('draft');
    t.string('eligibility', 20).notNullable().defaultTo('pending');
    t.text('eligibility_reason').nullable();
    t.timestamp('submitted_at', { useTz: true }).nullable();
    t.timestamp('last_edited_after_submit_at', { useTz: true }).nullable();
    t.timestamp('withdrawn_at', { useTz: true }).nullable();
    t.integer('version').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.unique(['edition_id', 'number']);
    t.index(['edition_id', 'status']);
    t.index(['organisation_id']);
    t.check("status in ('draft', 'submitted', 'withdrawn')", [], 'entries_status_check');
    t.check("eligibility in ('pending', 'eligible', 'ineligible')", [], 'entries_eligibility_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('entries');
}
