import 'dotenv/config';
import pino from 'pino';
import { ConfigError, loadConfig } from './config';
import { prepare, serve } from './startup';

/** Entry point of one app process: config → prepare (restore check, migrations, upload tidy-up) → serve. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, redact: ['req.headers.cookie'] });
  if (!(await prepare(config, logger))) process.exit(1);
  await serve(config, logger);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
