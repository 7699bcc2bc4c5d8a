import 'dotenv/config';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { openDb, runMigrations } from '../src/db/db';
import { recordAudit } from '../src/audit/audit.repo';
import { createToken } from '../src/auth/token.repo';
import { findUserByEmail, insertUser } from '../src/users/user.repo';
import { z } from 'zod';

/**
 * `npm run admin:create -- --email a@b.nl [--name "Naam"]`: creates an organiser account without a password and
 * prints a one-time link (valid 7 days) to set one, so no password ever appears on a command line.
 */
async function main() {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
  const email = z.email().safeParse(values.email?.trim());
  if (!email.success)
    throw new Error('Usage: npm run admin:create -- --email organiser@example.nl [--name "Full Name"]');
  const config = loadConfig();
  const db = openDb(config);
  try {
    await runMigrations(db);
    if (await findUserByEmail(db, email.data))
      throw new Error(`An account for ${email.data} already exists.`);
    const now = new Date();
    const token = await db.transaction(async (trx) => {
      const userId = await insertUser(trx, {
        email: email.data,
        name: values.name?.trim() || email.data,
        role: 'admin',
        passwordHash: null,
        now,
      });
      await recordAudit(trx, {
        actorUserId: null,
        action: 'user.create_admin_cli',
        subjectType: 'user',
        subjectId: userId,
        after: { email: email.data },
        at: now,
      });
      return createToken(trx, { userId, purpose: 'invite', now });
    });
    console.log(`Organiser account created for ${email.data}.`);
    console.log(`Set the password within 7 days at: ${config.baseUrl}/password/set/${token}`);
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
