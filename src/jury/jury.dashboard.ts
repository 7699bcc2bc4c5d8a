/** The juror's start page: per edition they sit on, the entries to score with their state and progress. */
import type { Knex } from 'knex';
import { findEdition } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import type { EntryListItem } from '../entries/entry.types';
import type { Organisation } from '../organisations/organisation.types';
import type { User } from '../users/user.types';
import { listActiveEditionIds } from './juror.repo';
import { loadOverview } from './jury.overview';
import type { PairState } from './jury.types';
import { completion, isDeliberationOpen, isScoringOpen, pairState } from './scoring.rules';

export interface DashboardItem {
  entry: EntryListItem;
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
  conflicted: EntryListItem[];
  completion: ReturnType<typeof completion>;
}

export async function jurorDashboard(db: Knex, user: User, now: Date): Promise<DashboardEdition[]> {
  const result: DashboardEdition[] = [];
  for (const editionId of await listActiveEditionIds(db, user.id)) {
    const edition = await findEdition(db, editionId);
    if (!edition) continue;
    const overview = await loadOverview(db, edition, { jurorId: user.id });
    const deliberation = isDeliberationOpen(edition, now);
    const items: DashboardItem[] = [];
    const conflicted: EntryListItem[] = [];
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
