import type { Knex } from 'knex';

/** Whether the database answers a trivial query; any failure (no connection, locked file) counts as no. */
export async function databaseAnswers(db: Knex): Promise<boolean> {
  try {
    await db.raw('select 1');
    return true;
  } catch {
    return false;
  }
}
