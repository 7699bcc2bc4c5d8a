import type { i18n } from 'i18next';
import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Outbox } from './mail/outbox';
import type { Clock } from './shared/clock';
import type { BackgroundWork } from './shared/background-work';

/** What route factories and services need from the outside world; built once in createApp. */
export interface AppContext {
  config: Config;
  db: Knex;
  /** Sends mail by recording it in the outbox first (mail/outbox.ts). */
  mailer: Outbox;
  clock: Clock;
  i18n: i18n;
  logger: Logger;
  /** Moves on every request that may write; caches of derived data compare against it. */
  writeGeneration: () => number;
  /** Work started after the answer went out; closing waits for it. */
  background: BackgroundWork;
  /** On a public page's route: lets anonymous visitors get it from memory (see http/page-cache.ts). */
  publicPage: RequestHandler;
}
