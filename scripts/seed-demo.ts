import 'dotenv/config';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { openDb, runMigrations } from '../src/db/db';
import { seedDemo } from '../src/demo/demo.seed';

/**
 * `npm run seed:demo -- --entries 500 --jurors 25 --criteria 6 [--jurors-per-entry 5]`: fills an empty database with a realistic
 * demo edition in the judging phase. Small by default, so a new user can explore the whole flow in a minute.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      entries: { type: 'string', default: '12' },
      jurors: { type: 'string', default: '5' },
      criteria: { type: 'string', default: '5' },
      seed: { type: 'string', default: 'innovatieprijs' },
      final: { type: 'string', default: '0.9' },
      'jurors-per-entry': { type: 'string' },
    },
  });
  const int = (name: string, v: string, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
  const options = {
    entries: int('entries', values.entries, 1, 5000),
    jurors: int('jurors', values.jurors, 1, 200),
    criteria: int('criteria', values.criteria, 1, 10),
    seed: values.seed,
    finalShare: Math.min(1, Math.max(0, Number(values.final) || 0)),
    jurorsPerEntry:
      values['jurors-per-entry'] === undefined
        ? undefined
        : int('jurors-per-entry', values['jurors-per-entry'], 1, 200),
  };
  const config = loadConfig();
  const db = openDb(config);
  try {
    await runMigrations(db);
    const started = Date.now();
    const result = await seedDemo(db, { ...options, uploadDir: config.uploadDir, now: new Date() });
    console.log(`Demo data written in ${((Date.now() - started) / 1000).toFixed(1)} s:`, result.counts);
    console.log(`Log in at ${config.baseUrl}/login with password "${result.password}" as:`);
    console.log(`  organiser: ${result.admin.email}`);
    console.log(
      `  juror:     ${result.jurors[0]?.email}  (… up to jurylid${result.jurors.length}@demo.innovatieprijs.nl)`,
    );
    console.log(`  entrant:   ${result.submitters[0]?.email}`);
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
