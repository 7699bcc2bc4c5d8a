/**
 * The questions of an edition's entry form and their answers. The form always starts with the title and the
 * category (they are the entry itself); everything after them is a question the organiser composes.
 */

export const QUESTION_TYPES = [
  'short_text',
  'long_text',
  'number',
  'choice',
  'yes_no',
  'date',
  'organisations',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/**
 * The questions of the form the prize had before questions could be composed. Their answers stay in the entry's
 * own columns (results, the public winner page and the exports read the summary there); a new question's answers
 * live in `entry_answers`.
 */
export const BUILTIN_FIELDS = [
  'summary',
  'problem',
  'innovation',
  'resultsEfficiency',
  'resultsEffectiveness',
  'transferability',
  'contactName',
  'contactPhone',
] as const;
export type BuiltinField = (typeof BUILTIN_FIELDS)[number];

export interface ChoiceOption {
  /** Stable key stored in answers ("o1", "o2" …); wording may change, the key never does. */
  key: string;
  nl: string;
  en: string;
}

/** What a type needs beyond its wording. Only the keys of the question's type are used. */
export interface QuestionSettings {
  /** short_text, long_text: at most this many characters. */
  maxChars?: number;
  /** long_text: at most this many words. */
  maxWords?: number;
  /** number: the unit shown after the field ("€", "FTE"). */
  unit?: string;
  /** number: digits allowed after the decimal sign (0 = whole numbers). */
  decimals?: number;
  min?: number;
  max?: number;
  /** choice: the options, in order. */
  options?: ChoiceOption[];
  /** choice, organisations: more than one may be chosen. */
  multiple?: boolean;
}

export interface Question {
  id: number;
  editionId: number;
  position: number;
  type: QuestionType;
  /** Set for the questions of the original form: the answer is stored in this column of the entry. */
  field: BuiltinField | null;
  labelNl: string;
  labelEn: string;
  helpNl: string;
  helpEn: string;
  required: boolean;
  /** In a blind edition, jurors do not see this answer (e.g. the contact person). */
  hiddenFromJurors: boolean;
  settings: QuestionSettings;
}

/** A question as it is written: everything but where it lives. */
export type QuestionInput = Omit<Question, 'id' | 'editionId' | 'position'>;

/** A stored answer: text (text types), number, option keys (choice), boolean (yes/no), ISO date, organisation ids. */
export type AnswerValue = string | number | boolean | string[] | number[];
