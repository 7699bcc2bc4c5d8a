import 'dotenv/config';
import cluster from 'node:cluster';
import os from 'node:os';
import pino from 'pino';
import { ConfigError, loadConfig } from './config';
import { prepare, serve } from './startup';

/**
 * Entry point for several app processes on one machine (`npm run start:cluster`): the primary prepares once
 * (restore check, migrations, upload tidy-up), then forks WORKERS processes (default: one per core) that share
 * the port. Caches stay coherent across them (db/write-signal.ts); rate limits are kept in the database. A worker
 * that dies is replaced, at most once a second.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, redact: ['req.headers.cookie'] });
  if (cluster.isWorker) return serve(config, logger);
  if (!(await prepare(config, logger))) process.exit(1);
  const workers = Math.max(1, Number(process.env.WORKERS) || os.availableParallelism());
  logger.info({ workers }, 'starting workers');
  for (let i = 0; i < workers; i++) cluster.fork();
  let stopping = false;
  let lastFork = 0;
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.warn({ pid: worker.process.pid, code, signal }, 'worker stopped; starting another');
    const wait = Math.max(0, lastFork + 1000 - Date.now());
    lastFork = Date.now() + wait;
    setTimeout(() => cluster.fork(), wait);
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    setTimeout(() => process.exit(0), 11_000).unref();
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
