import 'dotenv/config';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { BackupError, createBackup } from '../src/backup/backup';

const USAGE = 'Usage: npm run backup [-- --out <file.tar.gz>]';

/**
 * `npm run backup [-- --out file.tar.gz]`: one archive with a consistent snapshot of the database, the upload
 * folder and a manifest; safe while the app is running. Exit codes: 0 done, 1 failed, 2 wrong arguments,
 * 3 refused (the output file exists).
 */
async function main(): Promise<number> {
  let values: { out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const { file, manifest, warnings } = await createBackup(loadConfig(), { out: values.out });
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  const uploads = manifest.files.length - 1;
  const mb = (fs.statSync(file).size / 1024 / 1024).toFixed(1);
  for (const warning of warnings) console.warn(`Warning: ${warning}`);
  console.log(
    `Backup written to ${file} (${mb} MB): ${manifest.dialect}, ${Object.keys(manifest.tables).length} tables, ` +
      `${rows} rows, ${uploads} uploaded file(s).`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(err instanceof BackupError && err.kind === 'refused' ? 3 : 1);
  },
);
