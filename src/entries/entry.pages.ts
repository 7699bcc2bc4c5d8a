/**
 * View models of the entry pages, built from what the loaders loaded, the user and the time; no HTTP here, so they
 * can be tested without it. The entrant's pages (their list, one entry, the form, the submit check, the receipt,
 * withdrawing, partners) and the organisers' list and entry page.
 */
import { findReleasedLetter } from '../feedback/feedback.repo';
import { countAttachmentsPerEntry, listAttachments } from '../attachments/attachment.repo';
import type { AppContext } from '../context';
import { findCurrentEdition, findEdition, listCategories, listEditions } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { membershipOf } from '../organisations/membership.service';
import { sortByName } from '../organisations/organisation.names';
import { findOrganisationById, findOrganisationsByIds } from '../organisations/organisation.repo';
import { organisationsByType, searchRegister } from '../organisations/organisation.service';
import { JOINT_TYPES, OWNER_TYPES } from '../organisations/organisation.types';
import { isEmailVerified, type User } from '../users/user.types';
import { listEntries, listPartnerIds } from './entry.repo';
import type { Lng } from '../i18n/i18n';
import { answersOf, listAnswers, listQuestions } from './question.repo';
import { listEditionTags, listTagsOf } from './tag.repo';
import { BULK_ACTIONS, SORTS, sortEntries, type EntrySort } from './bulk.rules';
import { missingErrors } from './question.rules';
import {
  answerFormValues,
  answerRows,
  organisationGroupsFor,
  organisationNamesFor,
  questionViews,
} from './question.pages';
import { TEXT_LIMITS, type EditionWindow, type Eligibility, type EntryStatus } from './entry.rules';
import { entryNumber, entryWindow } from './entry.service';
import type { Entry, EntryListItem } from './entry.types';

type Deps = Pick<AppContext, 'db'>;

/** What every page of one entry starts from: the loaded entry and edition, who looks, and when. */
export interface EntryPageInput {
  entry: Entry;
  edition: Edition;
  user: Pick<User, 'emailVerifiedAt'>;
  now: Date;
  /** The reader's language, for the questions' wording (Dutch when left out). */
  lng?: Lng;
}

/** The entrant's own entries in the current edition (once it is published), and whether they may start one. */
export async function entriesIndexPage(
  deps: Deps,
  input: { user: Pick<User, 'organisationId' | 'membership' | 'emailVerifiedAt'>; now: Date },
) {
  const { user, now } = input;
  const current = await findCurrentEdition(deps.db);
  const edition = current && current.phase !== 'concept' ? current : null;
  const organisation = user.organisationId
    ? ((await findOrganisationById(deps.db, user.organisationId)) ?? null)
    : null;
  const entries =
    edition && organisation
      ? (await listEntries(deps.db, { editionId: edition.id, organisationId: organisation.id })).map((e) => ({
          ...e,
          number: entryNumber(edition, e),
        }))
      : [];
  const window: EditionWindow = edition ? entryWindow(edition, now) : { editable: false, accepting: false };
  return {
    edition,
    window,
    organisation,
    entries,
    emailVerified: isEmailVerified(user),
    membership: await membershipOf(deps, user),
    // The edition's rule on who may enter, by the register's type: said before anyone starts an entry.
    eligible: !edition || !organisation || edition.eligibleTypes.includes(organisation.type),
  };
}

/**
 * One entry as its pages show it: number, where the edition stands, category, attachments, organisation and
 * partners, what is still missing to submit. The entry's own page, the form, the receipt and the withdraw page
 * show this as it is; the others add to it.
 */
export async function entryPage(deps: Deps, input: EntryPageInput) {
  const { entry, edition } = input;
  const lng = input.lng ?? 'nl';
  const window = entryWindow(edition, input.now);
  const [categories, attachments, organisation, partners, questions, answers, feedback] = await Promise.all([
    listCategories(deps.db, edition.id),
    listAttachments(deps.db, entry.id),
    findOrganisationById(deps.db, entry.organisationId),
    listPartnerIds(deps.db, entry.id).then((ids) => findOrganisationsByIds(deps.db, ids)),
    listQuestions(deps.db, edition.id),
    answersOf(deps.db, entry.id),
    // Letters exist only after the announcement: no query for the entries of every other edition.
    edition.phase === 'announced' ? findReleasedLetter(deps.db, entry.id) : undefined,
  ]);
  const canEdit = window.editable && entry.status !== 'withdrawn';
  return {
    entry,
    edition,
    number: entryNumber(edition, entry),
    window,
    canEdit,
    categories,
    category: categories.find((c) => c.id === entry.categoryId) ?? null,
    attachments,
    organisation: organisation ?? null,
    partners,
    missing: missingErrors(entry, questions, answers, lng),
    emailVerified: isEmailVerified(input.user),
    limits: TEXT_LIMITS,
    questions: questionViews(questions, lng),
    answerValues: answerFormValues(questions, entry, answers),
    answers: answerRows(questions, entry, answers, {
      lng,
      organisationNames: await organisationNamesFor(deps, questions, [answers]),
    }),
    organisationGroups: canEdit ? await organisationGroupsFor(deps, questions) : null,
    /** The jury's feedback letter, once released (before that the entrant sees no sign of it). */
    feedbackReleased: feedback !== undefined,
  };
}

/** What the submit page says, the first that applies: the entry can be submitted only when it is `ready`. */
export type SubmitCheck =
  'alreadySubmitted' | 'incomplete' | 'emailNotVerified' | 'notOpenYet' | 'deadlinePassed' | 'ready';

export function submitCheck(page: {
  entry: Pick<Entry, 'status'>;
  missing: readonly unknown[];
  emailVerified: boolean;
  window: EditionWindow;
}): SubmitCheck {
  if (page.entry.status === 'submitted') return 'alreadySubmitted';
  if (page.missing.length) return 'incomplete';
  if (!page.emailVerified) return 'emailNotVerified';
  if (!page.window.accepting) return page.window.editable ? 'notOpenYet' : 'deadlinePassed';
  return 'ready';
}

/** The check before submitting: what is missing or in the way, or the entry to confirm. */
export async function submitCheckPage(deps: Deps, input: EntryPageInput) {
  const page = await entryPage(deps, input);
  return { ...page, check: submitCheck(page) };
}

/** The organisers' page of one entry: the entry, and its eligibility as the form starts from. */
export async function adminEntryPage(deps: Deps, input: EntryPageInput) {
  return {
    ...(await entryPage(deps, input)),
    values: { eligibility: input.entry.eligibility, reason: input.entry.eligibilityReason ?? '' },
  };
}

/**
 * The partners page: the entry's partners (proposed ones marked), what a search of the register found (never the
 * entrant or a partner already chosen), and the register's bodies to choose owners from when proposing one.
 */
export async function partnersPage(deps: Deps, input: Omit<EntryPageInput, 'user'> & { q: string }) {
  const partnerIds = await listPartnerIds(deps.db, input.entry.id);
  const partners = sortByName(await findOrganisationsByIds(deps.db, partnerIds));
  const window = entryWindow(input.edition, input.now);
  const canEdit = window.editable && input.entry.status !== 'withdrawn';
  const found = input.q
    ? await searchRegister(deps, {
        q: input.q,
        limit: 25,
        exceptIds: [input.entry.organisationId, ...partnerIds],
      })
    : [];
  const groups = canEdit ? await organisationsByType(deps) : null;
  return {
    entry: input.entry,
    edition: input.edition,
    number: entryNumber(input.edition, input.entry),
    partners,
    found,
    canEdit,
    jointTypes: JOINT_TYPES,
    ownerGroups: groups ? OWNER_TYPES.map((type) => ({ type, organisations: groups[type] })) : [],
  };
}

/** The organisers' filters on the list of entries; each one left out shows all. */
export interface AdminEntryFilter {
  status?: EntryStatus;
  eligibility?: Eligibility;
  categoryId?: number;
  organisationId?: number;
  tag?: string;
  /** An answer to a choice question: entries that chose this option. */
  answer?: { questionId: number; key: string };
  /** Complete: nothing missing to submit; incomplete: something is. */
  complete?: boolean;
  sort?: EntrySort;
}

export function matchesFilter(entry: EntryListItem, filter: AdminEntryFilter): boolean {
  return (
    (!filter.status || entry.status === filter.status) &&
    (!filter.eligibility || entry.eligibility === filter.eligibility) &&
    (!filter.categoryId || entry.categoryId === filter.categoryId) &&
    (!filter.organisationId || entry.organisationId === filter.organisationId)
  );
}

/** The counts above the list, of all entries of the edition whatever the filters. Eligibility counts submitted ones. */
export function countEntries(all: ReadonlyArray<Pick<Entry, 'status' | 'eligibility'>>) {
  const count = (pred: (e: Pick<Entry, 'status' | 'eligibility'>) => boolean) => all.filter(pred).length;
  return {
    total: all.length,
    draft: count((e) => e.status === 'draft'),
    submitted: count((e) => e.status === 'submitted'),
    withdrawn: count((e) => e.status === 'withdrawn'),
    eligible: count((e) => e.eligibility === 'eligible' && e.status === 'submitted'),
    ineligible: count((e) => e.eligibility === 'ineligible' && e.status === 'submitted'),
  };
}

/**
 * The organisers' list of an edition's entries (the one asked for, else the current one, else the newest), with
 * counts, the filters' choices (categories; the organisations that entered, by name) and the entries that match.
 */
export async function adminEntriesPage(
  deps: Deps,
  input: { editionId: number | undefined; filter: AdminEntryFilter; lng?: Lng },
) {
  const lng = input.lng ?? 'nl';
  const editions = await listEditions(deps.db);
  const editionId = input.editionId || (await findCurrentEdition(deps.db))?.id || editions[0]?.id;
  const edition = (editionId && (await findEdition(deps.db, editionId))) || null;
  const all = edition ? await listEntries(deps.db, { editionId: edition.id }) : [];
  const attachmentCounts = edition ? await countAttachmentsPerEntry(deps.db, edition.id) : new Map();
  const ids = all.map((e) => e.id);
  const [questions, answers, tags] = edition
    ? await Promise.all([
        listQuestions(deps.db, edition.id),
        listAnswers(deps.db, ids),
        listTagsOf(deps.db, ids),
      ])
    : [[], new Map(), new Map()];
  const { filter } = input;
  const rows = all.map((e) => {
    const entryAnswers = answers.get(e.id) ?? new Map();
    return {
      ...e,
      numberLabel: edition ? entryNumber(edition, e) : '',
      attachmentCount: attachmentCounts.get(e.id) ?? 0,
      tags: tags.get(e.id) ?? [],
      complete: missingErrors(e, questions, entryAnswers, lng).length === 0,
      answers: entryAnswers,
    };
  });
  const shown = rows.filter(
    (e) =>
      matchesFilter(e, filter) &&
      (!filter.tag || e.tags.includes(filter.tag)) &&
      (filter.complete === undefined || e.complete === filter.complete) &&
      (!filter.answer ||
        ((e.answers.get(filter.answer.questionId) as string[] | undefined) ?? []).includes(
          filter.answer.key,
        )),
  );
  return {
    editions,
    edition,
    categories: edition ? await listCategories(deps.db, edition.id) : [],
    organisations: [...new Map(all.map((e) => [e.organisationId, e.organisationName])).entries()].sort(
      (a, b) => a[1].localeCompare(b[1], 'nl'),
    ),
    tags: edition ? await listEditionTags(deps.db, edition.id) : [],
    // The options of the choice questions, for the filter on answers ("q12:o2").
    answerOptions: questionViews(
      questions.filter((q) => q.type === 'choice'),
      lng,
    ).flatMap((q) =>
      q.options.map((o) => ({ value: `${q.id}:${o.value}`, label: `${q.label}: ${o.label}` })),
    ),
    entries: sortEntries(shown, filter.sort ?? 'number'),
    counts: countEntries(all),
    filter,
    sorts: SORTS,
    bulkActions: BULK_ACTIONS,
  };
}
