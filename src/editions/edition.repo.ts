import { readReference } from '../db/reference-cache';
import { insertReturningId, toDate, toDateOrNull, type Row, type Queryable as Db } from '../db/db';
import type { RankingMoves } from '../jury/jury.types';
import type {
  Category,
  CategoryInput,
  Criterion,
  CriterionInput,
  Edition,
  EditionSettings,
  RuleChange,
} from './edition.types';
import type { Phase } from './phase';
import type { TieBreakRule } from '../results/results.types';

function toEdition(r: Row): Edition {
  return {
    id: Number(r.id),
    name: String(r.name),
    year: Number(r.year),
    introNl: String(r.intro_nl),
    introEn: String(r.intro_en),
    rulesNl: String(r.rules_nl),
    rulesEn: String(r.rules_en),
    prizeAmountCents: Number(r.prize_amount_cents),
    opensAt: toDateOrNull(r.opens_at),
    closesAt: toDateOrNull(r.closes_at),
    scoringDeadline: toDateOrNull(r.scoring_deadline),
    conferenceAt: toDateOrNull(r.conference_at),
    conferencePlace: String(r.conference_place),
    phase: r.phase as Edition['phase'],
    isCurrent: Boolean(r.is_current),
    scaleMin: Number(r.scale_min),
    scaleMax: Number(r.scale_max),
    maxFiles: Number(r.max_files),
    maxFileMb: Number(r.max_file_mb),
    allowedTypes: JSON.parse(String(r.allowed_types_json)),
    eligibleTypes: JSON.parse(String(r.eligible_types_json)),
    multipleEntriesPerOrg: Boolean(r.multiple_entries_per_org),
    blindJudging: Boolean(r.blind_judging),
    tieBreak: JSON.parse(String(r.tie_break_json)),
    aggregation: String(r.aggregation) as Edition['aggregation'],
    minScores: Number(r.min_scores),
    criteriaLockedAt: toDateOrNull(r.criteria_locked_at),
    version: Number(r.version),
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
  };
}

function settingsToRow(s: EditionSettings): Row {
  return {
    name: s.name,
    year: s.year,
    intro_nl: s.introNl,
    intro_en: s.introEn,
    rules_nl: s.rulesNl,
    rules_en: s.rulesEn,
    prize_amount_cents: s.prizeAmountCents,
    opens_at: s.opensAt,
    closes_at: s.closesAt,
    scoring_deadline: s.scoringDeadline,
    conference_at: s.conferenceAt,
    conference_place: s.conferencePlace,
    scale_min: s.scaleMin,
    scale_max: s.scaleMax,
    max_files: s.maxFiles,
    max_file_mb: s.maxFileMb,
    allowed_types_json: JSON.stringify(s.allowedTypes),
    eligible_types_json: JSON.stringify(s.eligibleTypes),
    multiple_entries_per_org: s.multipleEntriesPerOrg,
    blind_judging: s.blindJudging,
    tie_break_json: JSON.stringify(s.tieBreak),
    aggregation: s.aggregation,
    min_scores: s.minScores,
  };
}

function toCriterion(r: Row): Criterion {
  return {
    id: Number(r.id),
    editionId: Number(r.edition_id),
    position: Number(r.position),
    nameNl: String(r.name_nl),
    nameEn: String(r.name_en),
    descriptionNl: String(r.description_nl),
    descriptionEn: String(r.description_en),
    weight: Number(r.weight),
    anchorLowNl: String(r.anchor_low_nl),
    anchorMidNl: String(r.anchor_mid_nl),
    anchorHighNl: String(r.anchor_high_nl),
    anchorLowEn: String(r.anchor_low_en),
    anchorMidEn: String(r.anchor_mid_en),
    anchorHighEn: String(r.anchor_high_en),
  };
}

function criterionToRow(c: Omit<CriterionInput, 'id'>, position: number): Row {
  return {
    position,
    name_nl: c.nameNl,
    name_en: c.nameEn,
    description_nl: c.descriptionNl,
    description_en: c.descriptionEn,
    weight: c.weight,
    anchor_low_nl: c.anchorLowNl,
    anchor_mid_nl: c.anchorMidNl,
    anchor_high_nl: c.anchorHighNl,
    anchor_low_en: c.anchorLowEn,
    anchor_mid_en: c.anchorMidEn,
    anchor_high_en: c.anchorHighEn,
  };
}

function categoryToRow(c: Omit<CategoryInput, 'id'>, position: number): Row {
  return { code: c.code, name_nl: c.nameNl, name_en: c.nameEn, position };
}

const toCategory = (r: Row): Category => ({
  id: Number(r.id),
  editionId: Number(r.edition_id),
  code: String(r.code),
  nameNl: String(r.name_nl),
  nameEn: String(r.name_en),
  position: Number(r.position),
});

/** Kept per process between writes (db/reference-cache.ts), like the edition's criteria and categories. */
export async function findEdition(db: Db, id: number): Promise<Edition | undefined> {
  return readReference(db, `edition:${id}`, async () => {
    const row = await db('editions').where({ id }).first();
    return row ? toEdition(row) : undefined;
  });
}

export async function findCurrentEdition(db: Db): Promise<Edition | undefined> {
  const row = await db('editions').where({ is_current: true }).first();
  return row ? toEdition(row) : undefined;
}

export async function listEditions(db: Db): Promise<Edition[]> {
  return readReference(db, 'editions', async () => {
    const rows: Row[] = await db('editions').orderBy([
      { column: 'year', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
    return rows.map(toEdition);
  });
}

export async function insertEdition(db: Db, settings: EditionSettings, now: Date): Promise<number> {
  return insertReturningId(db, 'editions', {
    ...settingsToRow(settings),
    phase: 'concept',
    is_current: false,
    version: 0,
    created_at: now,
    updated_at: now,
  });
}

/** Updates only when nobody saved in between; returns false when the version moved on. */
export async function updateEditionSettings(
  db: Db,
  input: { id: number; version: number; settings: EditionSettings; now: Date },
): Promise<boolean> {
  const n = await db('editions')
    .where({ id: input.id, version: input.version })
    .update({ ...settingsToRow(input.settings), updated_at: input.now, version: input.version + 1 });
  return n === 1;
}

/**
 * What a service may change on an edition besides its settings form (updateEditionSettings), its phase (only
 * through the phase machine: updateEditionPhase) and which edition is current (setCurrentEdition).
 */
export interface EditionFieldsUpdate {
  id: number;
  now: Date;
  /** Ordered; the service makes sure the jury decision closes the list. */
  tieBreak?: TieBreakRule[];
}

/**
 * Writes the given fields and moves the version on, also when there are none: a change to the criteria makes an
 * edition form opened before it stale (its tie-break choices name the criteria).
 */
export async function updateEditionFields(db: Db, input: EditionFieldsUpdate): Promise<void> {
  await db('editions')
    .where({ id: input.id })
    .update({
      ...(input.tieBreak ? { tie_break_json: JSON.stringify(input.tieBreak) } : {}),
      updated_at: input.now,
    })
    .increment('version', 1);
}

/**
 * Writes a phase move only if the stored phase is still the one the move was planned from, so two organisers
 * moving the same edition at once cannot both succeed; false when it had moved on meanwhile.
 */
export async function updateEditionPhase(
  db: Db,
  input: { id: number; from: Phase; to: Phase; newClosesAt: Date | null; now: Date },
): Promise<boolean> {
  const n = await db('editions')
    .where({ id: input.id, phase: input.from })
    .update({
      phase: input.to,
      ...(input.newClosesAt ? { closes_at: input.newClosesAt } : {}),
      updated_at: input.now,
    })
    .increment('version', 1);
  return n === 1;
}

export async function setCurrentEdition(db: Db, id: number, now: Date): Promise<void> {
  await db('editions')
    .where({ is_current: true })
    .whereNot({ id })
    .update({ is_current: false, updated_at: now });
  await db('editions').where({ id }).update({ is_current: true, updated_at: now });
}

export async function listCriteria(db: Db, editionId: number): Promise<Criterion[]> {
  return readReference(db, `criteria:${editionId}`, async () => {
    const rows: Row[] = await db('criteria').where({ edition_id: editionId }).orderBy(['position', 'id']);
    return rows.map(toCriterion);
  });
}

export async function insertCriterion(
  db: Db,
  editionId: number,
  c: Omit<CriterionInput, 'id'>,
  position: number,
): Promise<number> {
  return insertReturningId(db, 'criteria', { edition_id: editionId, ...criterionToRow(c, position) });
}

export async function updateCriterion(
  db: Db,
  id: number,
  c: Omit<CriterionInput, 'id'>,
  position: number,
): Promise<void> {
  await db('criteria').where({ id }).update(criterionToRow(c, position));
}

export async function deleteCriteria(db: Db, ids: number[]): Promise<void> {
  if (ids.length) await db('criteria').whereIn('id', ids).del();
}

export async function listCategories(db: Db, editionId: number): Promise<Category[]> {
  return readReference(db, `categories:${editionId}`, async () => {
    const rows: Row[] = await db('categories').where({ edition_id: editionId }).orderBy(['position', 'id']);
    return rows.map(toCategory);
  });
}

export async function insertCategory(
  db: Db,
  editionId: number,
  c: Omit<CategoryInput, 'id'>,
  position: number,
): Promise<number> {
  return insertReturningId(db, 'categories', { edition_id: editionId, ...categoryToRow(c, position) });
}

export async function updateCategory(
  db: Db,
  id: number,
  c: Omit<CategoryInput, 'id'>,
  position: number,
): Promise<void> {
  await db('categories').where({ id }).update(categoryToRow(c, position));
}

export async function deleteCategories(db: Db, ids: number[]): Promise<void> {
  if (ids.length) await db('categories').whereIn('id', ids).del();
}

/** Records a change to the ranking rules made after scoring started (the service audits it too). */
export async function insertRuleChange(
  db: Db,
  input: {
    editionId: number;
    field: RuleChange['field'];
    before: string;
    after: string;
    reason: string;
    actorId: number;
    now: Date;
    /** What the change moved in the ranking, when made after scoring closed. */
    moves?: RankingMoves | null;
  },
): Promise<void> {
  await db('edition_rule_changes').insert({
    edition_id: input.editionId,
    field: input.field,
    before_value: input.before,
    after_value: input.after,
    reason: input.reason,
    changed_by_user_id: input.actorId,
    changed_at: input.now,
    moves_json: input.moves ? JSON.stringify(input.moves) : null,
  });
}

/** The rule changes made after scoring started, oldest first, with the name of who made them. */
export async function listRuleChanges(db: Db, editionId: number): Promise<RuleChange[]> {
  const rows: Row[] = await db('edition_rule_changes as c')
    .leftJoin('users as u', 'u.id', 'c.changed_by_user_id')
    .where('c.edition_id', editionId)
    .orderBy('c.id')
    .select(
      'c.id',
      'c.field',
      'c.before_value',
      'c.after_value',
      'c.reason',
      'c.changed_at',
      'c.moves_json',
      'u.name as user_name',
    );
  return rows.map((r) => ({
    id: Number(r.id),
    field: String(r.field) as RuleChange['field'],
    before: String(r.before_value),
    after: String(r.after_value),
    reason: String(r.reason),
    changedByName: r.user_name === null || r.user_name === undefined ? null : String(r.user_name),
    changedAt: toDate(r.changed_at),
    moves: r.moves_json ? (JSON.parse(String(r.moves_json)) as RankingMoves) : null,
  }));
}
