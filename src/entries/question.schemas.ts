import { checkbox, firstString } from '../http/form-values';
import type { FieldError } from '../shared/result';
import { parseOptions } from './question.rules';
import { QUESTION_TYPES, type QuestionInput, type QuestionType } from './question.types';

const text = (v: unknown) => firstString(v).replace(/\r\n?/g, '\n').trim();

/**
 * Reads the form of one question. Numbers left empty are "no limit"; a number that is not one is refused. The
 * options come one per line ("Nederlands | English"); their keys follow the line, so correcting wording keeps them.
 * What the rules say about the question (question.rules: validateQuestion) the service checks.
 */
export function parseQuestionForm(
  body: Record<string, unknown>,
):
  | { ok: true; question: QuestionInput }
  | { ok: false; errors: FieldError[]; values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const f of ['type', 'labelNl', 'labelEn', 'helpNl', 'helpEn', 'unit', 'options'])
    values[f] = text(body[f]);
  for (const f of ['required', 'hiddenFromJurors', 'multiple']) values[f] = checkbox(body[f]);
  const type = QUESTION_TYPES.find((t) => t === values.type);
  if (!type) errors.push({ field: 'type', messageKey: 'entries.questions.errors.typeUnknown' });
  const numbers: Record<string, number | undefined> = {};
  for (const f of ['maxChars', 'maxWords', 'decimals', 'min', 'max']) {
    const raw = text(body[f]).replace(',', '.');
    values[f] = raw;
    if (raw === '') continue;
    const n = Number(raw);
    if (!/^-?\d+(\.\d+)?$/.test(raw) || !Number.isFinite(n) || Math.abs(n) >= 1e12)
      errors.push({ field: f, messageKey: 'entries.questions.errors.notANumber' });
    else numbers[f] = n;
  }
  if (errors.length) return { ok: false, errors, values };
  return {
    ok: true,
    question: {
      type: type as QuestionType,
      field: null,
      labelNl: String(values.labelNl),
      labelEn: String(values.labelEn),
      helpNl: String(values.helpNl),
      helpEn: String(values.helpEn),
      required: Boolean(values.required),
      hiddenFromJurors: Boolean(values.hiddenFromJurors),
      settings: {
        maxChars: numbers.maxChars,
        maxWords: numbers.maxWords,
        decimals: numbers.decimals,
        min: numbers.min,
        max: numbers.max,
        unit: String(values.unit),
        options: parseOptions(String(values.options)),
        multiple: Boolean(values.multiple),
      },
    },
  };
}
