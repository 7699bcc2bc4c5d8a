import type { Knex } from 'knex';

/**
 * The calibrated method can be an edition's fixed method (issue #12), so a decision must be able to record it:
 * `result_decisions.aggregation` gets 'calibrated' in its check (varchar(10) already fits the word).
 *
 * PostgreSQL replaces the named constraint. SQLite cannot alter a check constraint, so the table is rebuilt: a new
 * table with the same columns, keys and the wider check, the rows copied, the old table dropped and the new one
 * renamed. Nothing references result_decisions, so dropping it cascades nowhere (unlike a rebuild of `users`).
 * down() narrows it again; it refuses while a decision records 'calibrated' rather than lose it.
 */
const WIDE = ['mean', 'median', 'zscore', 'borda', 'calibrated'];
const NARROW = ['mean', 'median', 'zscore', 'borda'];

const CHECK = 'result_decisions_aggregation_check';
const checkSql = (allowed: readonly string[]) =>
  `aggregation in (${allowed.map((a) => `'${a}'`).join(', ')})`;

async function rebuildSqlite(knex: Knex, allowed: readonly string[]): Promise<void> {
  await knex.schema.createTable('result_decisions_rebuilt', (t) => {
    t.integer('edition_id').primary().references('id').inTable('editions').onDelete('CASCADE');
    t.integer('winner_entry_id').notNullable().references('id').inTable('entries').onDelete('RESTRICT');
    t.text('motivation').notNullable();
    t.string('aggregation', 10).notNullable();
    t.integer('decided_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('decided_at', { useTz: true }).notNullable();
    t.integer('announced_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('announced_at', { useTz: true }).nullable();
    t.timestamp('mailed_entrants_at', { useTz: true }).nullable();
    t.check(checkSql(allowed), [], CHECK);
  });
  const columns = [
    'edition_id',
    'winner_entry_id',
    'motivation',
    'aggregation',
    'decided_by_user_id',
    'decided_at',
    'announced_by_user_id',
    'announced_at',
    'mailed_entrants_at',
  ].join(', ');
  await knex.raw(`insert into result_decisions_rebuilt (${columns}) select ${columns} from result_decisions`);
  await knex.raw('drop table result_decisions');
  await knex.raw('alter table result_decisions_rebuilt rename to result_decisions');
}

async function setCheck(knex: Knex, allowed: readonly string[]): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw(`alter table result_decisions drop constraint ${CHECK}`);
    await knex.raw(`alter table result_decisions add constraint ${CHECK} check (${checkSql(allowed)})`);
  } else {
    await rebuildSqlite(knex, allowed);
  }
}

export async function up(knex: Knex): Promise<void> {
  await setCheck(knex, WIDE);
}

export async function down(knex: Knex): Promise<void> {
  const calibrated = await knex('result_decisions').where({ aggregation: 'calibrated' }).first();
  if (calibrated)
    throw new Error('A decision records the calibrated method: change it before narrowing the check.');
  await setCheck(knex, NARROW);
}
