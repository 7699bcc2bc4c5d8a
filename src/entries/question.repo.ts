import { insertReturningId, type Row, type Queryable as Db } from '../db/db';
import type { AnswerValue, BuiltinField, Question, QuestionInput, QuestionType } from './question.types';

function toQuestion(r: Row): Question {
  let settings: object;
  try {
    settings = JSON.parse(String(r.settings ?? '{}')) as object;
  } catch {
    settings = {};
  }
  return {
    id: Number(r.id),
    editionId: Number(r.edition_id),
    position: Number(r.position),
    type: r.type as QuestionType,
    field: (r.field as BuiltinField | null) ?? null,
    labelNl: String(r.label_nl),
    labelEn: String(r.label_en ?? ''),
    helpNl: String(r.help_nl ?? ''),
    helpEn: String(r.help_en ?? ''),
    required: Boolean(r.required),
    hiddenFromJurors: Boolean(r.hidden_from_jurors),
    settings,
  };
}

const toRow = (q: QuestionInput): Row => ({
  type: q.type,
  field: q.field,
  label_nl: q.labelNl,
  label_en: q.labelEn,
  help_nl: q.helpNl,
  help_en: q.helpEn,
  required: q.required,
  hidden_from_jurors: q.hiddenFromJurors,
  settings: JSON.stringify(q.settings),
});

/** The questions of an edition's form, in order. */
export async function listQuestions(db: Db, editionId: number): Promise<Question[]> {
  const rows: Row[] = await db('entry_questions')
    .where({ edition_id: editionId })
    .orderBy(['position', 'id']);
  return rows.map(toQuestion);
}

export async function findQuestion(db: Db, id: number): Promise<Question | undefined> {
  const row = await db('entry_questions').where({ id }).first();
  return row ? toQuestion(row) : undefined;
}

export async function insertQuestion(
  db: Db,
  editionId: number,
  q: QuestionInput,
  position: number,
): Promise<number> {
  return insertReturningId(db, 'entry_questions', { edition_id: editionId, position, ...toRow(q) });
}

export async function updateQuestion(db: Db, id: number, q: QuestionInput): Promise<void> {
  await db('entry_questions').where({ id }).update(toRow(q));
}

export async function deleteQuestion(db: Db, id: number): Promise<void> {
  await db('entry_questions').where({ id }).del();
}

/** Writes the order of an edition's questions: the ids in their new order. */
export async function setQuestionPositions(db: Db, editionId: number, ids: readonly number[]): Promise<void> {
  for (const [i, id] of ids.entries())
    await db('entry_questions')
      .where({ id, edition_id: editionId })
      .update({ position: i + 1 });
}

/**
 * Whether the form's structure is fixed: once any entry of the edition was submitted (it is submitted now, or was
 * and is withdrawn), its answers must keep meaning what they meant.
 */
export async function hasSubmittedEntries(db: Db, editionId: number): Promise<boolean> {
  const row = await db('entries')
    .where({ edition_id: editionId })
    .where((q) => q.whereNotNull('submitted_at').orWhere('status', 'submitted'))
    .first('id');
  return Boolean(row);
}

function parseValue(text: unknown): AnswerValue | null {
  try {
    return JSON.parse(String(text)) as AnswerValue;
  } catch {
    return null;
  }
}

/** The stored answers of many entries: entry id → question id → value. */
export async function listAnswers(
  db: Db,
  entryIds: readonly number[],
): Promise<Map<number, Map<number, AnswerValue>>> {
  const result = new Map<number, Map<number, AnswerValue>>();
  for (let i = 0; i < entryIds.length; i += 500) {
    const rows: Row[] = await db('entry_answers').whereIn('entry_id', entryIds.slice(i, i + 500));
    for (const r of rows) {
      const value = parseValue(r.value);
      if (value === null) continue;
      const map = result.get(Number(r.entry_id)) ?? new Map<number, AnswerValue>();
      map.set(Number(r.question_id), value);
      result.set(Number(r.entry_id), map);
    }
  }
  return result;
}

export async function answersOf(db: Db, entryId: number): Promise<Map<number, AnswerValue>> {
  return (await listAnswers(db, [entryId])).get(entryId) ?? new Map();
}

/** Writes an entry's answers: a value replaces the stored one, null removes it. */
export async function saveAnswers(
  db: Db,
  entryId: number,
  answers: ReadonlyMap<number, AnswerValue | null>,
): Promise<void> {
  for (const [questionId, value] of answers) {
    await db('entry_answers').where({ entry_id: entryId, question_id: questionId }).del();
    if (value !== null)
      await db('entry_answers').insert({
        entry_id: entryId,
        question_id: questionId,
        value: JSON.stringify(value),
      });
  }
}

/** How many entries answered a question (the organiser is told before removing it). */
export async function countAnswers(db: Db, questionId: number): Promise<number> {
  const row = await db('entry_answers')
    .where({ question_id: questionId })
    .count<{ n: number }>({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}
