import 'dotenv/config';
import { loadConfig } from '../src/config';
import { openDb, runMigrations } from '../src/db/db';

/** `npm run migrate`: brings the database up to date (the app also does this when it starts). */
async function main() {
  const db = openDb(loadConfig());
  try {
    const applied = await runMigrations(db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
