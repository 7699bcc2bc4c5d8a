import 'dotenv/config';
import cluster from 'node:cluster';
import os from 'node:os';
import pino from 'pino';
import { ConfigError, loadConfig } from './config';

/**
 * Entry point of `npm start`: several app processes on one machine. A first worker prepares (restore check,
 * migrations, upload tidy-up) and exits; then the primary forks WORKERS processes (default: one per core) that
 * share the port. The primary itself never loads the app — it only watches its workers — so it stays small
 * (about 40 MB instead of 125). Caches stay coherent across workers (db/write-signal.ts); rate limits are kept in
 * the database. A worker that dies is replaced, at most once a second.
 */
const PREPARE = 'IP_CLUSTER_PREPARE';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, redact: ['req.headers.cookie'] });
  if (cluster.isWorker) {
    const { prepare, serve } = await import('./startup.js');
    if (process.env[PREPARE]) process.exit((await prepare(config, logger)) ? 0 : 1);
    return serve(config, logger);
  }
  const prepared = await new Promise<number | null>((resolve) =>
    cluster.fork({ [PREPARE]: '1' }).on('exit', (code) => resolve(code)),
  );
  if (prepared !== 0) process.exit(1);
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
