import 'dotenv/config';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { BackupError, restoreBackup } from '../src/backup/backup';

const USAGE = 'Usage: npm run restore -- <archive.tar.gz> [--force]   |   npm run restore -- --rollback';

/**
 * `npm run restore -- <archive> [--force]`: puts a backup back into the configured database and upload folder.
 * Stop the app first. Without --force it refuses a database or upload folder that has data. A restore that was
 * interrupted (killed, power cut) is completed by running the same command again, or undone with `--rollback`;
 * the app refuses to start until then. Exit codes: 0 done, 1 failed, 2 wrong arguments, 3 refused (not empty, in
 * use, other dialect, newer version, or another restore unfinished; nothing changed), 4 the archive is damaged,
 * altered or unsafe (nothing changed).
 */
async function main(): Promise<number> {
  let parsed: { archive?: string; force: boolean; rollback: boolean };
  try {
    const { values, positionals } = parseArgs({
      options: {
        force: { type: 'boolean' },
        rollback: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const rollback = values.rollback ?? false;
    if (rollback ? positionals.length > 0 : positionals.length !== 1)
      throw new Error(rollback ? '--rollback takes no archive.' : 'Give exactly one archive.');
    parsed = { archive: positionals[0], force: values.force ?? false, rollback };
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const { manifest, keptAt, outcome } = await restoreBackup(config, parsed);
  if (outcome === 'rolledBack' || !manifest) {
    console.log(
      'The unfinished restore was undone: the database and upload folder are as they were before it.',
    );
    return 0;
  }
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  console.log(
    `${outcome === 'completed' ? 'Completed the interrupted restore' : 'Restored the backup'} of ${manifest.createdAt} ` +
      `(${manifest.app.name} ${manifest.app.version}): ${rows} rows into ` +
      `${config.databaseUrl ? `PostgreSQL schema ${config.databaseSchema ?? '(default)'}` : config.sqliteFile}, ` +
      `${manifest.files.length - 1} file(s) into ${config.uploadDir}. Start the app: it runs any newer migrations.`,
  );
  if (keptAt)
    console.log(`What the restore replaced is kept in ${keptAt}; remove it when you no longer need it.`);
  return 0;
}

const EXIT = { refused: 3, invalid: 4, failed: 1 } as const;

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(err instanceof BackupError ? EXIT[err.kind] : 1);
  },
);
