/** The juror's start page: per edition they sit on, the entries to score with their state and progress. */
import type { Knex } from 'knex';
import { findEdition } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import type { EntrySummary } from '../entries/entry.types';
import type { Organisation } from '../organisations/organisation.types';
import type { User } from '../users/user.types';
import { listActiveEditionIds } from './juror.repo';
import { loadOverview, type JuryOverview } from './jury.overview';
import type { PairState } from './jury.types';
import { completion, isDeliberationOpen, isDone, isScoringOpen, pairState } from './scoring.rules';

export interface DashboardItem {
  entry: EntrySummary;
  /** The entrant, for its display name; the view leaves it out in blind mode. */
  entrant: Organisation | undefined;
  state: PairState;
  /** False only in deliberation, for entries the juror may read but did not score. */
  assigned: boolean;
}

export interface DashboardEdition {
  edition: Edition;
  scoringOpen: boolean;
  deliberation: boolean;
  items: DashboardItem[];
  /** Entries the juror may not score because of a conflict of interest: named, never linked. */
  conflicted: EntrySummary[];
  completion: ReturnType<typeof completion>;
}

/** Reads a juror's overview of an edition; the route may pass a cached one (it does not depend on the time). */
export type OverviewLoader = (edition: Edition, jurorId: number) => Promise<JuryOverview>;

export async function jurorDashboard(
  db: Knex,
  user: User,
  now: Date,
  overviewOf: OverviewLoader = (edition, jurorId) => loadOverview(db, edition, { jurorId }),
): Promise<DashboardEdition[]> {
  const result: DashboardEdition[] = [];
  for (const editionId of await listActiveEditionIds(db, user.id)) {
    const edition = await findEdition(db, editionId);
    if (!edition) continue;
    const overview = await overviewOf(edition, user.id);
    const deliberation = isDeliberationOpen(edition, now);
    const items: DashboardItem[] = [];
    const conflicted: EntrySummary[] = [];
    for (const entry of overview.entries) {
      const assigned = overview.isAssigned(user.id, entry.id);
      if (!assigned && !deliberation) continue;
      if (overview.conflicts.isConflicted(user.id, entry.id)) {
        conflicted.push(entry);
        continue;
      }
      const status = overview.sheet(user.id, entry.id)?.status ?? null;
      items.push({
        entry,
        entrant: overview.conflicts.organisations.get(entry.organisationId),
        assigned,
        state: pairState({ conflicted: false, status }),
      });
    }
    result.push({
      edition,
      scoringOpen: isScoringOpen(edition, now),
      deliberation,
      items,
      conflicted,
      completion: completion(items.filter((i) => i.assigned).map((i) => i.state)),
    });
  }
  return result;
}

/** The dashboard's selections (query `toon`): everything, what the juror still has to do, what is finished. */
export const DASHBOARD_FILTERS = ['alle', 'te-doen', 'klaar'] as const;
export type DashboardFilter = (typeof DASHBOARD_FILTERS)[number];

export function readDashboardFilter(raw: unknown): DashboardFilter {
  return (DASHBOARD_FILTERS as readonly unknown[]).includes(raw) ? (raw as DashboardFilter) : 'alle';
}

/** Entries read in deliberation but not assigned count as neither to do nor done. */
export function inFilter(item: Pick<DashboardItem, 'assigned' | 'state'>, filter: DashboardFilter): boolean {
  if (filter === 'alle') return true;
  if (!item.assigned) return false;
  return filter === 'klaar' ? isDone(item.state) : !isDone(item.state);
}
