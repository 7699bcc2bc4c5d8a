/**
 * Every change to the ranking after scoring closed is shown with what it moved (issue #12): an accepted late
 * conflict (late-conflicts.service.ts) and an organiser's conflict decision (jury/conflict.service.ts: decideConflict,
 * which gets this function from its route, so the jury domain does not import the results). The ranking is computed
 * under the edition's fixed rules before and after the change, inside the change's transaction, and compared by
 * moves.ts: the caller keeps the moves with its record and in its audit event.
 */
import type { Knex } from 'knex';
import type { Edition } from '../editions/edition.types';
import type { RankingMoves } from '../jury/jury.types';
import { rankingMoves } from './moves';
import { loadResultsData, rank } from './results.service';
import type { Results } from './results.types';

/** Runs `change` in `trx` and returns what it moved in the ranking; null when the edition cannot be ranked. */
export async function withRankingMoves(
  trx: Knex.Transaction,
  input: { edition: Edition; now: Date; change: () => Promise<unknown> },
): Promise<RankingMoves | null> {
  const ranked = async (): Promise<Results | null> => {
    const computed = rank(await loadResultsData(trx, input.edition, input.now));
    return computed.ok ? computed.value : null;
  };
  const before = await ranked();
  await input.change();
  const after = await ranked();
  return before && after ? rankingMoves(before, after) : null;
}

export type WithRankingMoves = typeof withRankingMoves;
