import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { createToken } from '../../../src/auth/token.repo';
import { recordAudit } from '../../../src/audit/audit.repo';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { createOrganisation, createUser } from '../../helpers/factories';
import { insertOrganisation } from '../../../src/organisations/organisation.repo';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

// The organisation migrations and every later one (later tables may refer to organisations), in order.
const dir = path.join(__dirname, '../../../migrations');
const MIGRATIONS: Knex.Migration[] = fs
  .readdirSync(dir)
  .filter((f) => /^\d{14}_[\w-]+\.ts$/.test(f) && f >= '20261128020100')
  .sort()
  .map((f) => require(path.join(dir, f)) as Knex.Migration);
const count = async (table: string) => Number((await t.db(table).count({ n: '*' }).first())?.n);

describe('organisation migrations', () => {
  it('enforce the organisation type, unique name per type, and no SSC owning itself', async () => {
    // Matched on the message: better-sqlite3's error class can come from another jest realm, so
    // `rejects.toThrow()` (an instanceof Error check) is unreliable when test files share a worker.
    const refused = (kind: RegExp) => expect.objectContaining({ message: expect.stringMatching(kind) });
    const zeist = await createOrganisation(t.db, { name: 'Zeist', type: 'gemeente' });
    await expect(
      insertOrganisation(t.db, { name: 'Zeist', type: 'gemeente', now: new Date() }),
    ).rejects.toEqual(refused(/unique/i));
    await expect(
      insertOrganisation(t.db, { name: 'Zeist bis', type: 'gemeente', code: 'GM0355', now: new Date() }),
    ).rejects.toEqual(refused(/unique/i));
    await createOrganisation(t.db, { name: 'Zeist', type: 'ssc' });
    await expect(createOrganisation(t.db, { name: 'X', type: 'stad' as never })).rejects.toEqual(
      refused(/organisations_type_check/),
    );
    await expect(
      t.db('organisation_owners').insert({ ssc_id: zeist.id, owner_id: zeist.id }),
    ).rejects.toEqual(refused(/organisation_owners_not_self_check/));
  });

  it('roll back and forward in the migration transaction without touching tokens or audit records', async () => {
    const organisation = await createOrganisation(t.db, { name: 'Houten', type: 'gemeente' });
    const user = await createUser(t.db, { role: 'submitter', organisationId: organisation.id });
    await t.db.transaction((trx) =>
      createToken(trx, { userId: user.id, purpose: 'verify', now: new Date() }),
    );
    await recordAudit(t.db, {
      actorUserId: user.id,
      action: 'test',
      subjectType: 'user',
      subjectId: user.id,
      at: new Date(),
    });
    const tokens = await count('user_tokens');

    // Like knex's runner: each migration in its own transaction, foreign keys on.
    const run = (step: Knex.Migration['up']) =>
      t.db.transaction(async (trx) => {
        await step(trx);
      });
    expect(MIGRATIONS.length).toBeGreaterThanOrEqual(4);
    for (const m of [...MIGRATIONS].reverse()) await run(m.down!);
    expect(await t.db.schema.hasTable('organisations')).toBe(false);
    expect(await t.db.schema.hasColumn('users', 'organisation_id')).toBe(false);
    expect(await t.db.schema.hasColumn('users', 'email_verified_at')).toBe(false);
    expect(await count('user_tokens')).toBe(tokens);
    expect((await t.db('audit_events').where({ action: 'test' }).first()).actor_user_id).toBe(user.id);

    for (const m of MIGRATIONS) await run(m.up);
    // The account's organisation lives in memberships now; the register is loaded again.
    expect(await t.db.schema.hasColumn('users', 'organisation_id')).toBe(false);
    expect(await t.db.schema.hasColumn('users', 'email_verified_at')).toBe(true);
    expect(await count('user_tokens')).toBe(tokens);
    const gemeenten = await t
      .db('organisations')
      .where({ type: 'gemeente', status: 'active' })
      .count({ n: '*' })
      .first();
    expect(Number(gemeenten?.n)).toBe(342);

    // Deleting an organisation keeps its users; their membership goes with it.
    const again = await createOrganisation(t.db, { name: 'Houten', type: 'gemeente' });
    await t.db('memberships').insert({
      organisation_id: again.id,
      user_id: user.id,
      status: 'active',
      requested_at: new Date(),
    });
    await t.db('organisations').where({ id: again.id }).del();
    expect(await t.db('users').where({ id: user.id }).first()).toBeTruthy();
    expect(await t.db('memberships').where({ user_id: user.id }).first()).toBeUndefined();
  });
});
