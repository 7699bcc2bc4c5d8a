import type { Knex } from 'knex';
import type { Phase } from '../../src/editions/phase';
import { findEdition } from '../../src/editions/edition.repo';
import { editionFormValues } from '../../src/editions/edition.pages';
import type { Browser } from './agent';

/**
 * Test fixtures only: puts an edition straight into a phase, past the phase machine (edition.service:
 * applyPhaseMove), so a test about judging or results need not walk an edition through every earlier phase. The
 * app itself never writes the phase any other way than through the machine.
 */
export async function forcePhaseForTest(db: Knex, editionId: number, phase: Phase, now: Date): Promise<void> {
  await db('editions').where({ id: editionId }).update({ phase, updated_at: now }).increment('version', 1);
}

/** The edition form as stored, as a browser would post it, with `changes`; sent by `browser` (an organiser). */
export async function postEditionForm(
  t: { db: Knex },
  browser: Browser,
  editionId: number,
  changes: Record<string, string>,
) {
  const stored = (await findEdition(t.db, editionId))!;
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(editionFormValues(stored))) {
    if (value === false || value === null || value === undefined) continue;
    if (value === true) fields[key] = 'on';
    else if (Array.isArray(value)) fields[key] = value.map(String);
    else if (typeof value === 'object') continue;
    else fields[key] = String(value);
  }
  const page = `/admin/editions/${editionId}/edit`;
  return browser.submit(page, page, { ...fields, ...changes });
}
