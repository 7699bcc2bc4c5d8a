import type { Knex } from 'knex';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { findPasswordHash, findUserByEmail, findUserById } from '../users/user.repo';
import { verifyPassword } from './password';

/**
 * The session holds only "<user id>:<session version>". The user is read from the database on every request, so
 * a deactivated account or a changed password ends its other sessions at once.
 */
export function createPassport(db: Knex): InstanceType<typeof Passport> {
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
    const [id, version] = String(key).split(':').map(Number);
    findUserById(db, id ?? 0).then(
      (user) => done(null, user && user.active && user.sessionVersion === version ? user : false),
      (err) => done(err),
    );
  });
  return passport;
}
