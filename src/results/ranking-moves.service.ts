/**
 * Every change to the ranking after scoring closed is shown with what it moved (issue #12): an accepted late
 * conflict (late-conflicts.service.ts), an organiser's conflict decision (jury/conflict.service.ts: decideConflict)
 * and a change to the edition's aggregation or minimum (editions/edition.service.ts: updateEdition). The last two get
 * this function from their route, so neither domain imports the results (which import them). The ranking is computed
 * under the edition's fixed rules before and after the change, inside the change's transaction, and compared by
 * moves.ts: the caller keeps the moves with its record and in its audit event.
 */
import type { Knex } from 'knex';
import { findEdition } from '../editions/edition.repo';
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
  // The edition is read again each time: a change to its rules (aggregation, minimum) is part of what moved.
  const ranked = async (): Promise<Results | null> => {
    const edition = (await findEdition(trx, input.edition.id)) ?? input.edition;
    const computed = rank(await loadResultsData(trx, edition, input.now));
    return computed.ok ? computed.value : null;
  };
  const before = await ranked();
  await input.change();
  const after = await ranked();
  return before && after ? rankingMoves(before, after) : null;
}

export type WithRankingMoves = typeof withRankingMoves;
