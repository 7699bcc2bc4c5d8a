import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';

/**
 * Several app processes starting at once on an empty database (a cluster, two servers): each runs the
 * migrations; one migrates while the others wait for it, and none crashes. On PostgreSQL when TEST_DATABASE_URL is
 * set (each round in a fresh schema), else on one SQLite file per round.
 */
const ROOT = path.join(__dirname, '../../..');
const pgUrl = process.env.TEST_DATABASE_URL;
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'innovatieprijs-start-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function migrate(env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts'], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b) => (output += b));
    child.stderr.on('data', (b) => (output += b));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

it('runs three processes migrating one empty database at once, five rounds, without a crash', async () => {
  for (let round = 0; round < 5; round++) {
    let env: Record<string, string>;
    let cleanup = async () => undefined as unknown;
    if (pgUrl) {
      const schema = `t_start_${randomBytes(4).toString('hex')}`;
      const admin = knexFactory({ client: 'pg', connection: pgUrl });
      await admin.raw(`create schema ${schema}`);
      await admin.destroy();
      env = { DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema };
      cleanup = async () => {
        const a = knexFactory({ client: 'pg', connection: pgUrl });
        await a.raw(`drop schema ${schema} cascade`);
        await a.destroy();
      };
    } else {
      env = { DATABASE_URL: '', SQLITE_FILE: path.join(dir, `round-${round}.sqlite`) };
    }
    const results = await Promise.all([migrate(env), migrate(env), migrate(env)]);
    expect(results.map((r) => [r.code, r.output.includes('Error') ? r.output : ''])).toEqual([
      [0, ''],
      [0, ''],
      [0, ''],
    ]);
    // Exactly one of them applied the migrations; the others found the database up to date.
    expect(results.filter((r) => r.output.includes('Applied:'))).toHaveLength(1);
    await cleanup();
  }
}, 180_000);
