/**
 * What moved in a ranking between two computations, pure: the winner before and after, and every entry whose rank
 * changed (listed by its rank before; entries that left or joined the ranking have null on that side).
 */
import type { RankingMoves } from '../jury/late-conflict.repo';
import type { Results } from './results.types';

function ranks(results: Results): Map<number, number> {
  const map = new Map<number, number>();
  for (const row of results.rows) if (row.status === 'ranked') map.set(row.entryId, row.standing.rank);
  return map;
}

export function rankingMoves(before: Results, after: Results): RankingMoves {
  const was = ranks(before);
  const now = ranks(after);
  const ids = [...new Set([...was.keys(), ...now.keys()])];
  const moved = ids
    .map((entryId) => ({ entryId, before: was.get(entryId) ?? null, after: now.get(entryId) ?? null }))
    .filter((move) => move.before !== move.after)
    .sort(
      (a, b) =>
        (a.before ?? Number.MAX_SAFE_INTEGER) - (b.before ?? Number.MAX_SAFE_INTEGER) ||
        (a.after ?? Number.MAX_SAFE_INTEGER) - (b.after ?? Number.MAX_SAFE_INTEGER) ||
        a.entryId - b.entryId,
    );
  return {
    winnerBefore: before.robustness.winnerEntryId,
    winnerAfter: after.robustness.winnerEntryId,
    moved,
  };
}
