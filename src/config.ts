import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from './shared/paths';

/** Everything the app reads from the environment, validated once at start-up. */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  baseUrl: string;
  sessionSecret: string;
  /** True when the secret was generated for this process: sessions end when it restarts. */
  sessionSecretGenerated: boolean;
  sqliteFile: string;
  /** SQLite's `synchronous` setting in WAL mode (README, "Durability"): NORMAL by default, FULL on request. */
  sqliteSynchronous?: 'NORMAL' | 'FULL';
  databaseUrl: string | null;
  /** PostgreSQL schema to use (tests run each file in its own schema). */
  databaseSchema: string | null;
  uploadDir: string;
  mailDir: string;
  smtpUrl: string | null;
  mailFrom: string;
  trustProxy: boolean | number | string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Interval for deleting expired sessions; 0 turns it off (tests). */
  sessionCleanupMs: number;
  /**
   * How long derived data (a computed ranking, a public page for anonymous visitors) may be reused while nothing
   * was written through this process; 0 turns the caches off (tests).
   */
  cacheSeconds: number;
  /**
   * How long a process may keep a session and its user between requests; any write to users, memberships or
   * sessions by any process forgets them sooner. 0 reads both from the database on every request.
   */
  identityCacheSeconds: number;
}

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

const envSchema = z.object({
  NODE_ENV: z.preprocess(
    emptyToUndefined,
    z.enum(['development', 'production', 'test']).default('development'),
  ),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  BASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  SESSION_SECRET: optionalString.refine((s) => s === undefined || s.length >= 32, {
    message: 'must be at least 32 characters (e.g. `openssl rand -hex 32`)',
  }),
  SQLITE_FILE: optionalString,
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//)
      .optional(),
  ),
  DATABASE_SCHEMA: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/)
      .optional(),
  ),
  UPLOAD_DIR: optionalString,
  MAIL_DIR: optionalString,
  SMTP_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^smtps?:\/\//)
      .optional(),
  ),
  MAIL_FROM: z.preprocess(
    emptyToUndefined,
    z.string().default('Innovatieprijs <noreply@innovatieprijs.local>'),
  ),
  TRUST_PROXY: optionalString,
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  SESSION_CLEANUP_MS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number()
      .int()
      .min(0)
      .default(15 * 60 * 1000),
  ),
  CACHE_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(3600).optional()),
  SQLITE_SYNCHRONOUS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim().toUpperCase() : undefined),
    z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  ),
  IDENTITY_CACHE_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(300).default(30)),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** TRUST_PROXY as Express understands it: true/false, a hop count, or a list of addresses. */
function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new ConfigError(
      'Invalid configuration:\n  SESSION_SECRET: required in production (at least 32 characters)',
    );
  }
  const root = projectRoot();
  const dataDir = path.join(root, 'data');
  const port = e.PORT;
  return {
    env: e.NODE_ENV,
    port,
    baseUrl: (e.BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    sessionSecret: e.SESSION_SECRET ?? randomBytes(32).toString('hex'),
    sessionSecretGenerated: !e.SESSION_SECRET,
    sqliteFile: path.resolve(root, e.SQLITE_FILE ?? path.join(dataDir, 'innovatieprijs.sqlite')),
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    databaseUrl: e.DATABASE_URL ?? null,
    databaseSchema: e.DATABASE_SCHEMA ?? null,
    uploadDir: path.resolve(root, e.UPLOAD_DIR ?? 'uploads'),
    mailDir: path.resolve(root, e.MAIL_DIR ?? path.join(dataDir, 'mail')),
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    logLevel: e.NODE_ENV === 'test' && !env.LOG_LEVEL ? 'silent' : e.LOG_LEVEL,
    sessionCleanupMs: e.SESSION_CLEANUP_MS,
    cacheSeconds: e.CACHE_SECONDS ?? (e.NODE_ENV === 'test' ? 0 : 60),
    identityCacheSeconds: e.IDENTITY_CACHE_SECONDS,
  };
}
