import type { Knex } from 'knex';

/**
 * Full-text search over entries for the kennisbank, one per dialect (the same query finds the same entries on both;
 * see src/kennisbank/search-terms.ts):
 * - SQLite: an FTS5 table (rowid = entry id) with the title and the body texts apart, kept by triggers on `entries`,
 *   words folded (lowercase, no diacritics); and its vocabulary, from which a query's stem is expanded to words.
 * - PostgreSQL: a GIN index over the 'dutch' tsvector of title (weight A) and body (weight B). The expression is
 *   repeated in src/kennisbank/kennisbank.repo.ts (SEARCH_VECTOR) and must stay identical for the index to be used.
 * Which entries are public is decided at query time (consent, announcement), so the index holds them all.
 * Note for SQLite: a later migration that rebuilds `entries` (knex's way of altering a table) drops the triggers;
 * such a migration must make them again (the kennisbank route tests fail if it does not).
 */
const BODY = [
  'summary',
  'problem',
  'innovation',
  'results_efficiency',
  'results_effectiveness',
  'transferability',
];

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    const body = BODY.map((c) => `coalesce(${c}, '')`).join(` || ' ' || `);
    await knex.raw(
      `create index entries_kennisbank_search on entries using gin ((` +
        `setweight(to_tsvector('dutch', coalesce(title, '')), 'A') || ` +
        `setweight(to_tsvector('dutch', ${body}), 'B')))`,
    );
    return;
  }
  const body = (row: string) => BODY.map((c) => `coalesce(${row}.${c}, '')`).join(` || ' ' || `);
  await knex.raw(
    `create virtual table kennisbank_fts using fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')`,
  );
  await knex.raw(`create virtual table kennisbank_vocab using fts5vocab(kennisbank_fts, 'row')`);
  await knex.raw(
    `create trigger kennisbank_fts_insert after insert on entries begin ` +
      `insert into kennisbank_fts (rowid, title, body) values (new.id, coalesce(new.title, ''), ${body('new')}); end`,
  );
  await knex.raw(
    `create trigger kennisbank_fts_update after update of title, ${BODY.join(', ')} on entries begin ` +
      `delete from kennisbank_fts where rowid = old.id; ` +
      `insert into kennisbank_fts (rowid, title, body) values (new.id, coalesce(new.title, ''), ${body('new')}); end`,
  );
  await knex.raw(
    `create trigger kennisbank_fts_delete after delete on entries begin ` +
      `delete from kennisbank_fts where rowid = old.id; end`,
  );
  await knex.raw(
    `insert into kennisbank_fts (rowid, title, body) select id, coalesce(title, ''), ${body('entries')} from entries`,
  );
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw('drop index if exists entries_kennisbank_search');
    return;
  }
  for (const trigger of ['kennisbank_fts_insert', 'kennisbank_fts_update', 'kennisbank_fts_delete'])
    await knex.raw(`drop trigger if exists ${trigger}`);
  await knex.raw('drop table if exists kennisbank_vocab');
  await knex.raw('drop table if exists kennisbank_fts');
}
