import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import type { Express } from 'express';
import { backgroundOf, createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { openDb, runMigrations } from '../../src/db/db';
import { startWriteSignal } from '../../src/db/write-signal';
import { createMailer } from '../../src/mail/mailer';
import { FixedClock } from '../../src/shared/clock';
import pino from 'pino';
import { SmtpSink } from './smtp-sink';

export interface TestApp {
  app: Express;
  db: Knex;
  clock: FixedClock;
  sink: SmtpSink;
  config: Config;
  dir: string;
  dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

/**
 * A fresh world for one test file: its own migrated database (a SQLite file in a temp folder, or its own
 * PostgreSQL schema when TEST_DATABASE_URL is set), temp upload and mail folders, a real SMTP sink, and a
 * clock the test controls.
 */
export async function makeTestApp(
  options: {
    now?: Date;
    env?: Record<string, string>;
    /** Hear other processes' writes (db/write-signal.ts), as a served app does. */
    writeSignal?: boolean;
  } = {},
): Promise<TestApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'innovatieprijs-test-'));
  const sink = new SmtpSink();
  const smtpUrl = await sink.start();
  const pgUrl = process.env.TEST_DATABASE_URL;
  const schema = pgUrl ? `t_${randomBytes(6).toString('hex')}` : undefined;
  if (pgUrl && schema) {
    const admin = knexFactory({ client: 'pg', connection: pgUrl });
    await admin.raw(`create schema ${schema}`);
    await admin.destroy();
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    SQLITE_FILE: path.join(dir, 'test.sqlite'),
    DATABASE_URL: pgUrl ?? '',
    DATABASE_SCHEMA: schema ?? '',
    UPLOAD_DIR: path.join(dir, 'uploads'),
    MAIL_DIR: path.join(dir, 'mail'),
    SMTP_URL: smtpUrl,
    BASE_URL: 'http://127.0.0.1',
    SESSION_CLEANUP_MS: '0',
    ...options.env,
  });
  const db = openDb(config);
  await runMigrations(db);
  const clock = new FixedClock(options.now ?? new Date('2027-03-01T10:00:00Z'));
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const mailer = createMailer(config, logger);
  const writeSignal = options.writeSignal
    ? startWriteSignal(db, {
        databaseUrl: config.databaseUrl ?? undefined,
        schema: config.databaseSchema ?? undefined,
        sqliteFile: config.sqliteFile,
        logger,
      })
    : undefined;
  const app = createApp({ config, db, clock, mailer, logger, writeSignal });
  return {
    app,
    db,
    clock,
    sink,
    config,
    dir,
    dialect: pgUrl ? 'postgres' : 'sqlite',
    async close() {
      await backgroundOf(app).settled();
      await writeSignal?.stop();
      await db.destroy();
      await sink.stop();
      if (pgUrl && schema) {
        const admin = knexFactory({ client: 'pg', connection: pgUrl });
        await admin.raw(`drop schema if exists ${schema} cascade`);
        await admin.destroy();
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
