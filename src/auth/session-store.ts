import type { SessionData } from 'express-session';
import { ConnectSessionKnexStore } from 'connect-session-knex';

/**
 * The session table, with the expiry moved forward at most once a minute per session. Sessions roll (eight hours
 * after the last request), and the plain store wrote that new expiry to the database on every page view: a write
 * per read, the most expensive part of a small page. A minute's slack on an eight-hour idle limit is harmless.
 */
export class ThrottledSessionStore extends ConnectSessionKnexStore {
  private readonly touchedAt = new Map<string, number>();

  constructor(
    options: ConstructorParameters<typeof ConnectSessionKnexStore>[0],
    private readonly touchEveryMs = 60_000,
  ) {
    super(options);
  }

  override async touch(sid: string, session: SessionData, callback?: () => void): Promise<void> {
    const now = Date.now();
    const last = this.touchedAt.get(sid);
    if (last !== undefined && now - last < this.touchEveryMs) return callback?.();
    if (this.touchedAt.size > 50_000) this.touchedAt.clear(); // only a hint: forgetting costs one extra write
    this.touchedAt.set(sid, now);
    return super.touch(sid, session, callback);
  }

  override async destroy(sid: string, callback?: (err?: unknown) => void): Promise<number> {
    this.touchedAt.delete(sid);
    return super.destroy(sid, callback);
  }
}
