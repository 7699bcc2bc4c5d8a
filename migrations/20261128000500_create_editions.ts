import type { Knex } from 'knex';

/** One edition of the prize per year: its dates, texts, limits and the rules fixed in advance. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('editions', (t) => {
    t.increments('id').primary();
    t.string('name', 200).notNullable();
    t.integer('year').notNullable();
    t.text('intro_nl').notNullable().defaultTo('');
    t.text('intro_en').notNullable().defaultTo('');
    t.text('rules_nl').notNullable().defaultTo('');
    t.text('rules_en').notNullable().defaultTo('');
    t.integer('prize_amount_cents').notNullable().defaultTo(250000);
    t.timestamp('opens_at', { useTz: true }).nullable();
    t.timestamp('closes_at', { useTz: true }).nullable();
    t.timestamp('scoring_deadline', { useTz: true }).nullable();
    t.timestamp('conference_at', { useTz: true }).nullable();
    t.string('conference_place', 200).notNullable().defaultTo('');
    t.string('phase', 20).notNullable().defaultTo('concept');
    t.boolean('is_current').notNullable().defaultTo(false);
    t.integer('scale_min').notNullable().defaultTo(1);
    t.integer('scale_max').notNullable().defaultTo(10);
    t.integer('max_files').notNullable().defaultTo(5);
    t.integer('max_file_mb').notNullable().defaultTo(10);
    t.text('allowed_types_json').notNullable();
    t.text('eligible_types_json').notNullable();
    t.boolean('multiple_entries_per_org').notNullable().defaultTo(true);
    t.boolean('blind_judging').notNullable().defaultTo(false);
    t.text('tie_break_json').notNullable();
    // Set in the transaction of the first score: from then on scale, criteria and tie-break rule are fixed.
    t.timestamp('criteria_locked_at', { useTz: true }).nullable();
    // Optimistic locking: two organisers editing at once get "changed by someone else", not a lost update.
    t.integer('version').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.check(
      "phase in ('concept', 'open', 'closed', 'judging', 'deliberation', 'decided', 'announced')",
      [],
      'editions_phase_check',
    );
    t.check('scale_max > scale_min', [], 'editions_scale_check');
    t.index(['is_current']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('editions');
}
