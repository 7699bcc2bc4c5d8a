import { insertReturningId, toDate, toDateOrNull, type Row, type Queryable as Db } from '../db/db';
import type { Eligibility, EntryStatus } from './entry.rules';
import type { Entry, EntryDraft, EntryListItem, EntrySummary } from './entry.types';

const TEXT_COLUMNS = {
  title: 'title',
  summary: 'summary',
  problem: 'problem',
  innovation: 'innovation',
  resultsEfficiency: 'results_efficiency',
  resultsEffectiveness: 'results_effectiveness',
  transferability: 'transferability',
  contactName: 'contact_name',
  contactPhone: 'contact_phone',
} as const;

function toEntry(r: Row): Entry {
  const text = (column: string) => String(r[column] ?? '');
  // Spelled out rather than built from TEXT_COLUMNS: this runs for every row of every list (500 on the jury's
  // pages), and an object assembled with fromEntries + spread cost ~40 µs per row against ~1 µs for this.
  return {
    title: text(TEXT_COLUMNS.title),
    summary: text(TEXT_COLUMNS.summary),
    problem: text(TEXT_COLUMNS.problem),
    innovation: text(TEXT_COLUMNS.innovation),
    resultsEfficiency: text(TEXT_COLUMNS.resultsEfficiency),
    resultsEffectiveness: text(TEXT_COLUMNS.resultsEffectiveness),
    transferability: text(TEXT_COLUMNS.transferability),
    contactName: text(TEXT_COLUMNS.contactName),
    contactPhone: text(TEXT_COLUMNS.contactPhone),
    id: Number(r.id),
    editionId: Number(r.edition_id),
    number: Number(r.number),
    organisationId: Number(r.organisation_id),
    createdByUserId: r.created_by_user_id === null ? null : Number(r.created_by_user_id),
    categoryId: r.category_id === null ? null : Number(r.category_id),
    status: r.status as EntryStatus,
    eligibility: r.eligibility as Eligibility,
    eligibilityReason: (r.eligibility_reason as string | null) ?? null,
    submittedAt: toDateOrNull(r.submitted_at),
    lastEditedAfterSubmitAt: toDateOrNull(r.last_edited_after_submit_at),
    withdrawnAt: toDateOrNull(r.withdrawn_at),
    version: Number(r.version),
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
  };
}

function draftToRow(d: EntryDraft): Row {
  const row: Row = { category_id: d.categoryId };
  for (const [k, col] of Object.entries(TEXT_COLUMNS)) row[col] = d[k as keyof typeof TEXT_COLUMNS];
  return row;
}

export async function findEntry(db: Db, id: number): Promise<Entry | undefined> {
  const row = await db('entries').where({ id }).first();
  return row ? toEntry(row) : undefined;
}

/** Numbers entries per edition in order of creation; the unique index catches a race. */
export async function nextEntryNumber(db: Db, editionId: number): Promise<number> {
  const row = await db('entries')
    .where({ edition_id: editionId })
    .max<{ n: number | null }>({ n: 'number' })
    .first();
  return Number(row?.n ?? 0) + 1;
}

export async function insertEntry(
  db: Db,
  input: {
    editionId: number;
    organisationId: number;
    userId: number;
    draft: EntryDraft;
    now: Date;
  },
): Promise<number> {
  return insertReturningId(db, 'entries', {
    ...draftToRow(input.draft),
    edition_id: input.editionId,
    number: await nextEntryNumber(db, input.editionId),
    organisation_id: input.organisationId,
    created_by_user_id: input.userId,
    status: 'draft',
    eligibility: 'pending',
    version: 0,
    created_at: input.now,
    updated_at: input.now,
  });
}

/** Saves the content only if nobody saved since `version` was read; false means someone else did. */
export async function updateEntryContent(
  db: Db,
  input: {
    id: number;
    version: number;
    draft: EntryDraft;
    now: Date;
  },
): Promise<boolean> {
  const n = await db('entries')
    .where({ id: input.id, version: input.version })
    .update({
      ...draftToRow(input.draft),
      version: input.version + 1,
      updated_at: input.now,
    });
  return n === 1;
}

/**
 * Notes that a submitted entry changed. Leaves `version` alone: it guards the text form against a colleague's
 * save, and adding a file must not make an open form stale.
 */
export async function markEditedAfterSubmit(db: Db, id: number, now: Date): Promise<void> {
  await db('entries').where({ id }).update({ last_edited_after_submit_at: now, updated_at: now });
}

/**
 * Moves an entry from one status to another, with the dates that go with it: submitting sets `submitted_at` (and
 * clears a withdrawal), withdrawing sets `withdrawn_at`, taking back into draft clears both. Only the entry
 * service calls this, after its state machine allowed the move (and test factories, to set up an entry). False
 * when the entry was no longer in `from`.
 */
export async function moveEntryStatus(
  db: Db,
  input: { id: number; from: EntryStatus; to: EntryStatus; now: Date },
): Promise<boolean> {
  const dates =
    input.to === 'submitted'
      ? { submitted_at: input.now, withdrawn_at: null }
      : input.to === 'withdrawn'
        ? { withdrawn_at: input.now }
        : { withdrawn_at: null, submitted_at: null };
  const n = await db('entries')
    .where({ id: input.id, status: input.from })
    .update({ status: input.to, ...dates, updated_at: input.now })
    .increment('version', 1);
  return n === 1;
}

/** What changes in an entry besides its form and its status: the organisers' eligibility decision. */
export type EntryFields = Partial<EntryDraft> & {
  eligibility?: Eligibility;
  eligibilityReason?: string | null;
};

/** Writes the given fields (the status moves only through moveEntryStatus). */
export async function updateEntryFields(db: Db, id: number, fields: EntryFields, now: Date): Promise<void> {
  const row: Row = {};
  for (const [key, column] of Object.entries(TEXT_COLUMNS)) {
    const value = fields[key as keyof typeof TEXT_COLUMNS];
    if (value !== undefined) row[column] = value;
  }
  if (fields.categoryId !== undefined) row.category_id = fields.categoryId;
  if (fields.eligibility !== undefined) row.eligibility = fields.eligibility;
  if (fields.eligibilityReason !== undefined) row.eligibility_reason = fields.eligibilityReason;
  await db('entries')
    .where({ id })
    .update({ ...row, updated_at: now })
    .increment('version', 1);
}

export interface EntryFilter {
  editionId: number;
  organisationId?: number;
  status?: EntryStatus;
  eligibility?: Eligibility;
  categoryId?: number;
}

export async function listEntries(db: Db, filter: EntryFilter): Promise<EntryListItem[]> {
  const q = db('entries as e')
    .join('organisations as o', 'o.id', 'e.organisation_id')
    .leftJoin('categories as c', 'c.id', 'e.category_id')
    .where('e.edition_id', filter.editionId)
    .select(
      'e.*',
      'o.name as organisation_name',
      'c.name_nl as category_name_nl',
      'c.name_en as category_name_en',
    )
    .orderBy('e.number');
  if (filter.organisationId) q.where('e.organisation_id', filter.organisationId);
  if (filter.status) q.where('e.status', filter.status);
  if (filter.eligibility) q.where('e.eligibility', filter.eligibility);
  if (filter.categoryId) q.where('e.category_id', filter.categoryId);
  const rows: Row[] = await q;
  return rows.map((r) =>
    // Extending the entry in place: spreading it into a new object cost more than the query itself for 500 rows.
    Object.assign(toEntry(r), {
      organisationName: String(r.organisation_name),
      categoryNameNl: (r.category_name_nl as string | null) ?? null,
      categoryNameEn: (r.category_name_en as string | null) ?? null,
    }),
  );
}

/**
 * The entries of a list the jury pages show (dashboard, progress, assignment, conflicts): number, title and
 * entrant only. The columns after the long texts live in SQLite's overflow pages, so leaving them out makes 500
 * entries about five times cheaper to read than even a list without the texts.
 */
export async function listEntrySummaries(
  db: Db,
  filter: Pick<EntryFilter, 'editionId' | 'status' | 'eligibility'>,
): Promise<EntrySummary[]> {
  const q = db('entries as e')
    .join('organisations as o', 'o.id', 'e.organisation_id')
    .where('e.edition_id', filter.editionId)
    .select('e.id', 'e.edition_id', 'e.number', 'e.organisation_id', 'e.title', 'o.name as organisation_name')
    .orderBy('e.number');
  if (filter.status) q.where('e.status', filter.status);
  if (filter.eligibility) q.where('e.eligibility', filter.eligibility);
  const rows: Row[] = await q;
  return rows.map((r) => ({
    id: Number(r.id),
    editionId: Number(r.edition_id),
    number: Number(r.number),
    organisationId: Number(r.organisation_id),
    title: String(r.title),
    organisationName: String(r.organisation_name),
  }));
}

export async function listPartnerIds(db: Db, entryId: number): Promise<number[]> {
  const rows: Row[] = await db('entry_partners').where({ entry_id: entryId }).orderBy('organisation_id');
  return rows.map((r) => Number(r.organisation_id));
}

/** Partner organisations of many entries in one query (the conflict check needs them all at once). */
export async function listPartnersOf(db: Db, entryIds: readonly number[]): Promise<Map<number, number[]>> {
  const result = new Map<number, number[]>();
  if (entryIds.length === 0) return result;
  const rows: Row[] = await db('entry_partners')
    .whereIn('entry_id', entryIds)
    .orderBy(['entry_id', 'organisation_id']);
  for (const r of rows) {
    const list = result.get(Number(r.entry_id)) ?? [];
    list.push(Number(r.organisation_id));
    result.set(Number(r.entry_id), list);
  }
  return result;
}

/** Adds a partner; false when it already was one. */
export async function insertPartner(db: Db, entryId: number, organisationId: number): Promise<boolean> {
  const already = await db('entry_partners')
    .where({ entry_id: entryId, organisation_id: organisationId })
    .first();
  if (already) return false;
  await db('entry_partners').insert({ entry_id: entryId, organisation_id: organisationId });
  return true;
}

/** Removes a partner; false when it was none. */
export async function deletePartner(db: Db, entryId: number, organisationId: number): Promise<boolean> {
  return (await db('entry_partners').where({ entry_id: entryId, organisation_id: organisationId }).del()) > 0;
}

/** An organisation's entries in every edition, newest edition first: the organisation's history. */
export interface OrganisationEntry {
  id: number;
  editionId: number;
  editionYear: number;
  editionName: string;
  number: number;
  title: string;
  status: EntryStatus;
  organisationId: number;
  submittedAt: Date | null;
}

export async function listEntriesOfOrganisations(
  db: Db,
  organisationIds: readonly number[],
): Promise<OrganisationEntry[]> {
  if (organisationIds.length === 0) return [];
  const rows: Row[] = await db('entries as e')
    .join('editions as ed', 'ed.id', 'e.edition_id')
    .whereIn('e.organisation_id', organisationIds)
    .select(
      'e.id',
      'e.edition_id',
      'ed.year',
      'ed.name as edition_name',
      'e.number',
      'e.title',
      'e.status',
      'e.organisation_id',
      'e.submitted_at',
    )
    .orderBy([{ column: 'ed.year', order: 'desc' }, { column: 'e.number' }]);
  return rows.map((r) => ({
    id: Number(r.id),
    editionId: Number(r.edition_id),
    editionYear: Number(r.year),
    editionName: String(r.edition_name),
    number: Number(r.number),
    title: String(r.title),
    status: r.status as EntryStatus,
    organisationId: Number(r.organisation_id),
    submittedAt: toDateOrNull(r.submitted_at),
  }));
}
