import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import { TOPIC_TABLES, type CountedTopic, type WriteSignal } from '../db/write-signal';

/** A session's expiry moving forward (connect-session-knex's `touch`): no one's identity or rights change. */
const SESSION_TOUCH = /^\s*update\s+[`"]?sessions[`"]?\s+set\s+[`"]?expired[`"]?\s*=\s*(\?|\$\d+)\s+where/i;
const IDENTITY_SQL = new RegExp(`\\b(${TOPIC_TABLES.identity.join('|')})\\b`);
const REFERENCE_SQL = new RegExp(`\\b(${TOPIC_TABLES.reference.join('|')})\\b`);

/**
 * Counters that move when data may have changed, so what a process keeps in memory can tell whether it may
 * still be used:
 * - `current`, the data generation: every request that may write (anything but GET/HEAD) and every statement
 *   that is not a read, except the session bookkeeping. Caches of derived data (rankings, overviews, public pages)
 *   compare against it, and also expire by time.
 * - `identity`: every statement that writes users, memberships or sessions (but not a session's expiry moving
 *   forward). The kept sessions and users (shared/generation-cache.ts) compare against it, so a score saved does not
 *   make every logged-in page read its user again, while a deactivation is seen by the next request.
 * - `reference`: every statement that writes editions, categories, criteria, organisations or their owners, for
 *   the reference data kept per process (db/reference-cache.ts).
 * Writes of other processes on the same database arrive through `follow` (db/write-signal.ts).
 */
export function createWriteCounter(): {
  middleware: RequestHandler;
  current: () => number;
  identity: () => number;
  reference: () => number;
  watch: (db: Knex) => void;
  follow: (signal: Pick<WriteSignal, 'onWrite' | 'healthy' | 'check'>) => void;
} {
  let generation = 0;
  const counted: Record<CountedTopic, number> = { identity: 0, reference: 0 };
  let external: Pick<WriteSignal, 'healthy' | 'check'> | null = null;
  const countedGeneration = (topic: CountedTopic) => () => {
    if (!external) return counted[topic];
    external.check();
    return external.healthy() ? counted[topic] : ++counted[topic];
  };
  return {
    // While the signal from other processes cannot be trusted, every lookup is a miss: a new generation each time.
    current: () => (external && !external.healthy() ? ++generation : generation),
    identity: countedGeneration('identity'),
    reference: countedGeneration('reference'),
    /** Writes committed by other processes (db/write-signal.ts) move the counters too. */
    follow(signal) {
      external = signal;
      signal.onWrite((topic) => (topic === 'data' ? generation++ : counted[topic]++));
    },
    /**
     * Also counts what the database itself sees: every statement that is not a read. A request whose client went
     * away fires 'close' before its transaction commits, and a GET handler may write too; this catches both. On
     * SQLite the one connection makes other requests' reads wait until the commit, so a value read meanwhile is
     * read after it. (On PostgreSQL a read that starts between a transaction's last statement and its commit could
     * still be kept until the signal delivers the commit, which is why the identity cache needs the signal there.)
     */
    watch(db) {
      db.on('query-response', (_response: unknown, query: { sql?: string }) => {
        const sql = query.sql ?? '';
        if (/^\s*(select|pragma)\b/i.test(sql)) return;
        const touchesIdentity = IDENTITY_SQL.exec(sql);
        if (touchesIdentity?.[1] === 'sessions') {
          if (!SESSION_TOUCH.test(sql)) counted.identity++;
          return;
        }
        generation++;
        if (touchesIdentity) counted.identity++;
        if (REFERENCE_SQL.test(sql)) counted.reference++;
      });
    },
    middleware: (req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        generation++; // before the change, so a page computed meanwhile is not reused…
        // …and after it, so one computed during the change is not either. 'finish' comes as the response is handed
        // over (before the client can act on it); 'close' also covers a request that was cut off.
        res.on('finish', () => generation++);
        res.on('close', () => generation++);
      }
      next();
    },
  };
}
