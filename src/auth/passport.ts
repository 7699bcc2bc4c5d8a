import type { Knex } from 'knex';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { findPasswordHash, findUserByEmail, findUserById } from '../users/user.repo';
import type { User } from '../users/user.types';
import { verifyPassword } from './password';
import type { GenerationCache } from '../shared/generation-cache';

/**
 * The session holds only "<user id>:<session version>". The user is kept per process (shared/generation-cache.ts)
 * until any process writes a user, membership or session, so a deactivated account or a changed password still
 * ends its other sessions with the next request.
 */
export function createPassport(db: Knex, kept: GenerationCache<number, User>): InstanceType<typeof Passport> {
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, (email, password, done) => {
      (async () => {
        const user = await findUserByEmail(db, email);
        const hash = user?.active ? await findPasswordHash(db, user.id) : null;
        // Always verify (against a dummy hash when there is no account): same answer and same time for all.
        const ok = await verifyPassword(hash, password);
        return ok && user ? user : false;
      })().then(
        (user) => done(null, user),
        (err) => done(err),
      );
    }),
  );
  passport.serializeUser((user, done) => done(null, `${user.id}:${user.sessionVersion}`));
  passport.deserializeUser((key: unknown, done) => {
    const [id = 0, version] = String(key).split(':').map(Number);
    const valid = (user: User | undefined) =>
      user && user.active && user.sessionVersion === version ? user : false;
    const hit = kept.get(id);
    if (hit) return done(null, valid(hit));
    const generation = kept.generation();
    findUserById(db, id).then(
      (user) => {
        // Shared by every request of this user until it is forgotten: frozen, so no handler can change it.
        if (user) kept.set(id, deepFreeze(user), generation);
        done(null, valid(user));
      },
      (err) => done(err),
    );
  });
  return passport;
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value))
    if (inner && typeof inner === 'object' && !(inner instanceof Date)) deepFreeze(inner as object);
  return Object.freeze(value);
}
