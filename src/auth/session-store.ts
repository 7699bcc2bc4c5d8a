import type { SessionData } from 'express-session';
import { ConnectSessionKnexStore } from 'connect-session-knex';
import type { GenerationCache } from '../shared/generation-cache';

type Options = ConstructorParameters<typeof ConnectSessionKnexStore>[0];

/**
 * The session table, with two savings on the path every logged-in request takes:
 * - the expiry moves forward at most once a minute per session. Sessions roll (eight hours after the last
 *   request), and the plain store wrote that new expiry on every page view: a write per read. A minute's slack on
 *   an eight-hour idle limit is harmless;
 * - a session read is kept in memory (shared/generation-cache.ts) as its JSON text, so every request still gets its
 *   own object, until any process writes a session, a user or a membership, or the session expires.
 */
export class ThrottledSessionStore extends ConnectSessionKnexStore {
  private readonly touchedAt = new Map<string, number>();

  constructor(
    options: Options,
    private readonly kept: GenerationCache<string, string>,
    private readonly touchEveryMs = 60_000,
  ) {
    super(options);
  }

  override async get(sid: string, callback?: (err: unknown, session?: SessionData | null) => void) {
    const hit = this.kept.get(sid);
    if (hit !== undefined) {
      const session = JSON.parse(hit) as SessionData;
      callback?.(null, session);
      return session;
    }
    try {
      const generation = this.kept.generation();
      const { knex, tableName } = this.options;
      const now = new Date();
      const row = (await knex.select('sess', 'expired').from(tableName!).where('sid', sid).first()) as
        { sess: string | object; expired: string | Date } | undefined;
      const expires = row ? new Date(row.expired).getTime() : 0;
      if (!row || expires < now.getTime()) {
        callback?.(null, null);
        return null;
      }
      const text = typeof row.sess === 'string' ? row.sess : JSON.stringify(row.sess);
      this.kept.set(sid, text, generation, expires);
      const session = JSON.parse(text) as SessionData;
      callback?.(null, session);
      return session;
    } catch (err) {
      callback?.(err);
      throw err;
    }
  }

  override async touch(sid: string, session: SessionData, callback?: () => void): Promise<void> {
    const now = Date.now();
    const last = this.touchedAt.get(sid);
    if (last !== undefined && now - last < this.touchEveryMs) return callback?.();
    if (this.touchedAt.size > 50_000) this.touchedAt.clear(); // only a hint: forgetting costs one extra write
    this.touchedAt.set(sid, now);
    return super.touch(sid, session, callback);
  }

  override async set(sid: string, session: SessionData, callback?: (err?: unknown) => void): Promise<void> {
    this.kept.delete(sid);
    return super.set(sid, session, callback);
  }

  override async destroy(sid: string, callback?: (err?: unknown) => void): Promise<number> {
    this.touchedAt.delete(sid);
    this.kept.delete(sid);
    return super.destroy(sid, callback);
  }
}
