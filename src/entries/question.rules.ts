/**
 * The rules of the entry form's questions, free of HTTP and SQL: the default set a new edition starts with, how an
 * answer of each type is read and checked, when an answer counts as given, which changes of a question are
 * structural (refused once the form is locked) and how an answer reads on a page or in an export.
 */
import { cleanText } from '../shared/plain-text';
import { countWords, TEXT_LIMITS } from './entry.rules';
import type {
  AnswerValue,
  BuiltinField,
  ChoiceOption,
  Question,
  QuestionInput,
  QuestionSettings,
  QuestionType,
} from './question.types';

export { cleanText };

/** Column limits of the original questions: their answers live in the entry's columns, whose limits these are. */
export const BUILTIN_MAX_CHARS: Record<BuiltinField, number> = TEXT_LIMITS;

/** The type of the original questions; it cannot change (their column holds text). */
export const BUILTIN_TYPES: Record<BuiltinField, 'short_text' | 'long_text'> = {
  summary: 'long_text',
  problem: 'long_text',
  innovation: 'long_text',
  resultsEfficiency: 'long_text',
  resultsEffectiveness: 'long_text',
  transferability: 'long_text',
  contactName: 'short_text',
  contactPhone: 'short_text',
};

export const TEXT_MAX = { short_text: 500, long_text: 20000 } as const;
export const MAX_OPTIONS = 30;
export const MAX_ORGANISATIONS = 30;
export const MAX_QUESTIONS = 60;
/** Numbers stay well within what a double holds exactly and what both databases store as text. */
export const NUMBER_LIMIT = 1e12;

const builtin = (
  field: BuiltinField,
  labelNl: string,
  labelEn: string,
  helpNl: string,
  helpEn: string,
  extra: Partial<QuestionInput> = {},
): QuestionInput => ({
  type: BUILTIN_TYPES[field],
  field,
  labelNl,
  labelEn,
  helpNl,
  helpEn,
  required: true,
  hiddenFromJurors: false,
  settings: { maxChars: BUILTIN_MAX_CHARS[field] },
  ...extra,
});

/** Today's questions, as every new edition starts (and every edition made before questions existed got). */
export const DEFAULT_QUESTIONS: readonly QuestionInput[] = [
  builtin(
    'summary',
    'Korte samenvatting',
    'Short summary',
    'Maximaal 100 woorden. Met uw toestemming voor publicatie wordt deze tekst na de bekendmaking openbaar.',
    'At most 100 words. With your consent to publish, this text becomes public after the announcement.',
    { settings: { maxChars: 1000, maxWords: 100 } },
  ),
  builtin(
    'problem',
    'Het probleem',
    'The problem',
    'Welk probleem loste uw organisatie op? Voor wie was het een probleem?',
    'Which problem did your organisation solve? For whom was it a problem?',
  ),
  builtin(
    'innovation',
    'De vernieuwing',
    'The innovation',
    'Wat deed u anders dan gebruikelijk? Wat is er nieuw aan?',
    'What did you do differently from the usual? What is new about it?',
  ),
  builtin(
    'resultsEfficiency',
    'Resultaat: efficiëntie',
    'Result: efficiency',
    'Wat leverde het op aan tijd en geld? Noem cijfers als u die heeft.',
    'What did it save in time and money? Give figures if you have them.',
  ),
  builtin(
    'resultsEffectiveness',
    'Resultaat: effectiviteit',
    'Result: effectiveness',
    'Wat werd er beter voor inwoners en voor de organisatie? Noem cijfers als u die heeft.',
    'What improved for residents and for the organisation? Give figures if you have them.',
  ),
  builtin(
    'transferability',
    'Overdraagbaarheid naar andere organisaties',
    'Transferability to other organisations',
    "Kunnen andere gemeenten of SSC's dit overnemen? Wat hebben ze daarvoor nodig?",
    'Can other municipalities or SSCs adopt this? What would they need?',
  ),
  builtin('contactName', 'Contactpersoon', 'Contact person', '', '', { hiddenFromJurors: true }),
  builtin('contactPhone', 'Telefoonnummer contactpersoon', "Contact person's phone number", '', '', {
    hiddenFromJurors: true,
  }),
];

/** The name of a question's form field: the column's name for an original question, else q<id>. */
export function fieldName(q: Pick<Question, 'id' | 'field'>): string {
  return q.field ?? `q${q.id}`;
}

/** A refusal of one answer: a catalogue key and its parameters. */
export interface AnswerError {
  messageKey: string;
  params?: Record<string, unknown>;
}
export type AnswerParse = { ok: true; value: AnswerValue | null } | { ok: false; error: AnswerError };

const fail = (messageKey: string, params?: Record<string, unknown>): AnswerParse => ({
  ok: false,
  error: { messageKey, params },
});

/**
 * A number as people type it: "1234", "1.234,50" (Dutch), "1,234.50" or "1234.5"; spaces and a leading € are
 * ignored. With both signs the last one is the decimal sign; with one, a comma is decimal and so is a point.
 * Returns null when it is no number.
 */
export function readNumber(raw: string): number | null {
  let s = raw.replace(/[\s\u00a0]/g, '').replace(/^€/, '');
  if (!/^-?[\d.,]+$/.test(s) || !/\d/.test(s)) return null;
  const lastComma = s.lastIndexOf(',');
  const lastPoint = s.lastIndexOf('.');
  if (lastComma >= 0 && lastPoint >= 0) {
    const decimal = lastComma > lastPoint ? ',' : '.';
    const thousands = decimal === ',' ? '.' : ',';
    s = s.split(thousands).join('');
    if (s.split(decimal).length > 2) return null;
    s = s.replace(decimal, '.');
  } else if (lastComma >= 0) {
    if (s.split(',').length > 2) return null;
    s = s.replace(',', '.');
  } else if (s.split('.').length > 2) return null;
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/** "2027-03-01", or as Dutch people write it "1-3-2027" / "01-03-2027": an ISO date that exists, or null. */
export function readDate(raw: string): string | null {
  const s = raw.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  if (y < 1900 || y > 2200) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const decimalsOf = (n: number) => {
  const s = String(n);
  return s.includes('.') ? s.split('.')[1]!.length : 0;
};

/**
 * Reads and checks the answer to one question from what the form sent (every value posted under its name). An
 * empty answer is null: allowed in a draft, and "missing" when the question is required at submitting. Choice keys
 * are checked against the question's options; organisation ids are only read here (the service checks that they
 * are active bodies of the register).
 */
export function parseAnswer(q: Pick<Question, 'type' | 'settings'>, raw: readonly string[]): AnswerParse {
  const first = raw[0] ?? '';
  const s = q.settings;
  switch (q.type) {
    case 'short_text':
    case 'long_text': {
      const text = cleanText(first);
      if (text === '') return { ok: true, value: null };
      if (q.type === 'short_text' && text.includes('\n')) return fail('entries.answers.errors.oneLine');
      const maxChars = s.maxChars ?? TEXT_MAX[q.type];
      if (text.length > maxChars) return fail('common.errors.tooLong', { max: maxChars });
      const words = countWords(text);
      if (s.maxWords && words > s.maxWords)
        return fail('entries.errors.tooManyWords', { max: s.maxWords, count: words });
      return { ok: true, value: text };
    }
    case 'number': {
      if (first.trim() === '') return { ok: true, value: null };
      const n = readNumber(first);
      if (n === null || !Number.isFinite(n) || Math.abs(n) >= NUMBER_LIMIT)
        return fail('entries.answers.errors.notANumber');
      const decimals = s.decimals ?? 0;
      if (decimalsOf(n) > decimals)
        return decimals === 0
          ? fail('entries.answers.errors.wholeNumber')
          : fail('entries.answers.errors.tooManyDecimals', { count: decimals });
      if (s.min !== undefined && n < s.min) return fail('entries.answers.errors.numberMin', { min: s.min });
      if (s.max !== undefined && n > s.max) return fail('entries.answers.errors.numberMax', { max: s.max });
      return { ok: true, value: n };
    }
    case 'choice': {
      const keys = [...new Set(raw.map((r) => r.trim()).filter((r) => r !== ''))];
      if (keys.length === 0) return { ok: true, value: null };
      const known = new Set((s.options ?? []).map((o) => o.key));
      if (keys.some((k) => !known.has(k))) return fail('entries.answers.errors.unknownOption');
      if (!s.multiple && keys.length > 1) return fail('entries.answers.errors.chooseOne');
      return { ok: true, value: keys };
    }
    case 'yes_no': {
      const v = first.trim();
      if (v === '') return { ok: true, value: null };
      if (v !== 'yes' && v !== 'no') return fail('entries.answers.errors.yesOrNo');
      return { ok: true, value: v === 'yes' };
    }
    case 'date': {
      if (first.trim() === '') return { ok: true, value: null };
      const iso = readDate(first);
      return iso ? { ok: true, value: iso } : fail('entries.answers.errors.notADate');
    }
    case 'organisations': {
      const texts = [...new Set(raw.map((r) => r.trim()).filter((r) => r !== ''))];
      if (texts.length === 0) return { ok: true, value: null };
      if (!texts.every((t) => /^[1-9]\d{0,8}$/.test(t)))
        return fail('entries.answers.errors.unknownOrganisation');
      if (!s.multiple && texts.length > 1) return fail('entries.answers.errors.chooseOne');
      if (texts.length > MAX_ORGANISATIONS)
        return fail('entries.answers.errors.tooManyOrganisations', { max: MAX_ORGANISATIONS });
      return { ok: true, value: texts.map(Number) };
    }
  }
}

/** Whether an answer counts as given (a "no" is an answer; an empty list is not). */
export function isAnswered(value: AnswerValue | null | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** The required questions still without an answer, in form order. */
export function missingAnswers(
  questions: readonly Question[],
  answerOf: (q: Question) => AnswerValue | null | undefined,
): Question[] {
  return questions.filter((q) => q.required && !isAnswered(answerOf(q)));
}

/** What may be written about a question, checked before it is stored; errors name the form field. */
export function validateQuestion(input: QuestionInput): Array<{ field: string } & AnswerError> {
  const errors: Array<{ field: string } & AnswerError> = [];
  const s = input.settings;
  if (!input.labelNl.trim())
    errors.push({ field: 'labelNl', messageKey: 'entries.questions.errors.labelRequired' });
  if (input.labelNl.length > 300 || input.labelEn.length > 300)
    errors.push({ field: 'labelNl', messageKey: 'common.errors.tooLong', params: { max: 300 } });
  if (input.helpNl.length > 1000 || input.helpEn.length > 1000)
    errors.push({ field: 'helpNl', messageKey: 'common.errors.tooLong', params: { max: 1000 } });
  if (input.field && input.type !== BUILTIN_TYPES[input.field])
    errors.push({ field: 'type', messageKey: 'entries.questions.errors.builtinType' });
  if (input.type === 'short_text' || input.type === 'long_text') {
    const ceiling = input.field ? BUILTIN_MAX_CHARS[input.field] : TEXT_MAX[input.type];
    if (s.maxChars !== undefined && (s.maxChars < 1 || s.maxChars > ceiling))
      errors.push({
        field: 'maxChars',
        messageKey: 'entries.questions.errors.maxChars',
        params: { max: ceiling },
      });
    if (s.maxWords !== undefined && (s.maxWords < 1 || s.maxWords > 5000))
      errors.push({ field: 'maxWords', messageKey: 'entries.questions.errors.maxWords' });
  }
  if (input.type === 'number') {
    if ((s.unit ?? '').length > 20)
      errors.push({ field: 'unit', messageKey: 'common.errors.tooLong', params: { max: 20 } });
    if (s.decimals !== undefined && (s.decimals < 0 || s.decimals > 4 || !Number.isInteger(s.decimals)))
      errors.push({ field: 'decimals', messageKey: 'entries.questions.errors.decimals' });
    if (s.min !== undefined && s.max !== undefined && s.min > s.max)
      errors.push({ field: 'min', messageKey: 'entries.questions.errors.minMax' });
  }
  if (input.type === 'choice') {
    const options = s.options ?? [];
    if (options.length < 2) errors.push({ field: 'options', messageKey: 'entries.questions.errors.options' });
    if (options.length > MAX_OPTIONS)
      errors.push({
        field: 'options',
        messageKey: 'entries.questions.errors.tooManyOptions',
        params: { max: MAX_OPTIONS },
      });
    if (options.some((o) => !o.nl.trim() || o.nl.length > 200 || o.en.length > 200))
      errors.push({ field: 'options', messageKey: 'entries.questions.errors.optionText' });
  }
  return errors;
}

/** Only the settings a type uses, so a change of type leaves nothing behind. */
export function settingsFor(type: QuestionType, s: QuestionSettings): QuestionSettings {
  const defined = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  switch (type) {
    case 'short_text':
      return defined({ maxChars: s.maxChars });
    case 'long_text':
      return defined({ maxChars: s.maxChars, maxWords: s.maxWords });
    case 'number':
      return defined({ unit: s.unit || undefined, decimals: s.decimals, min: s.min, max: s.max });
    case 'choice':
      return { options: s.options ?? [], multiple: Boolean(s.multiple) };
    case 'organisations':
      return { multiple: Boolean(s.multiple) };
    default:
      return {};
  }
}

/** Options from a textarea, one per line, "Nederlands | English"; keys follow the line (o1, o2 …). */
export function parseOptions(text: string): ChoiceOption[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((line, i) => {
      const [nl, ...rest] = line.split('|');
      return { key: `o${i + 1}`, nl: (nl ?? '').trim(), en: rest.join('|').trim() };
    });
}

export function optionsText(options: readonly ChoiceOption[] | undefined): string {
  return (options ?? []).map((o) => (o.en ? `${o.nl} | ${o.en}` : o.nl)).join('\n');
}

/**
 * Whether changing `before` into `after` changes the form's structure. Once an entry is submitted only wording may
 * change: the labels, help texts, the wording of options (same options, same order) and whether jurors of a blind
 * edition see the answer (no answer changes). Type, limits, unit, the options themselves and required are structure.
 */
export function isStructuralChange(before: QuestionInput, after: QuestionInput): boolean {
  if (before.type !== after.type || before.field !== after.field) return true;
  if (before.required !== after.required) return true;
  const { options: bo, ...bRest } = before.settings;
  const { options: ao, ...aRest } = after.settings;
  if (JSON.stringify(sortKeys(bRest)) !== JSON.stringify(sortKeys(aRest))) return true;
  const bk = (bo ?? []).map((o) => o.key).join(',');
  const ak = (ao ?? []).map((o) => o.key).join(',');
  return bk !== ak;
}

const sortKeys = (o: object) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** How an answer reads on a page, in a list or an export, in the reader's language. */
export function formatAnswer(
  q: Pick<Question, 'type' | 'settings'>,
  value: AnswerValue | null | undefined,
  ctx: { lng: 'nl' | 'en'; yes: string; no: string; organisationName: (id: number) => string },
): string {
  if (!isAnswered(value)) return '';
  switch (q.type) {
    case 'number': {
      const formatted = Number(value).toLocaleString(ctx.lng === 'en' ? 'en-GB' : 'nl-NL', {
        maximumFractionDigits: q.settings.decimals ?? 0,
      });
      const unit = q.settings.unit;
      if (!unit) return formatted;
      return unit === '€' ? `€ ${formatted}` : `${formatted} ${unit}`;
    }
    case 'choice': {
      const options = q.settings.options ?? [];
      return (value as string[])
        .map((k) => options.find((o) => o.key === k))
        .filter((o): o is ChoiceOption => Boolean(o))
        .map((o) => (ctx.lng === 'en' && o.en ? o.en : o.nl))
        .join(', ');
    }
    case 'yes_no':
      return value ? ctx.yes : ctx.no;
    case 'date': {
      const [y, m, d] = String(value).split('-');
      return ctx.lng === 'en' ? `${d}/${m}/${y}` : `${Number(d)}-${Number(m)}-${y}`;
    }
    case 'organisations':
      return (value as number[]).map((id) => ctx.organisationName(id)).join(', ');
    default:
      return String(value);
  }
}

/** The answer as the form shows it again: the text typed, or the chosen keys. */
export function answerToFormValue(
  q: Pick<Question, 'type'>,
  value: AnswerValue | null | undefined,
): string | string[] {
  if (value === null || value === undefined)
    return q.type === 'choice' || q.type === 'organisations' ? [] : '';
  switch (q.type) {
    case 'choice':
      return value as string[];
    case 'organisations':
      return (value as number[]).map(String);
    case 'yes_no':
      return value ? 'yes' : 'no';
    case 'number':
      return String(value);
    default:
      return String(value);
  }
}

/**
 * An answer as one line of text, the same in every export (the CSV of a selection, the ZIP cover sheets, the results
 * CSV and XLSX): "Ja"/"Nee" for a yes/no answer, else the answer as formatAnswer writes it ('' when not given).
 */
export function answerText(
  row: { text: string; yesNo: boolean | null },
  words: { yes: string; no: string },
): string {
  return row.yesNo === null ? row.text : row.yesNo ? words.yes : words.no;
}

/** The answer an entry gives to a question: from its column for an original question, else from its answers. */
export function answerOf(
  q: Pick<Question, 'id' | 'field'>,
  entry: Partial<Record<BuiltinField, string>>,
  answers: ReadonlyMap<number, AnswerValue>,
): AnswerValue | null {
  if (q.field) return entry[q.field] ?? '';
  return answers.get(q.id) ?? null;
}

/** A question's label in the reader's language (the Dutch one when there is no English). */
export function questionLabel(q: Pick<Question, 'labelNl' | 'labelEn'>, lng: 'nl' | 'en'): string {
  return lng === 'en' && q.labelEn.trim() ? q.labelEn : q.labelNl;
}

/**
 * What must still be filled in before submitting, in form order, as form errors: the title, the category, and every
 * required question without an answer. An original question keeps its own message ("Beschrijf het probleem").
 */
export function missingErrors(
  entry: { title: string; categoryId: number | null } & Partial<Record<BuiltinField, string>>,
  questions: readonly Question[],
  answers: ReadonlyMap<number, AnswerValue>,
  lng: 'nl' | 'en',
): Array<{ field: string; messageKey: string; params?: Record<string, unknown> }> {
  const errors: Array<{ field: string; messageKey: string; params?: Record<string, unknown> }> = [];
  if (!entry.title.trim()) errors.push({ field: 'title', messageKey: 'entries.missing.title' });
  if (entry.categoryId === null)
    errors.push({ field: 'categoryId', messageKey: 'entries.missing.categoryId' });
  for (const q of missingAnswers(questions, (q) => answerOf(q, entry, answers)))
    errors.push(
      q.field
        ? { field: q.field, messageKey: `entries.missing.${q.field}` }
        : {
            field: fieldName(q),
            messageKey: 'entries.answers.missing',
            params: { label: questionLabel(q, lng) },
          },
    );
  return errors;
}
