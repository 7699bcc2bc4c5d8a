import type { Knex } from 'knex';
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { copyQuestions, insertDefaultQuestions } from '../entries/question.service';
import type { TieBreakRule } from '../results/results.types';
import { inTransaction, invalid, ok, refuse, type FieldError, type Result } from '../shared/result';
import type { User } from '../users/user.types';
import {
  DEFAULT_CATEGORIES,
  DEFAULT_CRITERIA,
  DEFAULT_SCALE,
  validateWeights,
  criteriaErrorKey,
} from './criteria';
import {
  deleteCategories,
  deleteCriteria,
  findCurrentEdition,
  findEdition,
  insertCategory,
  insertCriterion,
  insertEdition,
  listCategories,
  listCriteria,
  setCurrentEdition,
  updateCategory,
  updateCriterion,
  updateEditionFields,
  updateEditionPhase,
  updateEditionSettings,
  insertRuleChange,
} from './edition.repo';
import type { PostedSettings } from './edition.schemas';
import {
  DEFAULT_MIN_SCORES,
  rankingRuleChangeProblem,
  rankingRuleChanges,
  rankingRulesLocked,
  resolveRankingRules,
} from './ranking-rules';
import {
  CRITERION_TEXTS,
  type Category,
  type CategoryFormRow,
  type CategoryInput,
  type Criterion,
  type CriterionFormRow,
  type CriterionText,
  type Edition,
  type EditionSettings,
} from './edition.types';
import { effectivePhase, moveErrorKey, planMove, type Phase } from './phase';
import { isScoringClosed } from '../jury/scoring.rules';
import type { RankingMoves } from '../jury/jury.types';
import type { WithRankingMoves } from '../results/ranking-moves.service';

type Deps = Pick<AppContext, 'db' | 'clock'>;

const editionNotFound = () => refuse('notFound', 'errors.404.message');

/** What a new edition starts with; the organiser changes what differs this year. */
export function defaultSettings(year: number): EditionSettings {
  return {
    name: `Innovatieprijs ${year}`,
    year,
    introNl: '',
    introEn: '',
    rulesNl: '',
    rulesEn: '',
    prizeAmountCents: 250000,
    opensAt: null,
    closesAt: null,
    scoringDeadline: null,
    conferenceAt: null,
    conferencePlace: '',
    scaleMin: DEFAULT_SCALE.min,
    scaleMax: DEFAULT_SCALE.max,
    maxFiles: 5,
    maxFileMb: 10,
    allowedTypes: ['pdf', 'docx', 'xlsx', 'pptx', 'png', 'jpeg'],
    eligibleTypes: ['gemeente', 'ssc', 'provincie', 'waterschap'],
    multipleEntriesPerOrg: true,
    blindJudging: false,
    tieBreak: [{ kind: 'firstPlaces' }, { kind: 'juryDecision' }],
    aggregation: 'mean',
    minScores: DEFAULT_MIN_SCORES,
  };
}

export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'categorie'
  );
}

/** The jury-decision rule always closes the list: a tie nothing else breaks is decided by people. */
function normaliseTieBreak(rules: TieBreakRule[]): TieBreakRule[] {
  const withoutJury = rules.filter((r) => r.kind !== 'juryDecision');
  return [...withoutJury, { kind: 'juryDecision' }];
}

/** Creates an edition in `concept` with the default criteria and categories; the first one becomes current. */
export async function createEdition(
  deps: Deps,
  input: { actor: User; settings: PostedSettings | EditionSettings },
): Promise<Result<number>> {
  const now = deps.clock.now();
  const defaults = defaultSettings(input.settings.year);
  const settings: EditionSettings = { ...input.settings, ...resolveRankingRules(defaults, input.settings) };
  return inTransaction(deps.db, async (trx) => {
    const id = await insertEdition(trx, { ...settings, tieBreak: [{ kind: 'juryDecision' }] }, now);
    const criterionIds: number[] = [];
    for (const [i, c] of DEFAULT_CRITERIA.entries())
      criterionIds.push(await insertCriterion(trx, id, c, i + 1));
    for (const [i, c] of DEFAULT_CATEGORIES.entries()) await insertCategory(trx, id, c, i + 1);
    await insertDefaultQuestions(trx, id);
    // Default tie-break: the highest score on innovativeness, then most first places, then the jury decides.
    const tieBreak = normaliseTieBreak([
      { kind: 'criterion', criterionId: criterionIds[0]! },
      ...settings.tieBreak,
    ]);
    await updateEditionFields(trx, { id, tieBreak, now });
    if (!(await findCurrentEdition(trx))) await setCurrentEdition(trx, id, now);
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'edition.create',
      subjectType: 'edition',
      subjectId: id,
      after: { ...settings, tieBreak },
      at: now,
    });
    return ok(id);
  });
}

const SETTINGS_LOCKED_BY_SCORES: Array<keyof EditionSettings> = ['scaleMin', 'scaleMax', 'tieBreak'];

function changedFields(before: EditionSettings, after: EditionSettings): Array<keyof EditionSettings> {
  return (Object.keys(after) as Array<keyof EditionSettings>).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
}

function pickFields<T extends object>(obj: T, keys: Array<keyof T>): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, obj[k]])) as Partial<T>;
}

/**
 * Saves the edition form. Refuses a stale form (someone else saved first: conflict) and, after the first score,
 * changes to the scale and the tie-break rules (invalid). The aggregation and the minimum number of scores may
 * change after the first score only with a reason: recorded (edition_rule_changes, printed in the jury report)
 * and audited in the same transaction.
 */
export async function updateEdition(
  deps: Deps & { measureMoves?: WithRankingMoves },
  input: {
    actor: User;
    editionId: number;
    version: number;
    settings: PostedSettings | EditionSettings;
    rulesChangeReason?: string;
  },
): Promise<Result<{ moves: RankingMoves | null }>> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx): Promise<Result<{ moves: RankingMoves | null }>> => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return editionNotFound();
    if (edition.version !== input.version) return refuse('conflict', 'editions.errors.staleForm');
    const settings: EditionSettings = {
      ...input.settings,
      ...resolveRankingRules(edition, input.settings),
      tieBreak: normaliseTieBreak(input.settings.tieBreak),
    };
    const changed = changedFields(edition, settings);
    const ruleChanges = rankingRuleChanges(edition, settings);
    const reason = (input.rulesChangeReason ?? '').trim();
    const locked = rankingRulesLocked(edition);
    if (rankingRuleChangeProblem({ locked, changes: ruleChanges, reason }))
      return invalid([
        { field: 'rulesChangeReason', messageKey: 'editions.errors.rulesChangeReasonRequired' },
      ]);
    if (edition.criteriaLockedAt) {
      const locked = changed.filter((k) => SETTINGS_LOCKED_BY_SCORES.includes(k));
      if (locked.length)
        return invalid(
          locked.map((k) => ({
            field: k === 'tieBreak' ? 'tieBreak1' : k,
            messageKey: 'editions.errors.lockedByScores',
          })),
        );
    }
    const criteria = await listCriteria(trx, edition.id);
    const unknownCriterion = settings.tieBreak.find(
      (r) => r.kind === 'criterion' && !criteria.some((c) => c.id === r.criterionId),
    );
    if (unknownCriterion)
      return refuse('invalid', 'editions.errors.tieBreakCriterion', { field: 'tieBreak1' });
    if (changed.length === 0) return ok({ moves: null });
    const save = () => updateEditionSettings(trx, { id: edition.id, version: input.version, settings, now });
    // After scoring closed a change of method or minimum moves a ranking people have seen: measure what it moved.
    let saved = false;
    const moves =
      locked && ruleChanges.length && deps.measureMoves && isScoringClosed(edition, now)
        ? await deps.measureMoves(trx, { edition, now, change: async () => (saved = await save()) })
        : null;
    if (!moves) saved = saved || (await save());
    if (!saved) return refuse('conflict', 'editions.errors.staleForm');
    if (locked) {
      for (const change of ruleChanges) {
        await insertRuleChange(trx, {
          editionId: edition.id,
          ...change,
          reason,
          actorId: input.actor.id,
          now,
          moves,
        });
        await recordAudit(trx, {
          actorUserId: input.actor.id,
          action: 'edition.rules_change',
          subjectType: 'edition',
          subjectId: edition.id,
          before: { [change.field]: change.before },
          after: { [change.field]: change.after, ...(moves ? { moves } : {}) },
          reason,
          at: now,
        });
      }
    }
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'edition.update',
      subjectType: 'edition',
      subjectId: edition.id,
      before: pickFields(edition, changed),
      after: pickFields(settings, changed),
      at: now,
    });
    return ok({ moves });
  });
}

const addYear = (d: Date | null) => (d ? new Date(new Date(d).setUTCFullYear(d.getUTCFullYear() + 1)) : null);

/** Copies texts, limits, criteria, categories and the entry form (not entries or jurors) into a new concept edition a year later. */
export async function copyEdition(
  deps: Deps,
  input: { actor: User; sourceId: number },
): Promise<Result<number>> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const source = await findEdition(trx, input.sourceId);
    if (!source) return editionNotFound();
    const year = source.year + 1;
    const settings: EditionSettings = {
      ...source,
      year,
      name: source.name.includes(String(source.year))
        ? source.name.replace(String(source.year), String(year))
        : `${source.name} (${year})`,
      opensAt: addYear(source.opensAt),
      closesAt: addYear(source.closesAt),
      scoringDeadline: addYear(source.scoringDeadline),
      conferenceAt: addYear(source.conferenceAt),
      tieBreak: [{ kind: 'juryDecision' }],
    };
    const id = await insertEdition(trx, settings, now);
    const idMap = new Map<number, number>();
    for (const c of await listCriteria(trx, source.id))
      idMap.set(c.id, await insertCriterion(trx, id, c, c.position));
    for (const c of await listCategories(trx, source.id)) await insertCategory(trx, id, c, c.position);
    await copyQuestions(trx, source.id, id);
    const tieBreak = source.tieBreak.map((r) =>
      r.kind === 'criterion' ? { kind: 'criterion' as const, criterionId: idMap.get(r.criterionId)! } : r,
    );
    await updateEditionFields(trx, { id, tieBreak: normaliseTieBreak(tieBreak), now });
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'edition.copy',
      subjectType: 'edition',
      subjectId: id,
      after: { copiedFrom: source.id, name: settings.name },
      at: now,
    });
    return ok(id);
  });
}

const criterionSummary = (c: Pick<Criterion, 'id' | 'nameNl' | 'weight'>) => ({
  id: c.id,
  name: c.nameNl,
  weight: c.weight,
});

/** The row as it will be stored: texts not sent come from the stored criterion, the English name from the Dutch. */
function completeRow(row: CriterionFormRow, stored: Criterion | undefined) {
  const text = (f: CriterionText) => row[f] ?? stored?.[f] ?? '';
  const texts = Object.fromEntries(CRITERION_TEXTS.map((f) => [f, text(f)])) as Record<CriterionText, string>;
  return { ...texts, nameEn: texts.nameEn || texts.nameNl, id: row.id, weight: row.weight };
}

/**
 * Saves the whole criteria list at once (so the weights are checked together). Before the first score anything
 * may change; after it only weights, and only with a reason that goes into the audit log.
 */
export async function saveCriteria(
  deps: Deps,
  input: { actor: User; editionId: number; rows: CriterionFormRow[]; removeIds: number[]; reason: string },
): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return editionNotFound();
    const existing = await listCriteria(trx, edition.id);
    const stored = new Map(existing.map((c) => [c.id, c]));
    if (input.rows.some((r) => r.id !== null && !stored.has(r.id)))
      return refuse('invalid', 'editions.errors.unknownCriterion', { field: 'weights' });
    const rows = input.rows.map((r) => completeRow(r, r.id === null ? undefined : stored.get(r.id)));
    const kept = rows.filter((r) => r.id === null || !input.removeIds.includes(r.id));
    const removed = existing.filter((c) => input.removeIds.includes(c.id));

    const weights = validateWeights(kept.map((r) => r.weight));
    if (!weights.ok)
      return refuse('invalid', criteriaErrorKey(weights.error), {
        field: 'weights',
        params: { total: weights.total },
      });
    const tieBreakCriterion = edition.tieBreak.find((r) => r.kind === 'criterion');
    if (
      tieBreakCriterion?.kind === 'criterion' &&
      removed.some((c) => c.id === tieBreakCriterion.criterionId)
    ) {
      return refuse('invalid', 'editions.errors.criterionInTieBreak', { field: 'weights' });
    }

    if (edition.criteriaLockedAt) {
      const structural =
        removed.length > 0 ||
        kept.some((r) => {
          const before = r.id === null ? undefined : stored.get(r.id);
          return !before || CRITERION_TEXTS.some((f) => r[f] !== before[f]);
        });
      if (structural) return refuse('invalid', criteriaErrorKey('criteria_locked'), { field: 'weights' });
      if (!input.reason.trim())
        return refuse('invalid', criteriaErrorKey('weight_reason_required'), { field: 'reason' });
    }

    await deleteCriteria(
      trx,
      removed.map((c) => c.id),
    );
    for (const [i, row] of kept.entries()) {
      if (row.id === null) await insertCriterion(trx, edition.id, row, i + 1);
      else await updateCriterion(trx, row.id, row, i + 1);
    }
    const after = await listCriteria(trx, edition.id);
    await updateEditionFields(trx, { id: edition.id, now });
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: edition.criteriaLockedAt ? 'criteria.reweight' : 'criteria.update',
      subjectType: 'edition',
      subjectId: edition.id,
      before: existing.map(criterionSummary),
      after: after.map(criterionSummary),
      reason: input.reason.trim() || null,
      at: now,
    });
    return ok();
  });
}

/** Saves the category list; codes stay stable (exports and filters use them), names may change. */
export async function saveCategories(
  deps: Deps,
  input: { actor: User; editionId: number; rows: CategoryFormRow[]; removeIds: number[] },
): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return editionNotFound();
    const existing = await listCategories(trx, edition.id);
    const kept = input.rows.filter((r) => r.id === null || !input.removeIds.includes(r.id));
    if (kept.length === 0) return refuse('invalid', 'editions.errors.noCategories', { field: 'categories' });
    if (input.rows.some((r) => r.id !== null && !existing.some((c) => c.id === r.id)))
      return refuse('invalid', 'editions.errors.unknownCategory', { field: 'categories' });
    const usedCodes = new Set(existing.filter((c) => !input.removeIds.includes(c.id)).map((c) => c.code));
    await deleteCategories(
      trx,
      existing.filter((c) => input.removeIds.includes(c.id)).map((c) => c.id),
    );
    for (const [i, row] of kept.entries()) {
      const category: Omit<CategoryInput, 'id' | 'code'> = {
        nameNl: row.nameNl,
        nameEn: row.nameEn || row.nameNl,
      };
      const before = existing.find((c) => c.id === row.id);
      if (before) {
        await updateCategory(trx, before.id, { ...category, code: before.code }, i + 1);
      } else {
        let code = slugify(row.nameNl);
        for (let n = 2; usedCodes.has(code); n++) code = `${slugify(row.nameNl)}-${n}`;
        usedCodes.add(code);
        await insertCategory(trx, edition.id, { ...category, code }, i + 1);
      }
    }
    const after = await listCategories(trx, edition.id);
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'categories.update',
      subjectType: 'edition',
      subjectId: edition.id,
      before: existing.map((c) => ({ code: c.code, name: c.nameNl })),
      after: after.map((c) => ({ code: c.code, name: c.nameNl })),
      at: now,
    });
    return ok();
  });
}

/** What must be in place before an edition can be published; each item is a catalogue key. */
export function publishProblems(edition: Edition, criteria: Criterion[], categories: Category[]): string[] {
  const problems: string[] = [];
  if (!edition.introNl.trim()) problems.push('editions.publish.needsIntro');
  if (!edition.opensAt || !edition.closesAt) problems.push('editions.publish.needsDates');
  if (!edition.scoringDeadline) problems.push('editions.publish.needsScoringDeadline');
  if (!validateWeights(criteria.map((c) => c.weight)).ok) problems.push('editions.publish.needsCriteria');
  if (categories.length === 0) problems.push('editions.publish.needsCategories');
  return problems;
}

/**
 * Moves an edition to another phase by hand (the phase form). The move is checked against the effective phase
 * (a passed deadline counts as closed); reopening needs a reason, and reopening submissions a new deadline.
 */
export async function movePhase(
  deps: Deps,
  input: { actor: User; editionId: number; to: string; reason: string; newClosesAt: Date | null },
): Promise<Result<Phase>> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return editionNotFound();
    return applyPhaseMove(trx, {
      actor: input.actor,
      edition,
      to: input.to,
      reason: input.reason,
      newClosesAt: input.newClosesAt,
      now,
    });
  });
}

/**
 * The one way an edition's stored phase changes, inside the caller's transaction: the move is checked (planMove;
 * publishing needs a complete edition), written only if nobody moved the edition meanwhile (else a conflict), and
 * audited as `edition.phase_forward` or `edition.phase_reopen`. Used by the phase form (movePhase) and by the
 * results (recording the winner moves to `decided`, announcing to `announced`). A refusal writes nothing; the
 * caller decides whether its own transaction goes on.
 */
export async function applyPhaseMove(
  trx: Knex.Transaction,
  input: {
    actor: User;
    /** As read in this transaction. */
    edition: Edition;
    /** Untrusted: usually straight from a form. */
    to: string;
    reason: string;
    newClosesAt: Date | null;
    now: Date;
    /** Set only by announceResults, which marks the decision announced in the same transaction. */
    announcing?: boolean;
  },
): Promise<Result<Phase>> {
  const { edition, now } = input;
  const from = effectivePhase(edition, now);
  // Only a move to `open` (publishing, reopening submissions) sets a new deadline.
  const newClosesAt = input.to === 'open' ? input.newClosesAt : null;
  const closesAt = newClosesAt ?? edition.closesAt;
  const plan = planMove({
    from,
    to: input.to,
    reason: input.reason,
    isAdmin: input.actor.role === 'admin',
    closesAt,
    now,
  });
  if (!plan.ok) {
    const field =
      plan.error === 'reason_required' ? 'reason' : plan.error === 'deadline_passed' ? 'closesAt' : 'to';
    return refuse('invalid', moveErrorKey(plan.error), { field });
  }
  const to = input.to as Phase;
  // Announcing publishes the winner: only the announce action of the results does it (results.service.ts).
  if (to === 'announced' && !input.announcing)
    return refuse('invalid', 'results.errors.announce.usePage', { field: 'to' });
  if (from === 'concept' && to === 'open') {
    const problems = publishProblems(
      edition,
      await listCriteria(trx, edition.id),
      await listCategories(trx, edition.id),
    );
    if (problems.length)
      return invalid(problems.map((messageKey): FieldError => ({ field: 'to', messageKey })));
  }
  const moved = await updateEditionPhase(trx, { id: edition.id, from: edition.phase, to, newClosesAt, now });
  if (!moved) return refuse('conflict', 'editions.errors.staleForm', { field: 'to' });
  await recordAudit(trx, {
    actorUserId: input.actor.id,
    action: plan.kind === 'forward' ? 'edition.phase_forward' : 'edition.phase_reopen',
    subjectType: 'edition',
    subjectId: edition.id,
    before: { phase: from, closesAt: edition.closesAt },
    after: { phase: to, closesAt },
    reason: input.reason.trim() || null,
    at: now,
  });
  return ok(to);
}

/** Makes this the edition the public pages show. */
export async function makeCurrent(deps: Deps, input: { actor: User; editionId: number }): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return editionNotFound();
    if (edition.isCurrent) return ok();
    const previous = await findCurrentEdition(trx);
    await setCurrentEdition(trx, edition.id, now);
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'edition.make_current',
      subjectType: 'edition',
      subjectId: edition.id,
      before: { current: previous?.id ?? null },
      after: { current: edition.id },
      at: now,
    });
    return ok();
  });
}
