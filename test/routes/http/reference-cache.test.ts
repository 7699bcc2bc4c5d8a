import knexFactory, { type Knex } from 'knex';
import { findEdition, listCategories } from '../../../src/editions/edition.repo';
import { findOrganisationById } from '../../../src/organisations/organisation.repo';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { createOrganisation } from '../../helpers/factories';
import { createOpenEdition } from '../../helpers/entries';

/**
 * Reference data (editions, categories, criteria, organisations) is kept per process (db/reference-cache.ts) and
 * forgotten as soon as any process writes it. "Another process" is a second connection to the same database, which
 * the app hears through its write signal as it would hear another app process.
 */
let t: TestApp;
let other: Knex;

beforeAll(async () => {
  t = await makeTestApp({ writeSignal: true });
  other =
    t.dialect === 'postgres'
      ? knexFactory({
          client: 'pg',
          connection: t.config.databaseUrl!,
          searchPath: [t.config.databaseSchema!],
        })
      : knexFactory({
          client: 'better-sqlite3',
          connection: { filename: t.config.sqliteFile },
          useNullAsDefault: true,
        });
});
afterAll(async () => {
  await other.destroy();
  await t.close();
});

async function counted<T>(read: () => Promise<T>): Promise<{ value: T; queries: number }> {
  let queries = 0;
  const count = () => queries++;
  t.db.on('query', count);
  try {
    return { value: await read(), queries };
  } finally {
    t.db.off('query', count);
  }
}

/** SQLite reads the signal on every lookup; PostgreSQL delivers it at commit, a moment later. */
async function eventually<T>(check: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const until = Date.now() + (t.dialect === 'postgres' ? 1000 : 0);
  for (;;) {
    const v = await check();
    if (ok(v) || Date.now() >= until) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('reference data kept per process', () => {
  it('reads an edition and its categories once, then from memory, frozen', async () => {
    const { edition } = await createOpenEdition(t, { year: 2051 });
    await findEdition(t.db, edition.id);
    await listCategories(t.db, edition.id);
    expect((await counted(() => findEdition(t.db, edition.id))).queries).toBe(0);
    const categories = await counted(() => listCategories(t.db, edition.id));
    expect(categories.queries).toBe(0);
    expect(() => categories.value.push(categories.value[0]!)).toThrow(/not extensible/);
  });

  it('always reads the database inside a transaction', async () => {
    const { edition } = await createOpenEdition(t, { year: 2052 });
    await findEdition(t.db, edition.id);
    await t.db.transaction(async (trx) => {
      let queries = 0;
      trx.on('query', () => queries++);
      await findEdition(trx, edition.id);
      expect(queries).toBe(1);
    });
  });

  it('forgets an edition at once when this process changes it', async () => {
    const { edition } = await createOpenEdition(t, { year: 2053 });
    await findEdition(t.db, edition.id);
    await t.db('editions').where({ id: edition.id }).update({ blind_judging: true });
    expect((await findEdition(t.db, edition.id))!.blindJudging).toBe(true);
  });

  it('forgets an edition and an organisation when another process changes them', async () => {
    const { edition } = await createOpenEdition(t, { year: 2054 });
    const organisation = await createOrganisation(t.db, { name: 'Gemeente Oud', type: 'gemeente' });
    expect((await findEdition(t.db, edition.id))!.blindJudging).toBe(false);
    expect((await findOrganisationById(t.db, organisation.id))!.name).toBe('Gemeente Oud');

    await other('editions').where({ id: edition.id }).update({ blind_judging: true });
    await other('organisations').where({ id: organisation.id }).update({ name: 'Gemeente Nieuw' });
    const seen = await eventually(
      () => findEdition(t.db, edition.id),
      (e) => e!.blindJudging,
    );
    expect(seen!.blindJudging).toBe(true);
    expect((await findOrganisationById(t.db, organisation.id))!.name).toBe('Gemeente Nieuw');
  });

  it('keeps them through writes of other data', async () => {
    const { edition } = await createOpenEdition(t, { year: 2055 });
    // PostgreSQL tells of the edition's own writes a moment after they commit.
    if (t.dialect === 'postgres') await new Promise((r) => setTimeout(r, 200));
    await findEdition(t.db, edition.id);
    await other('rate_limits').insert({ key: 'x', hits: 1, reset_at: Date.now() });
    await other('audit_log')
      .insert({ action: 'test', subject_type: 'edition', subject_id: edition.id, at: new Date() })
      .catch(() => undefined);
    expect((await counted(() => findEdition(t.db, edition.id))).queries).toBe(0);
  });
});
