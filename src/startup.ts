import type { Logger } from 'pino';
import { backgroundOf, createApp, outboxOf } from './app';
import type { Config } from './config';
import { openDb, runMigrations } from './db/db';
import { startWriteSignal } from './db/write-signal';
import { countActiveAdmins } from './users/user.repo';
import { cleanUploads } from './attachments/attachment.storage';
import { unfinishedRestore } from './backup/backup';

/**
 * What happens once before any process serves: refuse half-restored data, migrate, tidy the upload folder. In a
 * cluster the primary does it before forking; a single server does it itself. Returns false when the app must
 * not start.
 */
export async function prepare(config: Config, logger: Logger): Promise<boolean> {
  // Half-restored data must not be served, and the orphan cleanup below must not touch it.
  const restore = unfinishedRestore(config.uploadDir);
  if (restore) {
    logger.error(
      restore,
      `A restore is unfinished (${restore.step}). Run "npm run restore -- ${restore.archive}" again to complete it, ` +
        'or "npm run restore -- --rollback" to undo it; the app starts after that.',
    );
    return false;
  }
  const db = openDb(config);
  try {
    const applied = await runMigrations(db);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
    await cleanUploads({ db, uploadDir: config.uploadDir, logger });
    if ((await countActiveAdmins(db)) === 0)
      logger.info(`No organiser account yet: open ${config.baseUrl}/setup to create the first one`);
  } finally {
    await db.destroy();
  }
  if (config.sessionSecretGenerated) {
    logger.warn(
      'SESSION_SECRET is not set: a random one is used, so everyone is logged out when the app restarts',
    );
  }
  return true;
}

/** Opens the database, hears other processes' writes, builds the app and listens; stops cleanly on a signal. */
export async function serve(config: Config, logger: Logger): Promise<void> {
  const db = openDb(config);
  const writeSignal = startWriteSignal(db, {
    databaseUrl: config.databaseUrl ?? undefined,
    schema: config.databaseSchema ?? undefined,
    sqliteFile: config.sqliteFile,
    logger,
  });
  const app = createApp({ config, db, logger, writeSignal });
  const server = app.listen(config.port, () => {
    logger.info(
      `Innovatieprijs listening on ${config.baseUrl} (${config.databaseUrl ? 'PostgreSQL' : `SQLite ${config.sqliteFile}`}, process ${process.pid})`,
    );
  });
  // Mails the mail server refused are tried again when their moment comes (mail/outbox.ts); claiming a mail is
  // atomic, so several processes doing this never send one twice.
  const retryMail = setInterval(() => {
    outboxOf(app)
      .retryDue()
      .catch((err: unknown) => logger.error({ err }, 'mail retry round failed'));
  }, 60_000);
  retryMail.unref();
  const shutdown = (signal: string) => {
    clearInterval(retryMail);
    logger.info({ signal }, 'shutting down');
    server.close(
      () =>
        void backgroundOf(app)
          .settled()
          .then(() => writeSignal.stop())
          .then(() => db.destroy())
          .then(() => process.exit(0)),
    );
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
