import {
  answerText,
  DEFAULT_QUESTIONS,
  formatAnswer,
  isStructuralChange,
  missingErrors,
  parseAnswer,
  parseOptions,
  readDate,
  readNumber,
  settingsFor,
  validateQuestion,
} from '../../../src/entries/question.rules';
import type { Question, QuestionInput } from '../../../src/entries/question.types';

const q = (type: Question['type'], settings: Question['settings'] = {}) => ({ type, settings });
const options = parseOptions('Gemeente | Municipality\nProvincie | Province\nWaterschap');

describe('reading an answer by its type', () => {
  it('short text: one line, within its limit; empty is no answer', () => {
    expect(parseAnswer(q('short_text', { maxChars: 5 }), ['  abc '])).toEqual({ ok: true, value: 'abc' });
    expect(parseAnswer(q('short_text'), ['   '])).toEqual({ ok: true, value: null });
    expect(parseAnswer(q('short_text', { maxChars: 5 }), ['abcdef'])).toEqual({
      ok: false,
      error: { messageKey: 'common.errors.tooLong', params: { max: 5 } },
    });
    expect(parseAnswer(q('short_text'), ['a\nb'])).toMatchObject({
      ok: false,
      error: { messageKey: 'entries.answers.errors.oneLine' },
    });
  });

  it('long text: a word limit and a character limit, control characters removed', () => {
    expect(parseAnswer(q('long_text', { maxWords: 3 }), ['een twee\r\ndrie\u0007'])).toEqual({
      ok: true,
      value: 'een twee\ndrie',
    });
    expect(parseAnswer(q('long_text', { maxWords: 3 }), ['een twee drie vier'])).toEqual({
      ok: false,
      error: { messageKey: 'entries.errors.tooManyWords', params: { max: 3, count: 4 } },
    });
    expect(parseAnswer(q('long_text', { maxChars: 3 }), ['abcd'])).toMatchObject({ ok: false });
  });

  it('number: Dutch and English notation, whole numbers unless decimals are allowed, within min and max', () => {
    expect(readNumber('1.234,50')).toBe(1234.5);
    expect(readNumber('1,234.50')).toBe(1234.5);
    expect(readNumber('€ 12,5')).toBe(12.5);
    expect(readNumber('12 500')).toBe(12500);
    expect(readNumber('1,2,3')).toBeNull();
    expect(readNumber('12a')).toBeNull();
    expect(readNumber('-')).toBeNull();
    const fte = q('number', { unit: 'FTE', decimals: 1, min: 0, max: 1000 });
    expect(parseAnswer(fte, ['2,5'])).toEqual({ ok: true, value: 2.5 });
    expect(parseAnswer(fte, [''])).toEqual({ ok: true, value: null });
    expect(parseAnswer(fte, ['2,55'])).toMatchObject({
      ok: false,
      error: { messageKey: 'entries.answers.errors.tooManyDecimals' },
    });
    expect(parseAnswer(fte, ['-1'])).toMatchObject({
      ok: false,
      error: { messageKey: 'entries.answers.errors.numberMin', params: { min: 0 } },
    });
    expect(parseAnswer(fte, ['1001'])).toMatchObject({
      ok: false,
      error: { messageKey: 'entries.answers.errors.numberMax' },
    });
    expect(parseAnswer(fte, ['veel'])).toMatchObject({
      ok: false,
      error: { messageKey: 'entries.answers.errors.notANumber' },
    });
    expect(parseAnswer(q('number'), ['3,5'])).toMatchObject({
      ok: false,
      error: { messageKey: 'entries.answers.errors.wholeNumber' },
    });
    expect(parseAnswer(q('number'), ['1e20'])).toMatchObject({ ok: false });
    expect(parseAnswer(q('number'), ['9999999999999'])).toMatchObject({ ok: false });
  });

  it('choice: only its own options; one unless several are allowed', () => {
    const one = q('choice', { options, multiple: false });
    const several = q('choice', { options, multiple: true });
    expect(parseAnswer(one, ['o2'])).toEqual({ ok: true, value: ['o2'] });
    expect(parseAnswer(one, ['o1', 'o2'])).toMatchObject({
      ok: false,
      error: { messageKey: 'entries.answers.errors.chooseOne' },
    });
    expect(parseAnswer(several, ['o1', 'o3', 'o1'])).toEqual({ ok: true, value: ['o1', 'o3'] });
    expect(parseAnswer(several, ['o9'])).toMatchObject({
      ok: false,
      error: { messageKey: 'entries.answers.errors.unknownOption' },
    });
    expect(parseAnswer(several, [])).toEqual({ ok: true, value: null });
  });

  it('yes/no: yes, no or nothing', () => {
    expect(parseAnswer(q('yes_no'), ['yes'])).toEqual({ ok: true, value: true });
    expect(parseAnswer(q('yes_no'), ['no'])).toEqual({ ok: true, value: false });
    expect(parseAnswer(q('yes_no'), ['maybe'])).toMatchObject({
      ok: false,
      error: { messageKey: 'entries.answers.errors.yesOrNo' },
    });
  });

  it('date: ISO or Dutch notation, only dates that exist', () => {
    expect(readDate('2027-03-01')).toBe('2027-03-01');
    expect(readDate('1-3-2027')).toBe('2027-03-01');
    expect(readDate('29-02-2027')).toBeNull();
    expect(readDate('29-02-2028')).toBe('2028-02-29');
    expect(readDate('gisteren')).toBeNull();
    expect(parseAnswer(q('date'), ['31-4-2027'])).toMatchObject({
      ok: false,
      error: { messageKey: 'entries.answers.errors.notADate' },
    });
  });

  it('organisations: ids only, one unless several are allowed, at most 30', () => {
    expect(parseAnswer(q('organisations', { multiple: true }), ['4', '7', '4'])).toEqual({
      ok: true,
      value: [4, 7],
    });
    expect(parseAnswer(q('organisations'), ['4', '7'])).toMatchObject({
      ok: false,
      error: { messageKey: 'entries.answers.errors.chooseOne' },
    });
    expect(parseAnswer(q('organisations'), ['Bunnik'])).toMatchObject({ ok: false });
    const many = Array.from({ length: 31 }, (_, i) => String(i + 1));
    expect(parseAnswer(q('organisations', { multiple: true }), many)).toMatchObject({
      ok: false,
      error: { messageKey: 'entries.answers.errors.tooManyOrganisations' },
    });
  });
});

describe('the form as a whole', () => {
  const questions: Question[] = DEFAULT_QUESTIONS.map((d, i) => ({
    ...d,
    id: i + 1,
    editionId: 1,
    position: i + 1,
  }));
  const number: Question = {
    ...questions[0]!,
    id: 99,
    field: null,
    type: 'number',
    labelNl: 'Aantal FTE',
    labelEn: 'FTE',
    required: true,
    settings: { unit: 'FTE' },
  };
  const filled = {
    title: 'T',
    categoryId: 1,
    summary: 's',
    problem: 'p',
    innovation: 'i',
    resultsEfficiency: 'e',
    resultsEffectiveness: 'e',
    transferability: 't',
    contactName: 'c',
    contactPhone: '1',
  };

  it('the default set asks today’s questions, each stored in its old column, contact hidden from blind jurors', () => {
    expect(DEFAULT_QUESTIONS.map((d) => d.field)).toEqual([
      'summary',
      'problem',
      'innovation',
      'resultsEfficiency',
      'resultsEffectiveness',
      'transferability',
      'contactName',
      'contactPhone',
    ]);
    expect(DEFAULT_QUESTIONS.every((d) => d.required && validateQuestion(d).length === 0)).toBe(true);
    expect(DEFAULT_QUESTIONS.filter((d) => d.hiddenFromJurors).map((d) => d.field)).toEqual([
      'contactName',
      'contactPhone',
    ]);
  });

  it('lists what is missing in form order, a new question by its label in the reader’s language', () => {
    const all = [...questions, number];
    expect(missingErrors(filled, all, new Map(), 'en')).toEqual([
      { field: 'q99', messageKey: 'entries.answers.missing', params: { label: 'FTE' } },
    ]);
    expect(missingErrors(filled, all, new Map([[99, 0]]), 'nl')).toEqual([]);
    expect(
      missingErrors({ ...filled, title: '', problem: ' ' }, questions, new Map(), 'nl').map((e) => e.field),
    ).toEqual(['title', 'problem']);
    expect(
      missingErrors(
        { ...filled, problem: '' },
        questions.map((x) => ({ ...x, required: false })),
        new Map(),
        'nl',
      ),
    ).toEqual([]);
  });
});

describe('composing questions', () => {
  const base: QuestionInput = {
    type: 'choice',
    field: null,
    labelNl: 'Soort',
    labelEn: 'Kind',
    helpNl: '',
    helpEn: '',
    required: true,
    hiddenFromJurors: false,
    settings: { options, multiple: false },
  };

  it('wording, option wording and the jurors flag are not structural; type, options, limits and required are', () => {
    const reworded = parseOptions('Gemeenten | Municipalities\nProvincies\nWaterschappen');
    expect(isStructuralChange(base, { ...base, labelNl: 'Soort organisatie', helpEn: 'x' })).toBe(false);
    expect(isStructuralChange(base, { ...base, settings: { options: reworded, multiple: false } })).toBe(
      false,
    );
    expect(isStructuralChange(base, { ...base, hiddenFromJurors: true })).toBe(false);
    expect(isStructuralChange(base, { ...base, type: 'short_text' })).toBe(true);
    expect(isStructuralChange(base, { ...base, required: false })).toBe(true);
    expect(
      isStructuralChange(base, { ...base, settings: { options: options.slice(0, 2), multiple: false } }),
    ).toBe(true);
    expect(isStructuralChange(base, { ...base, settings: { options, multiple: true } })).toBe(true);
  });

  it('checks a question before it is stored', () => {
    expect(validateQuestion(base)).toEqual([]);
    expect(validateQuestion({ ...base, labelNl: ' ' }).map((e) => e.field)).toEqual(['labelNl']);
    expect(
      validateQuestion({ ...base, settings: { options: options.slice(0, 1) } }).map((e) => e.field),
    ).toEqual(['options']);
    expect(
      validateQuestion({ ...base, type: 'number', settings: { min: 5, max: 1 } }).map((e) => e.field),
    ).toEqual(['min']);
    expect(
      validateQuestion({ ...base, type: 'long_text', field: 'summary', settings: { maxChars: 2000 } }).map(
        (e) => e.field,
      ),
    ).toEqual(['maxChars']);
    expect(
      validateQuestion({ ...base, type: 'number', field: 'summary', settings: {} }).map((e) => e.field),
    ).toContain('type');
    expect(settingsFor('number', { unit: '€', options, maxChars: 3 })).toEqual({ unit: '€' });
  });

  it('formats answers for pages and exports', () => {
    const ctx = { lng: 'nl' as const, yes: 'Ja', no: 'Nee', organisationName: (id: number) => `Org ${id}` };
    expect(formatAnswer({ type: 'number', settings: { unit: '€' } }, 125000, ctx)).toBe('€ 125.000');
    expect(formatAnswer({ type: 'number', settings: { unit: 'FTE', decimals: 1 } }, 2.5, ctx)).toBe(
      '2,5 FTE',
    );
    expect(
      formatAnswer({ type: 'number', settings: { unit: 'FTE', decimals: 1 } }, 2.5, { ...ctx, lng: 'en' }),
    ).toBe('2.5 FTE');
    expect(formatAnswer({ type: 'choice', settings: { options } }, ['o1', 'o3'], { ...ctx, lng: 'en' })).toBe(
      'Municipality, Waterschap',
    );
    expect(formatAnswer({ type: 'yes_no', settings: {} }, false, ctx)).toBe('Nee');
    expect(formatAnswer({ type: 'date', settings: {} }, '2027-03-01', ctx)).toBe('1-3-2027');
    expect(formatAnswer({ type: 'organisations', settings: {} }, [2, 5], ctx)).toBe('Org 2, Org 5');
    expect(formatAnswer({ type: 'short_text', settings: {} }, null, ctx)).toBe('');
  });

  it('writes an answer row as export text: yes/no in the reader’s words, the rest as formatted, empty stays empty', () => {
    const words = { yes: 'Ja', no: 'Nee' };
    expect(answerText({ text: '', yesNo: true }, words)).toBe('Ja');
    expect(answerText({ text: '', yesNo: false }, words)).toBe('Nee');
    expect(answerText({ text: '€ 125.000', yesNo: null }, words)).toBe('€ 125.000');
    expect(answerText({ text: '', yesNo: null }, words)).toBe('');
  });
});
