import type { Knex } from 'knex';
import type { Phase } from '../../src/editions/phase';

/**
 * Test fixtures only: puts an edition straight into a phase, past the phase machine (edition.service:
 * applyPhaseMove), so a test about judging or results need not walk an edition through every earlier phase. The
 * app itself never writes the phase any other way than through the machine.
 */
export async function forcePhaseForTest(db: Knex, editionId: number, phase: Phase, now: Date): Promise<void> {
  await db('editions').where({ id: editionId }).update({ phase, updated_at: now }).increment('version', 1);
}
