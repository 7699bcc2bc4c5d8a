/**
 * View models of the juror's pages: the dashboard, an entry, the scoring form, and the abstain and declare forms.
 * Plain functions of what the loaders loaded, the user and the time; no HTTP here, so they are tested without it.
 */
import { entryAnswerRows } from '../entries/question.pages';
import type { AppContext } from '../context';
import { findEdition, listCategories, listCriteria } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { listAttachments } from '../attachments/attachment.repo';
import { listPartnerIds } from '../entries/entry.repo';
import { entryNumber } from '../entries/entry.service';
import type { EntrySummary } from '../entries/entry.types';
import { createDerivedCache } from '../http/derived-cache';
import { pageHref, paginate } from '../http/pagination';
import { pick } from '../i18n/pick';
import { findOrganisationById, findOrganisationsByIds } from '../organisations/organisation.repo';
import type { Organisation } from '../organisations/organisation.types';
import type { FieldError } from '../shared/result';
import { formatRemaining, type Lng } from '../shared/time';
import type { User } from '../users/user.types';
import { conflictTable } from './conflict.service';
import { listActiveEditionIds, listJurors } from './juror.repo';
import type { JuryEntry } from './jury.access';
import { loadOverview, type JuryOverview } from './jury.overview';
import type { PairState, SheetWithScores } from './jury.types';
import { findSheetWithScores, listSheets } from './score.repo';
import type { PostedSheet } from './score.service';
import {
  completion,
  isDeliberationOpen,
  isDone,
  isScoringOpen,
  mayDeclareConflict,
  pairState,
} from './scoring.rules';

type Deps = Pick<AppContext, 'db'>;

/** The jury pages load their own stylesheet (the scale, progress bars, state labels). */
export const JURY_STYLES = ['/assets/css/jury.css'];

/** Where scoring stands for an edition at `now`, as every juror page shows it (views/jury/_deadline.ejs). */
export function scoringStatus(edition: Edition, now: Date, lng: Lng) {
  return {
    stylesheets: JURY_STYLES,
    scoringOpen: isScoringOpen(edition, now),
    deliberation: isDeliberationOpen(edition, now),
    remaining: edition.scoringDeadline
      ? formatRemaining(edition.scoringDeadline.getTime() - now.getTime(), lng)
      : '',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The dashboard

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

/**
 * A juror's view of 500 entries (assignment, conflicts, sheet states) takes a few milliseconds to read and is
 * opened far more often than it changes: it is reused until anything is written. Deadlines are not part of it.
 * Make one per app (the router does), so all requests share it.
 */
export function cachedOverviews(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'writeGeneration'>,
): OverviewLoader {
  const cached = createDerivedCache<JuryOverview>({
    now: () => ctx.clock.now().getTime(),
    seconds: ctx.config.cacheSeconds,
    generation: ctx.writeGeneration,
    maxEntries: 50, // ~0.5 MB each at 500 entries: room for 50 jurors
  });
  return (edition, jurorId) =>
    cached(`${edition.id}:${edition.version}:${jurorId}`, () => loadOverview(ctx.db, edition, { jurorId }));
}

/** Per edition the juror sits on (newest first): the entries to score with their state, and the progress. */
export async function jurorDashboard(
  deps: Deps & { overviewOf?: OverviewLoader },
  input: { user: Pick<User, 'id'>; now: Date },
): Promise<DashboardEdition[]> {
  const overviewOf: OverviewLoader =
    deps.overviewOf ?? ((edition, jurorId) => loadOverview(deps.db, edition, { jurorId }));
  const { user, now } = input;
  const result: DashboardEdition[] = [];
  for (const editionId of await listActiveEditionIds(deps.db, user.id)) {
    const edition = await findEdition(deps.db, editionId);
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

/**
 * The juror's start page (/jury): per edition the entries of the chosen selection (`toon`), 50 a page (`pagina`),
 * with the count of each selection, the progress and the deadline. `query` is the page's query, kept in the links.
 */
export async function dashboardPage(
  deps: Deps & { overviewOf?: OverviewLoader },
  input: { user: Pick<User, 'id'>; now: Date; lng: Lng; query: Record<string, unknown> },
) {
  const filter = readDashboardFilter(input.query.toon);
  const editions = await jurorDashboard(deps, input);
  return {
    stylesheets: JURY_STYLES,
    filter,
    filters: DASHBOARD_FILTERS.map((f) => ({
      value: f,
      href: pageHref('/jury', f === 'alle' ? {} : { toon: f }, 1),
    })),
    hrefFor: (page: number) => pageHref('/jury', input.query, page),
    editions: editions.map((d) => {
      const shown = paginate(
        d.items.filter((i) => inFilter(i, filter)),
        input.query.pagina,
      );
      return {
        ...d,
        ...scoringStatus(d.edition, input.now, input.lng),
        counts: Object.fromEntries(
          DASHBOARD_FILTERS.map((f) => [f, d.items.filter((i) => inFilter(i, f)).length]),
        ) as Record<DashboardFilter, number>,
        pageInfo: shown,
        items: shown.items.map((i) => ({ ...i, number: entryNumber(d.edition, i.entry) })),
        conflicted: d.conflicted.map((e) => ({ ...e, number: entryNumber(d.edition, e) })),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// An entry, and the forms about it

/** The entry's category, attachments and (unless the edition judges blind) entrant and partners. */
async function entryDetails(deps: Deps, { edition, entry }: JuryEntry) {
  const categories = await listCategories(deps.db, edition.id);
  const category = categories.find((c) => c.id === entry.categoryId) ?? null;
  const attachments = await listAttachments(deps.db, entry.id);
  if (edition.blindJudging) return { category, attachments, organisation: null, partners: [] };
  const organisation = (await findOrganisationById(deps.db, entry.organisationId)) ?? null;
  const partners = await findOrganisationsByIds(deps.db, await listPartnerIds(deps.db, entry.id));
  return { category, attachments, organisation, partners };
}

/**
 * Other jurors' final and abstained sheets of an entry: only in deliberation, only of active jurors without a
 * conflict with it (and never for the viewing juror's own conflicts: the loader has already refused those).
 */
export async function deliberationSheets(
  deps: Deps,
  input: { juryEntry: Pick<JuryEntry, 'edition' | 'entry'>; now: Date },
): Promise<Array<SheetWithScores & { jurorName: string }>> {
  const { edition, entry } = input.juryEntry;
  if (!isDeliberationOpen(edition, input.now)) return [];
  const jurors = new Map(
    (await listJurors(deps.db, edition.id)).filter((j) => !j.revokedAt).map((j) => [j.userId, j]),
  );
  const sheets = (await listSheets(deps.db, { editionId: edition.id, entryId: entry.id })).filter(
    (s) => s.status !== 'draft' && jurors.has(s.jurorId),
  );
  const table = await conflictTable(deps.db, {
    editionId: edition.id,
    jurors: [...jurors.values()],
    entries: [entry],
  });
  return sheets
    .filter((s) => !table.isConflicted(s.jurorId, entry.id))
    .map((s) => ({ ...s, jurorName: jurors.get(s.jurorId)!.name }));
}

/** One entry as the juror reads it: its fields and attachments, their own state, in deliberation the jury's sheets. */
export async function entryPage(
  deps: Deps,
  input: { juryEntry: JuryEntry; user: Pick<User, 'id'>; now: Date; lng: Lng },
) {
  const { edition, entry, assigned } = input.juryEntry;
  return {
    ...scoringStatus(edition, input.now, input.lng),
    edition,
    entry,
    number: entryNumber(edition, entry),
    assigned,
    ...(await entryDetails(deps, input.juryEntry)),
    answers: await entryAnswerRows(deps, { edition, entry, lng: input.lng, forJuror: true }),
    sheet: await findSheetWithScores(deps.db, { jurorId: input.user.id, entryId: entry.id }),
    criteria: await listCriteria(deps.db, edition.id),
    others: await deliberationSheets(deps, input),
    mayDeclare: mayDeclareConflict(edition, input.now),
  };
}

/**
 * The scoring form (read-only when the sheet is final or abstained, or scoring is closed). Shown again after a
 * refused save with what was `posted` and the `errors`, each naming its criterion (the error summary lists them
 * without their fieldsets).
 */
export async function scorePage(
  deps: Deps,
  input: {
    juryEntry: JuryEntry;
    user: Pick<User, 'id'>;
    now: Date;
    lng: Lng;
    posted?: PostedSheet;
    errors?: FieldError[];
  },
) {
  const { edition, entry, assigned } = input.juryEntry;
  const sheet = await findSheetWithScores(deps.db, { jurorId: input.user.id, entryId: entry.id });
  const criteria = await listCriteria(deps.db, edition.id);
  const stored = new Map((sheet?.scores ?? []).map((s) => [s.criterionId, s]));
  const { posted } = input;
  const values: Record<string, string> = Object.fromEntries(
    criteria.flatMap((c) => {
      const s = stored.get(c.id);
      return [
        [
          `score_${c.id}`,
          posted?.scores.get(String(c.id)) ?? (s?.value === null || !s ? '' : String(s.value)),
        ],
        [`comment_${c.id}`, posted?.comments.get(String(c.id)) ?? s?.comment ?? ''],
      ];
    }),
  );
  values.motivation = posted?.motivation ?? sheet?.motivation ?? '';
  const names = new Map(criteria.map((c) => [c.id, pick(input.lng, c.nameNl, c.nameEn)]));
  const errors = (input.errors ?? []).map((e) =>
    e.params?.criterionId === undefined
      ? e
      : { ...e, params: { ...e.params, criterion: names.get(Number(e.params.criterionId)) } },
  );
  return {
    ...scoringStatus(edition, input.now, input.lng),
    edition,
    entry,
    number: entryNumber(edition, entry),
    assigned,
    sheet,
    criteria,
    values,
    errors,
  };
}

/** The abstain and declare forms: the entry they are about and where scoring stands. */
export function reasonPage(input: { juryEntry: JuryEntry; now: Date; lng: Lng }) {
  const { edition, entry } = input.juryEntry;
  return {
    ...scoringStatus(edition, input.now, input.lng),
    edition,
    entry,
    number: entryNumber(edition, entry),
  };
}
