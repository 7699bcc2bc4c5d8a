import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';

/**
 * A store for express-rate-limit (and express-slow-down) in the app's database, so a limit holds across every app
 * process on it. One statement per hit (an upsert that also starts a new window when the old one ended), on the
 * app's clock so tests can move time.
 */
export class DbRateLimitStore implements Store {
  localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly db: Knex,
    readonly prefix: string,
    private readonly now: () => number,
    windowMs?: number,
  ) {
    if (windowMs) this.windowMs = windowMs;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  /**
   * The stored key: the limit's name and a hash of what it counts (an address, an e-mail address as typed). Hashed so
   * any input fits the column on both databases (PostgreSQL refuses a NUL byte in text) and the table holds no
   * e-mail addresses.
   */
  private key(key: string): string {
    return `${this.prefix}:${createHash('sha256').update(key).digest('base64url')}`;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await this.db('rate_limits')
      .where({ key: this.key(key) })
      .first();
    if (!row || Number(row.reset_at) <= this.now()) return undefined;
    return { totalHits: Number(row.hits), resetTime: new Date(Number(row.reset_at)) };
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = this.now();
    const reset = now + this.windowMs;
    const result = await this.db.raw(
      `insert into rate_limits (key, hits, reset_at) values (?, 1, ?)
       on conflict (key) do update set
         hits = case when rate_limits.reset_at <= ? then 1 else rate_limits.hits + 1 end,
         reset_at = case when rate_limits.reset_at <= ? then ? else rate_limits.reset_at end
       returning hits, reset_at`,
      [this.key(key), reset, now, now, reset],
    );
    const row = (Array.isArray(result) ? result[0] : result.rows[0]) as { hits: unknown; reset_at: unknown };
    // Now and then, forget counters whose window ended long ago.
    if (Math.random() < 0.01)
      await this.db('rate_limits')
        .where('reset_at', '<', now - 3_600_000)
        .del();
    return { totalHits: Number(row.hits), resetTime: new Date(Number(row.reset_at)) };
  }

  async decrement(key: string): Promise<void> {
    await this.db('rate_limits')
      .where({ key: this.key(key) })
      .where('hits', '>', 0)
      .decrement('hits', 1);
  }

  async resetKey(key: string): Promise<void> {
    await this.db('rate_limits')
      .where({ key: this.key(key) })
      .del();
  }
}
