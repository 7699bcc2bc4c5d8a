/**
 * View models of the questions: how the entry form shows each question, how an entry's answers read (for the
 * entrant, organisers, jurors and exports, always in form order), and the organiser's page that composes the form.
 */
import type { AppContext } from '../context';
import type { Edition } from '../editions/edition.types';
import type { Lng } from '../i18n/i18n';
import { pickText } from '../i18n/pick';
import { findOrganisationsByIds } from '../organisations/organisation.repo';
import { organisationsByType } from '../organisations/organisation.service';
import { ORGANISATION_TYPES } from '../organisations/organisation.types';
import type { Entry } from './entry.types';
import type { CoverSheet } from '../attachments/attachment.zip';
import { coverSheetText } from './cover-sheet';
import { listEntries } from './entry.repo';
import { answersOf, countAnswers, hasSubmittedEntries, listAnswers, listQuestions } from './question.repo';
import {
  answerOf,
  answerToFormValue,
  fieldName,
  formatAnswer,
  isAnswered,
  answerText,
  optionsText,
  questionLabel,
} from './question.rules';
import { QUESTION_TYPES, type AnswerValue, type Question } from './question.types';

type Deps = Pick<AppContext, 'db'>;

/** A text in the reader's language, and 'nl' when it is Dutch on an English page (for lang="nl"). */
function text(lng: Lng, nl: string, en: string) {
  const picked = pickText(lng, nl, en);
  return { text: picked.text, lang: picked.lang !== lng ? picked.lang : null };
}

export interface QuestionView {
  id: number;
  name: string;
  type: Question['type'];
  /** One of the original questions (its answer has a column of its own; its type cannot change). */
  builtin: boolean;
  label: string;
  labelLang: Lng | null;
  help: string;
  helpLang: Lng | null;
  required: boolean;
  hiddenFromJurors: boolean;
  settings: Question['settings'];
  options: Array<{ value: string; label: string; lang: Lng | null }>;
}

/** The questions as the entry form shows them, in the reader's language. */
export function questionViews(questions: readonly Question[], lng: Lng): QuestionView[] {
  return questions.map((q) => {
    const label = text(lng, q.labelNl, q.labelEn);
    const help = text(lng, q.helpNl, q.helpEn);
    return {
      id: q.id,
      name: fieldName(q),
      type: q.type,
      builtin: q.field !== null,
      label: label.text,
      labelLang: label.lang,
      help: help.text,
      helpLang: help.lang,
      required: q.required,
      hiddenFromJurors: q.hiddenFromJurors,
      settings: q.settings,
      options: (q.settings.options ?? []).map((o) => {
        const t = text(lng, o.nl, o.en);
        return { value: o.key, label: t.text, lang: t.lang };
      }),
    };
  });
}

/** One answer as a page shows it. `yesNo` is set for a yes/no answer (the view says "Ja"/"Nee"). */
export interface AnswerRow {
  name: string;
  type: Question['type'];
  label: string;
  labelLang: Lng | null;
  text: string;
  yesNo: boolean | null;
  answered: boolean;
}

/**
 * An entry's answers in form order. `forJurorOfBlindEdition` leaves out the questions hidden from jurors. Organisation
 * names come from `organisationNames` (ids the caller looked up; see organisationNamesFor).
 */
export function answerRows(
  questions: readonly Question[],
  entry: Pick<Entry, 'summary'> & Partial<Entry>,
  answers: ReadonlyMap<number, AnswerValue>,
  input: { lng: Lng; organisationNames: ReadonlyMap<number, string>; forJurorOfBlindEdition?: boolean },
): AnswerRow[] {
  return questions
    .filter((q) => !(input.forJurorOfBlindEdition && q.hiddenFromJurors))
    .map((q) => {
      const value = answerOf(q, entry, answers);
      const label = text(input.lng, q.labelNl, q.labelEn);
      return {
        name: fieldName(q),
        type: q.type,
        label: label.text,
        labelLang: label.lang,
        text: formatAnswer(q, value, {
          lng: input.lng,
          yes: '',
          no: '',
          organisationName: (id) => input.organisationNames.get(id) ?? `#${id}`,
        }),
        yesNo: q.type === 'yes_no' && isAnswered(value) ? Boolean(value) : null,
        answered: isAnswered(value),
      };
    });
}

/** The edition's questions as export columns: their labels in form order, and each entry's answers as text. */
export interface AnswerColumns {
  labels: readonly string[];
  /** The entry's answers in the order of `labels`; '' for a question it did not answer. */
  of: (entryId: number) => readonly string[];
}

/**
 * The answers of these entries for an organisers' export, in the reader's language. Nothing is left out: organisers
 * see every question, also those hidden from jurors in a blind edition (jurors download no export).
 */
export async function exportAnswers(
  deps: Deps,
  input: {
    editionId: number;
    entryIds: readonly number[];
    lng: Lng;
    t: (key: string, params?: Record<string, unknown>) => string;
  },
): Promise<AnswerColumns> {
  const wanted = new Set(input.entryIds);
  const [questions, entries, answers] = await Promise.all([
    listQuestions(deps.db, input.editionId),
    // The original questions keep their answers in the entry's own columns.
    listEntries(deps.db, { editionId: input.editionId }),
    listAnswers(deps.db, [...wanted]),
  ]);
  const names = await organisationNamesFor(deps, questions, answers.values());
  const words = { yes: input.t('common.yes'), no: input.t('common.no') };
  const texts = new Map(
    entries
      .filter((e) => wanted.has(e.id))
      .map((e) => [
        e.id,
        answerRows(questions, e, answers.get(e.id) ?? new Map(), {
          lng: input.lng,
          organisationNames: names,
        }).map((row) => answerText(row, words)),
      ]),
  );
  const none = questions.map(() => '');
  return {
    labels: questions.map((q) => questionLabel(q, input.lng)),
    of: (entryId) => texts.get(entryId) ?? none,
  };
}

/** The names of the organisations the answers of these entries mention, in one query. */
export async function organisationNamesFor(
  deps: Deps,
  questions: readonly Question[],
  answerMaps: Iterable<ReadonlyMap<number, AnswerValue>>,
): Promise<Map<number, string>> {
  const orgQuestions = questions.filter((q) => q.type === 'organisations').map((q) => q.id);
  const ids = new Set<number>();
  if (orgQuestions.length)
    for (const answers of answerMaps)
      for (const id of orgQuestions)
        for (const o of (answers.get(id) as number[] | undefined) ?? []) ids.add(o);
  const found = await findOrganisationsByIds(deps.db, [...ids]);
  return new Map(found.map((o) => [o.id, o.name]));
}

/** The form's values of the questions as stored (what the form starts from). */
export function answerFormValues(
  questions: readonly Question[],
  entry: Partial<Entry>,
  answers: ReadonlyMap<number, AnswerValue>,
): Record<string, string | string[]> {
  return Object.fromEntries(
    questions.map((q) => [fieldName(q), answerToFormValue(q, answerOf(q, entry, answers))]),
  );
}

/** The register by type, for the form's "organisation(s) from the register" questions; null when it has none. */
export async function organisationGroupsFor(deps: Deps, questions: readonly Question[]) {
  if (!questions.some((q) => q.type === 'organisations')) return null;
  const groups = await organisationsByType(deps);
  return ORGANISATION_TYPES.map((type) => ({ type, organisations: groups[type] }));
}

/** The organiser's page of an edition's form: the questions, whether the structure is locked, and the types. */
export async function questionsPage(deps: Deps, input: { edition: Edition; lng: Lng }) {
  const questions = await listQuestions(deps.db, input.edition.id);
  return {
    edition: input.edition,
    questions: questionViews(questions, input.lng),
    locked: await hasSubmittedEntries(deps.db, input.edition.id),
    types: QUESTION_TYPES,
  };
}

/** The form of one question (new: `question` undefined), with the values it starts from. */
export async function questionFormPage(deps: Deps, input: { edition: Edition; question?: Question }) {
  const q = input.question;
  return {
    edition: input.edition,
    question: q ?? null,
    locked: await hasSubmittedEntries(deps.db, input.edition.id),
    answerCount: q ? await countAnswers(deps.db, q.id) : 0,
    types: QUESTION_TYPES,
    values: q
      ? {
          type: q.type,
          labelNl: q.labelNl,
          labelEn: q.labelEn,
          helpNl: q.helpNl,
          helpEn: q.helpEn,
          required: q.required,
          hiddenFromJurors: q.hiddenFromJurors,
          maxChars: q.settings.maxChars ?? '',
          maxWords: q.settings.maxWords ?? '',
          unit: q.settings.unit ?? '',
          decimals: q.settings.decimals ?? 0,
          min: q.settings.min ?? '',
          max: q.settings.max ?? '',
          multiple: Boolean(q.settings.multiple),
          options: optionsText(q.settings.options),
        }
      : { type: 'short_text', required: false, hiddenFromJurors: false, decimals: 0, multiple: false },
  };
}

/**
 * One entry's answers in form order, read for a page: a juror of a blind edition does not get the questions hidden
 * from jurors; `shown` narrows them further (the kennisbank's public project page). The entry needs only its id and
 * the columns of the original questions.
 */
export async function entryAnswerRows(
  deps: Deps,
  input: {
    edition: Pick<Edition, 'id' | 'blindJudging'>;
    entry: Pick<Entry, 'id' | 'summary'> & Partial<Entry>;
    lng: Lng;
    forJuror: boolean;
    shown?: (q: Question) => boolean;
  },
): Promise<AnswerRow[]> {
  const [questions, answers] = await Promise.all([
    listQuestions(deps.db, input.edition.id),
    answersOf(deps.db, input.entry.id),
  ]);
  const visible = input.shown ? questions.filter(input.shown) : questions;
  return answerRows(visible, input.entry, answers, {
    lng: input.lng,
    // Only the organisations of the questions shown are looked up.
    organisationNames: await organisationNamesFor(deps, visible, [answers]),
    forJurorOfBlindEdition: input.forJuror && input.edition.blindJudging,
  });
}

/**
 * Cover sheets for the ZIPs of these entries (entries/cover-sheet.ts), in the reader's language: number, title,
 * organisation, category and every answer in form order. Organisers only (nothing is hidden from them).
 */
export async function coverSheets(
  deps: Deps,
  input: {
    edition: Edition;
    entries: ReadonlyArray<Entry & { organisationName: string; categoryName: string }>;
    lng: Lng;
    t: (key: string, params?: Record<string, unknown>) => string;
    numberOf: (entry: Entry) => string;
  },
): Promise<CoverSheet[]> {
  const questions = await listQuestions(deps.db, input.edition.id);
  const answers = await listAnswers(
    deps.db,
    input.entries.map((e) => e.id),
  );
  const names = await organisationNamesFor(deps, questions, answers.values());
  const { t } = input;
  return input.entries.map((entry) => {
    const number = input.numberOf(entry);
    return {
      entryId: entry.id,
      entryNumber: entry.number,
      entryTitle: entry.title,
      name: t('attachments.zip.coverFile'),
      content: coverSheetText({
        title: `${number} ${entry.title || t('entries.untitled')}`,
        facts: [
          [t('entries.fields.number'), number],
          [t('entries.fields.organisation'), entry.organisationName],
          [t('entries.fields.category'), entry.categoryName],
          [t('entries.fields.status'), t(`entries.statuses.${entry.status}`)],
        ],
        answers: answerRows(questions, entry, answers.get(entry.id) ?? new Map(), {
          lng: input.lng,
          organisationNames: names,
        }),
        yes: t('common.yes'),
        no: t('common.no'),
        notFilled: t('entries.notFilled'),
      }),
    };
  });
}
