/**
 * View models of the edition pages: the organisers' list, overview, settings form, criteria and categories, and the
 * public call, home page and archive. Built from loaded records and the clock; no HTTP here, so they can be tested
 * without it.
 */
import type { AppContext } from '../context';
import { pick, localeOf } from '../i18n/pick';
import { listAnnouncedWinners } from '../results/results.repo';
import { AGGREGATIONS } from '../results/results.types';
import { plainTextToHtml } from '../shared/plain-text';
import { formatRemaining, TIME_ZONE, toLocalDateTimeInput, type Lng } from '../shared/time';
import { isSetupNeeded } from '../users/user.service';
import { findCurrentEdition, listCategories, listCriteria, listEditions } from './edition.repo';
import { CRITERION_FIELDS, type CategoryRow, type CriterionRow } from './edition.schemas';
import { defaultSettings, publishProblems } from './edition.service';
import {
  ATTACHMENT_TYPES,
  ORGANISATION_TYPES,
  type Category,
  type Criterion,
  type Edition,
  type EditionSettings,
} from './edition.types';
import {
  acceptsEntries,
  effectivePhase,
  isBeforeOpening,
  isPublished,
  nextPhase,
  nextScheduledChange,
  PHASES,
  phaseIndex,
  type Phase,
} from './phase';

type Deps = Pick<AppContext, 'db'>;

/** Empty rows under a criteria or categories list, for adding new ones without JavaScript. */
const BLANK_ROWS = 2;

// ——— Organisers ———

/** All editions, newest first, each with the phase it is in now. */
export async function editionListPage(deps: Deps, input: { now: Date }) {
  const editions = await listEditions(deps.db);
  return { editions: editions.map((e) => ({ ...e, effectivePhase: effectivePhase(e, input.now) })) };
}

export interface EditionOverview {
  edition: Edition;
  phase: Phase;
  /** The phase a forward move goes to; null after `announced`. */
  next: Phase | null;
  /** Earlier phases an organiser may go back to (never `concept`; nothing once announced). */
  earlier: Phase[];
  criteria: Criterion[];
  categories: Category[];
  /** Catalogue keys of what a concept edition still lacks before it can be published. */
  problems: string[];
}

/** One edition's overview: its phase with the moves possible now, criteria, categories, publish blockers. */
export async function editionShowPage(
  deps: Deps,
  input: { edition: Edition; now: Date },
): Promise<EditionOverview> {
  const { edition } = input;
  const phase = effectivePhase(edition, input.now);
  const [criteria, categories] = await Promise.all([
    listCriteria(deps.db, edition.id),
    listCategories(deps.db, edition.id),
  ]);
  return {
    edition,
    phase,
    next: nextPhase(phase),
    earlier:
      phase === 'announced' ? [] : PHASES.filter((p) => p !== 'concept' && phaseIndex(p) < phaseIndex(phase)),
    criteria,
    categories,
    problems: phase === 'concept' ? publishProblems(edition, criteria, categories) : [],
  };
}

/** What the settings form shows beside its values: the choices, and the criteria the tie-break rules may name. */
export async function editionFormPage(deps: Deps, input: { edition: Edition | null }) {
  const { edition } = input;
  return {
    attachmentTypes: ATTACHMENT_TYPES,
    organisationTypes: ORGANISATION_TYPES,
    /** Every method the results compute can be the edition's fixed one. */
    aggregations: AGGREGATIONS,
    criteria: edition ? await listCriteria(deps.db, edition.id) : [],
    locked: Boolean(edition?.criteriaLockedAt),
    edition,
  };
}

/** The settings form's values as strings (dates as Amsterdam date-times), from stored or default settings. */
function settingsToValues(s: EditionSettings, version?: number): Record<string, unknown> {
  const dt = (d: Date | null) => (d ? toLocalDateTimeInput(d) : '');
  const rule = (i: number) => {
    const r = s.tieBreak.filter((x) => x.kind !== 'juryDecision')[i];
    return !r ? '' : r.kind === 'criterion' ? `criterion:${r.criterionId}` : r.kind;
  };
  return {
    ...s,
    prizeAmount: String(s.prizeAmountCents / 100),
    opensAt: dt(s.opensAt),
    closesAt: dt(s.closesAt),
    scoringDeadline: dt(s.scoringDeadline),
    conferenceAt: dt(s.conferenceAt),
    tieBreak1: rule(0),
    tieBreak2: rule(1),
    version,
  };
}

/** The settings form of a stored edition, with the version a later save is checked against. */
export function editionFormValues(edition: Edition): Record<string, unknown> {
  return settingsToValues(edition, edition.version);
}

/** The form for a new edition: the defaults, for the year after the current one in Amsterdam. */
export function newEditionFormValues(now: Date): Record<string, unknown> {
  const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: TIME_ZONE }).format(now));
  return settingsToValues(defaultSettings(year + 1));
}

/**
 * The criteria form: the stored criteria (with blank rows for new ones, unless locked by the first score), or the
 * rows as posted when the form is shown again; and the total weight shown above it.
 */
export async function criteriaFormPage(
  deps: Deps,
  input: { edition: Edition; posted: CriterionRow[] | null },
) {
  const { edition, posted } = input;
  const locked = Boolean(edition.criteriaLockedAt);
  const blank = (index: number): CriterionRow =>
    ({ index, ...Object.fromEntries(CRITERION_FIELDS.map((f) => [f, ''])) }) as CriterionRow;
  const shown =
    posted ??
    (await listCriteria(deps.db, edition.id)).map(
      (c, index) =>
        ({ index, ...Object.fromEntries(CRITERION_FIELDS.map((f) => [f, String(c[f])])) }) as CriterionRow,
    );
  const rows =
    locked || posted
      ? shown
      : [...shown, ...Array.from({ length: BLANK_ROWS }, (_, i) => blank(shown.length + i))];
  return {
    edition,
    rows,
    locked,
    total: rows.reduce((sum, r) => sum + (Number(r.weight) || 0), 0),
  };
}

/** The categories form: the stored categories with blank rows for new ones, or the rows as posted. */
export async function categoriesFormPage(
  deps: Deps,
  input: { edition: Edition; posted: CategoryRow[] | null },
) {
  const { edition, posted } = input;
  if (posted) return { edition, rows: posted };
  const shown: CategoryRow[] = (await listCategories(deps.db, edition.id)).map((c, index) => ({
    index,
    id: String(c.id),
    nameNl: c.nameNl,
    nameEn: c.nameEn,
  }));
  const blanks = Array.from({ length: BLANK_ROWS }, (_, i) => ({
    index: shown.length + i,
    id: '',
    nameNl: '',
    nameEn: '',
  }));
  return { edition, rows: [...shown, ...blanks] };
}

// ——— The public ———

export interface CallPage {
  edition: Edition;
  phase: Phase;
  accepting: boolean;
  beforeOpening: boolean;
  /** "3 weeks and 2 days" until the deadline, in the page's language. */
  remaining: string;
  introHtml: string;
  rulesHtml: string;
  criteria: Criterion[];
  categories: Category[];
  prize: string;
  winnerUrl: string | null;
  /** When the page changes by itself (submissions open or close): a kept copy must not outlive it. */
  expires: Date | null;
}

/** The call for entries of a published edition: what the prize is for, the deadline, categories, criteria, rules. */
export async function callPage(
  deps: Deps,
  input: { edition: Edition; lng: Lng; now: Date },
): Promise<CallPage> {
  const { edition, lng, now } = input;
  const [criteria, categories] = await Promise.all([
    listCriteria(deps.db, edition.id),
    listCategories(deps.db, edition.id),
  ]);
  const phase = effectivePhase(edition, now);
  const winner = phase === 'announced' ? (await listAnnouncedWinners(deps.db)).get(edition.id) : undefined;
  return {
    edition,
    phase,
    accepting: acceptsEntries(edition, now),
    beforeOpening: isBeforeOpening(edition, now),
    remaining: edition.closesAt ? formatRemaining(edition.closesAt.getTime() - now.getTime(), lng) : '',
    introHtml: plainTextToHtml(pick(lng, edition.introNl, edition.introEn)),
    rulesHtml: plainTextToHtml(pick(lng, edition.rulesNl, edition.rulesEn)),
    criteria,
    categories,
    prize: new Intl.NumberFormat(localeOf(lng), {
      style: 'currency',
      currency: 'EUR',
      maximumFractionDigits: 0,
    }).format(edition.prizeAmountCents / 100),
    winnerUrl: winner ? `/edities/${edition.year}/winnaar` : null,
    expires: nextScheduledChange(edition, now),
  };
}

/** The home page: the current edition's call once it is published, and whether the first-run setup is still due. */
export async function homePage(deps: Deps, input: { lng: Lng; now: Date }) {
  const current = await findCurrentEdition(deps.db);
  const published = current && isPublished(current.phase) ? current : null;
  return {
    needsSetup: await isSetupNeeded(deps),
    call: published ? await callPage(deps, { edition: published, lng: input.lng, now: input.now }) : null,
  };
}

/** Past editions and their winners; the current one too once its winner is announced (it is history from then). */
export async function archivePage(deps: Deps) {
  const editions = (await listEditions(deps.db)).filter(
    (e) => isPublished(e.phase) && (!e.isCurrent || e.phase === 'announced'),
  );
  const winners = await listAnnouncedWinners(deps.db);
  return {
    editions: editions.map((e) => ({
      ...e,
      winner: e.phase === 'announced' ? (winners.get(e.id) ?? null) : null,
    })),
  };
}
