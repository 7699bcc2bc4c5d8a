/**
 * View models of the organiser's jury pages of an edition: the jury, the juror form, the conflicts of interest and
 * one pair, the assignment and the progress. Plain functions of the loaded edition (and records); no HTTP here.
 */
import type { AppContext } from '../context';
import type { Edition } from '../editions/edition.types';
import { entryNumber } from '../entries/entry.service';
import type { Entry } from '../entries/entry.types';
import { findOrganisationsByIds } from '../organisations/organisation.repo';
import { organisationsByType } from '../organisations/organisation.service';
import { ORGANISATION_TYPES, type Organisation } from '../organisations/organisation.types';
import { listJurors } from './juror.repo';
import { entriesBelowMinimum, loadOverview, progress, shortfalls } from './jury.overview';
import { JURY_STYLES } from './jury.pages';
import type { EditionJuror } from './jury.types';
import { isScoringOpen } from './scoring.rules';

type Deps = Pick<AppContext, 'db'>;

/** The tabs of the jury sub-navigation (views/jury/admin/_nav.ejs). */
export type JuryTab = 'jurors' | 'conflicts' | 'assignment' | 'progress';

/** What every organiser's jury page shows around its content: the edition and the sub-navigation. */
export function juryAdminFrame(edition: Edition, juryTab: JuryTab) {
  return { stylesheets: JURY_STYLES, edition, juryTab };
}

function jurorOrgIds(jurors: EditionJuror[]): number[] {
  return jurors.flatMap((j) => [
    ...(j.employerId === null ? [] : [j.employerId]),
    ...j.ties.map((t) => t.organisationId),
  ]);
}

/** The jury of an edition (revoked seats too), with the organisations of their employers and ties by id. */
export async function juryListPage(deps: Deps, input: { edition: Edition }) {
  const jurors = await listJurors(deps.db, input.edition.id);
  const organisations: Map<number, Organisation> = new Map(
    (await findOrganisationsByIds(deps.db, [...new Set(jurorOrgIds(jurors))])).map((o) => [o.id, o]),
  );
  return { ...juryAdminFrame(input.edition, 'jurors'), jurors, organisations };
}

/** The form to add a juror (no `juror`) or change one's job, employer and ties: the register by type to choose from. */
export async function jurorFormPage(deps: Deps, input: { edition: Edition; juror?: EditionJuror }) {
  const groups = await organisationsByType(deps);
  return {
    ...juryAdminFrame(input.edition, 'jurors'),
    juror: input.juror ?? null,
    groups: ORGANISATION_TYPES.map((type) => ({ type, organisations: groups[type] })),
  };
}

/** A seat's details as the edit form shows them first. */
export function jurorFormValues(juror: EditionJuror) {
  return {
    jobTitle: juror.jobTitle,
    employerId: juror.employerId === null ? '' : String(juror.employerId),
    employerName: juror.employerName,
    tiesMember: juror.ties.filter((t) => t.kind === 'member').map((t) => String(t.organisationId)),
    tiesBoard: juror.ties.filter((t) => t.kind === 'board').map((t) => String(t.organisationId)),
  };
}

/** Every pair with a conflict (or a decision) and why; the jurors and entries to add one by hand. */
export async function conflictsPage(deps: Deps, input: { edition: Edition }) {
  const { edition } = input;
  const overview = await loadOverview(deps.db, edition);
  const pairs = overview.conflicts.notablePairs(
    overview.jurors.map((j) => j.userId),
    overview.entries.map((e) => e.id),
  );
  const jurors = new Map(overview.jurors.map((j) => [j.userId, j]));
  const entries = new Map(overview.entries.map((e) => [e.id, e]));
  return {
    ...juryAdminFrame(edition, 'conflicts'),
    rows: pairs.map((p) => ({
      juror: jurors.get(p.jurorId)!,
      entry: entries.get(p.entryId)!,
      number: entryNumber(edition, entries.get(p.entryId)!),
      conflict: overview.conflicts.get(p.jurorId, p.entryId),
    })),
    organisations: overview.conflicts.organisations,
    jurors: overview.jurors,
    entries: overview.entries.map((e) => ({ ...e, number: entryNumber(edition, e) })),
  };
}

/**
 * One juror × entry pair: whether it is a conflict and why, from the same computation as the conflicts page (the
 * whole edition's, so both pages always agree).
 */
export async function conflictPage(
  deps: Deps,
  input: { edition: Edition; juror: EditionJuror; entry: Entry },
) {
  const { edition, juror, entry } = input;
  const overview = await loadOverview(deps.db, edition);
  return {
    ...juryAdminFrame(edition, 'conflicts'),
    juror,
    entry,
    number: entryNumber(edition, entry),
    entrant: overview.conflicts.organisations.get(entry.organisationId) ?? null,
    conflict: overview.conflicts.get(juror.userId, entry.id),
    organisations: overview.conflicts.organisations,
  };
}

/**
 * The assignment: its settings (as stored, unless a refused form's `values` are shown again), entries short of
 * jurors, and the juror × entry matrix, as stored or as `checked` in a refused hand change ("jurorId:entryId").
 */
export async function assignmentPage(
  deps: Deps,
  input: { edition: Edition; values?: Record<string, unknown>; checked?: ReadonlySet<string> },
) {
  const { edition, checked } = input;
  const overview = await loadOverview(deps.db, edition);
  const { settings } = overview;
  return {
    ...juryAdminFrame(edition, 'assignment'),
    settings,
    values: input.values ?? {
      mode: settings.mode,
      jurorsPerEntry: String(settings.jurorsPerEntry),
      maxLoad: settings.maxLoad === null ? '' : String(settings.maxLoad),
      seed: settings.seed,
    },
    jurors: overview.jurors,
    entries: overview.entries.map((e) => ({ ...e, number: entryNumber(edition, e) })),
    shortfalls: shortfalls(overview).map((s) => ({ ...s, number: entryNumber(edition, s.entry) })),
    belowMinimum: entriesBelowMinimum(overview, edition.minScores).map((b) => ({
      ...b,
      number: entryNumber(edition, b.entry),
    })),
    organisations: overview.conflicts.organisations,
    cell: (jurorId: number, entryId: number) => ({
      conflicted: overview.conflicts.isConflicted(jurorId, entryId),
      assigned: checked ? checked.has(`${jurorId}:${entryId}`) : overview.isAssigned(jurorId, entryId),
      started: overview.sheet(jurorId, entryId) !== undefined,
    }),
    load: (jurorId: number) => overview.entries.filter((e) => overview.isAssigned(jurorId, e.id)).length,
  };
}

/** The juror × entry progress matrix with completion per juror, per entry and overall; who gets a reminder. */
export async function progressPage(deps: Deps, input: { edition: Edition; now: Date }) {
  const { edition } = input;
  const overview = await loadOverview(deps.db, edition);
  const result = progress(overview);
  return {
    ...juryAdminFrame(edition, 'progress'),
    jurors: overview.jurors,
    progress: {
      ...result,
      rows: result.rows.map((r) => ({ ...r, number: entryNumber(edition, r.entry) })),
    },
    scoringOpen: isScoringOpen(edition, input.now),
  };
}
