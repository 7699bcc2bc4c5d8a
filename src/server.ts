import 'dotenv/config';
import pino from 'pino';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDb, runMigrations } from './db/db';
import { startWriteSignal } from './db/write-signal';
import { countActiveAdmins } from './users/user.repo';
import { cleanUploads } from './attachments/attachment.storage';
import { unfinishedRestore } from './backup/backup';

/** Entry point: config → database → migrations → app → listen. The only file with side effects on start. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, redact: ['req.headers.cookie'] });
  // Half-restored data must not be served, and the orphan cleanup below must not touch it.
  const restore = unfinishedRestore(config.uploadDir);
  if (restore) {
    logger.error(
      restore,
      `A restore is unfinished (${restore.step}). Run "npm run restore -- ${restore.archive}" again to complete it, ` +
        'or "npm run restore -- --rollback" to undo it; the app starts after that.',
    );
    process.exit(1);
  }
  const db = openDb(config);
  const applied = await runMigrations(db);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');
  // Before listening, so no upload is in progress: removes what a crash or an interrupted upload left behind.
  await cleanUploads({ db, uploadDir: config.uploadDir, logger });
  if (config.sessionSecretGenerated) {
    logger.warn(
      'SESSION_SECRET is not set: a random one is used, so everyone is logged out when the app restarts',
    );
  }
  const writeSignal = startWriteSignal(db, {
    databaseUrl: config.databaseUrl ?? undefined,
    schema: config.databaseSchema ?? undefined,
    sqliteFile: config.sqliteFile,
    logger,
  });
  const app = createApp({ config, db, logger, writeSignal });
  const server = app.listen(config.port, () => {
    logger.info(
      `Innovatieprijs listening on ${config.baseUrl} (${config.databaseUrl ? 'PostgreSQL' : `SQLite ${config.sqliteFile}`})`,
    );
  });
  if ((await countActiveAdmins(db)) === 0) {
    logger.info(`No organiser account yet: open ${config.baseUrl}/setup to create the first one`);
  }
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(
      () =>
        void writeSignal
          .stop()
          .then(() => db.destroy())
          .then(() => process.exit(0)),
    );
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
});
