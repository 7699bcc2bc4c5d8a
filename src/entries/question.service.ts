/**
 * Composing an edition's entry form. Every change runs in one transaction with its audit record. Once an entry of
 * the edition is submitted the structure is locked (questions cannot be added, removed, reordered or changed in
 * type, limits, options or required): only wording may be corrected, and that is audited like any change.
 */
import type { Knex } from 'knex';
import { recordAudit } from '../audit/audit.repo';
import type { AppContext } from '../context';
import { findEdition } from '../editions/edition.repo';
import { inTransaction, invalid, ok, refuse, type Result } from '../shared/result';
import type { User } from '../users/user.types';
import {
  deleteQuestion,
  findQuestion,
  hasSubmittedEntries,
  insertQuestion,
  listQuestions,
  setQuestionPositions,
  updateQuestion as writeQuestion,
} from './question.repo';
import {
  BUILTIN_TYPES,
  DEFAULT_QUESTIONS,
  isStructuralChange,
  MAX_QUESTIONS,
  settingsFor,
  validateQuestion,
} from './question.rules';
import type { Question, QuestionInput } from './question.types';

type Deps = Pick<AppContext, 'db' | 'clock'>;

const locked = () => refuse('conflict', 'entries.questions.errors.locked');

/** The questions of an edition's form, in order (for the entry form's parsing). */
export function editionQuestions(deps: Pick<AppContext, 'db'>, editionId: number): Promise<Question[]> {
  return listQuestions(deps.db, editionId);
}

/** Gives a new edition the default form. Part of the edition's own transaction. */
export async function insertDefaultQuestions(trx: Knex.Transaction, editionId: number): Promise<void> {
  for (const [i, q] of DEFAULT_QUESTIONS.entries()) await insertQuestion(trx, editionId, q, i + 1);
}

/** Copies an edition's form into another (copying an edition). Part of the copy's transaction. */
export async function copyQuestions(
  trx: Knex.Transaction,
  fromEditionId: number,
  toEditionId: number,
): Promise<void> {
  for (const q of await listQuestions(trx, fromEditionId)) {
    const { id: _id, editionId: _e, position, ...input } = q;
    await insertQuestion(trx, toEditionId, input, position);
  }
}

/** The question as it will be stored: an original question keeps its column and type; settings fit the type. */
function normalise(input: QuestionInput, stored?: Question): QuestionInput {
  const field = stored?.field ?? null;
  const type = field ? BUILTIN_TYPES[field] : input.type;
  return {
    ...input,
    field,
    type,
    labelNl: input.labelNl.trim(),
    labelEn: input.labelEn.trim(),
    helpNl: input.helpNl.trim(),
    helpEn: input.helpEn.trim(),
    settings: settingsFor(type, input.settings),
  };
}

const auditQuestion = (q: QuestionInput) => ({
  type: q.type,
  field: q.field,
  labelNl: q.labelNl,
  labelEn: q.labelEn,
  helpNl: q.helpNl,
  helpEn: q.helpEn,
  required: q.required,
  hiddenFromJurors: q.hiddenFromJurors,
  settings: q.settings,
});

/** Adds a question at the end of the form, while the form is not locked. */
export async function addQuestion(
  deps: Deps,
  input: { actor: User; editionId: number; question: QuestionInput },
): Promise<Result<number>> {
  const now = deps.clock.now();
  const question = normalise({ ...input.question, field: null });
  const errors = validateQuestion(question);
  if (errors.length) return invalid(errors);
  return inTransaction(deps.db, async (trx) => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return refuse('notFound', 'errors.404.message');
    if (await hasSubmittedEntries(trx, edition.id)) return locked();
    const questions = await listQuestions(trx, edition.id);
    if (questions.length >= MAX_QUESTIONS)
      return refuse('invalid', 'entries.questions.errors.tooMany', { params: { max: MAX_QUESTIONS } });
    const position = Math.max(0, ...questions.map((q) => q.position)) + 1;
    const id = await insertQuestion(trx, edition.id, question, position);
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'questions.add',
      subjectType: 'edition',
      subjectId: edition.id,
      after: { questionId: id, ...auditQuestion(question) },
      at: now,
    });
    return ok(id);
  });
}

/**
 * Changes a question. While the form is locked only its wording may change (and whether jurors of a blind edition
 * see it); anything else is refused with 409 and nothing is stored.
 */
export async function changeQuestion(
  deps: Deps,
  input: { actor: User; questionId: number; question: QuestionInput },
): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const stored = await findQuestion(trx, input.questionId);
    if (!stored) return refuse('notFound', 'errors.404.message');
    const question = normalise(input.question, stored);
    const errors = validateQuestion(question);
    if (errors.length) return invalid(errors);
    const isLocked = await hasSubmittedEntries(trx, stored.editionId);
    if (isLocked && isStructuralChange(stored, question)) return locked();
    await writeQuestion(trx, stored.id, question);
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: isLocked ? 'questions.wording' : 'questions.change',
      subjectType: 'edition',
      subjectId: stored.editionId,
      before: { questionId: stored.id, ...auditQuestion(stored) },
      after: { questionId: stored.id, ...auditQuestion(question) },
      at: now,
    });
    return ok();
  });
}

/** Removes a question (and the answers drafts gave it), while the form is not locked. */
export async function removeQuestion(
  deps: Deps,
  input: { actor: User; questionId: number },
): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const stored = await findQuestion(trx, input.questionId);
    if (!stored) return refuse('notFound', 'errors.404.message');
    if (await hasSubmittedEntries(trx, stored.editionId)) return locked();
    await deleteQuestion(trx, stored.id);
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'questions.remove',
      subjectType: 'edition',
      subjectId: stored.editionId,
      before: { questionId: stored.id, ...auditQuestion(stored) },
      at: now,
    });
    return ok();
  });
}

/** Moves a question one place up or down, while the form is not locked. */
export async function moveQuestion(
  deps: Deps,
  input: { actor: User; questionId: number; direction: 'up' | 'down' },
): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const stored = await findQuestion(trx, input.questionId);
    if (!stored) return refuse('notFound', 'errors.404.message');
    if (await hasSubmittedEntries(trx, stored.editionId)) return locked();
    const ids = (await listQuestions(trx, stored.editionId)).map((q) => q.id);
    const from = ids.indexOf(stored.id);
    const to = input.direction === 'up' ? from - 1 : from + 1;
    if (to < 0 || to >= ids.length) return ok();
    [ids[from], ids[to]] = [ids[to]!, ids[from]!];
    await setQuestionPositions(trx, stored.editionId, ids);
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'questions.move',
      subjectType: 'edition',
      subjectId: stored.editionId,
      before: { questionId: stored.id, position: from + 1 },
      after: { questionId: stored.id, position: to + 1 },
      at: now,
    });
    return ok();
  });
}
