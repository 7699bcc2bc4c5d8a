import type { Knex } from 'knex';

/**
 * Organisations become a register. Gemeenten, provinces and waterschappen carry their official code (CBS
 * GM0344, PV26; waterschappen WS…) and a gemeente its province. `status` says whether an organisation can be
 * chosen: 'active' (in the register), 'proposed' (an entrant asked for it, an organiser decides), 'unverified'
 * (existed before the register and could not be matched; an organiser resolves it), 'merged' (a herindeling or a
 * duplicate: `merged_into_id` is its successor, which inherits its ties), 'refused' and 'ended'. `source` says
 * where it came from: the official list, an organiser, an entrant's proposal, or the time before the register.
 *
 * Plain ALTER TABLE … ADD COLUMN (with REFERENCES) on both dialects: on SQLite knex would rebuild the table, and
 * inside the migration's transaction that cascades into every table that references organisations.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table organisations add column code varchar(12) null');
  await knex.raw('alter table organisations add column province_code varchar(4) null');
  await knex.raw("alter table organisations add column status varchar(12) not null default 'active'");
  await knex.raw("alter table organisations add column source varchar(12) not null default 'legacy'");
  await knex.raw(
    'alter table organisations add column merged_into_id integer null references organisations(id) on delete set null',
  );
  await knex.raw(
    'alter table organisations add column proposed_by_user_id integer null references users(id) on delete set null',
  );
  await knex.raw('create unique index organisations_code_unique on organisations(code)');
  await knex.raw('create index organisations_status_index on organisations(status, type)');
  await knex.raw('create index organisations_merged_into_index on organisations(merged_into_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index organisations_merged_into_index');
  await knex.raw('drop index organisations_status_index');
  await knex.raw('drop index organisations_code_unique');
  for (const column of ['proposed_by_user_id', 'merged_into_id', 'source', 'status', 'province_code', 'code'])
    await knex.raw(`alter table organisations drop column ${column}`);
}
