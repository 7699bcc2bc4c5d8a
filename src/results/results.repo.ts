/**
 * The only place the results domain talks to the database: the jury's final scores (read in one query, however
 * large the edition), and the deliberation tables this domain owns (nominations, jury notes, the decision).
 */
import type { Knex } from 'knex';
import { isPostgres, toDate, toDateOrNull, type Row, type Queryable as Db } from '../db/db';
import type { Aggregation } from './results.types';
import type { JuryNote, Nomination, NominationKind, ResultDecision } from './deliberation.types';
import type { FinalSheetRow } from './inputs';

export interface CountedEntry {
  id: number;
  number: number;
  title: string;
  summary: string;
  consentPublish: boolean;
  organisationId: number;
  organisationName: string;
}

/**
 * Every final sheet of an edition with its values, in one query and one row per sheet: the values come as one
 * "criterionId:value,…" string (group_concat on SQLite, string_agg on PostgreSQL), which reads several times
 * faster than a row per value for large editions. Which sheets count is decided in results.inputs.ts.
 */
export async function listFinalSheets(db: Db, editionId: number): Promise<FinalSheetRow[]> {
  const item = "v.criterion_id || ':' || coalesce(cast(v.value as text), '')";
  const concat = isPostgres(db as Knex) ? `string_agg(${item}, ',')` : `group_concat(${item}, ',')`;
  const rows: Row[] = await db('score_sheets as s')
    .leftJoin('scores as v', 'v.sheet_id', 's.id')
    .where({ 's.edition_id': editionId, 's.status': 'final' })
    .groupBy('s.id', 's.juror_user_id', 's.entry_id')
    .select('s.juror_user_id', 's.entry_id', db.raw(`${concat} as vals`));
  return rows.map((r) => {
    const values = new Map<number, number | null>();
    for (const pair of String(r.vals ?? '').split(',')) {
      const colon = pair.indexOf(':');
      if (colon < 0) continue;
      const raw = pair.slice(colon + 1);
      values.set(Number(pair.slice(0, colon)), raw === '' ? null : Number(raw));
    }
    return { jurorId: Number(r.juror_user_id), entryId: Number(r.entry_id), values };
  });
}

/** The entries of an edition with only the columns of a CountedEntry. */
const leanEntries = (db: Db, editionId: number) =>
  db('entries as e')
    .join('organisations as o', 'o.id', 'e.organisation_id')
    .where('e.edition_id', editionId)
    .select(
      'e.id',
      'e.number',
      'e.title',
      'e.summary',
      'e.organisation_id',
      'o.name as organisation_name',
      // The one consent to publish is the kennisbank's (entry_publications): withdrawing it hides the summary here too.
      db.raw(
        'exists (select 1 from entry_publications p where p.entry_id = e.id and p.consent = ?) as consent_publish',
        [true],
      ),
    );

/**
 * The entries in the ranking: submitted and admitted (the same rule as the jury's list of entries to score),
 * with only the columns the results show, so a large edition does not drag every long text along.
 */
export async function listCountedEntries(db: Db, editionId: number): Promise<CountedEntry[]> {
  const rows: Row[] = await leanEntries(db, editionId)
    .where({ 'e.status': 'submitted', 'e.eligibility': 'eligible' })
    .orderBy('e.number');
  return rows.map(toCountedEntry);
}

/** One entry of the ranking (submitted and admitted), or undefined: what :entryId on a results page may name. */
export async function findCountedEntry(
  db: Db,
  editionId: number,
  entryId: number,
): Promise<CountedEntry | undefined> {
  const row: Row | undefined = await leanEntries(db, editionId)
    .where({ 'e.id': entryId, 'e.status': 'submitted', 'e.eligibility': 'eligible' })
    .first();
  return row ? toCountedEntry(row) : undefined;
}

const toCountedEntry = (r: Row): CountedEntry => ({
  id: Number(r.id),
  number: Number(r.number),
  title: String(r.title),
  summary: String(r.summary),
  consentPublish: Boolean(r.consent_publish),
  organisationId: Number(r.organisation_id),
  organisationName: String(r.organisation_name),
});

/** Juror × entry pairs where the juror abstained: they are not scores, but the page says how many there were. */
export async function listAbstentions(
  db: Db,
  editionId: number,
): Promise<Array<{ jurorId: number; entryId: number }>> {
  const rows: Row[] = await db('score_sheets')
    .where({ edition_id: editionId, status: 'abstained' })
    .select('juror_user_id', 'entry_id');
  return rows.map((r) => ({ jurorId: Number(r.juror_user_id), entryId: Number(r.entry_id) }));
}

/** The written part of final sheets: the overall motivation and the comments per criterion (for the jury report). */
export async function listFinalComments(
  db: Db,
  editionId: number,
  entryIds: readonly number[],
): Promise<Array<{ jurorId: number; entryId: number; criterionId: number | null; text: string }>> {
  if (entryIds.length === 0) return [];
  const sheets: Row[] = await db('score_sheets')
    .where({ edition_id: editionId, status: 'final' })
    .whereIn('entry_id', entryIds)
    .select('id', 'juror_user_id', 'entry_id', 'motivation');
  const comments: Row[] = await db('scores as v')
    .join('score_sheets as s', 's.id', 'v.sheet_id')
    .where({ 's.edition_id': editionId, 's.status': 'final' })
    .whereIn('s.entry_id', entryIds)
    .whereNot('v.comment', '')
    .select('s.juror_user_id', 's.entry_id', 'v.criterion_id', 'v.comment');
  return [
    ...sheets.map((r) => ({
      jurorId: Number(r.juror_user_id),
      entryId: Number(r.entry_id),
      criterionId: null,
      text: String(r.motivation),
    })),
    ...comments.map((r) => ({
      jurorId: Number(r.juror_user_id),
      entryId: Number(r.entry_id),
      criterionId: Number(r.criterion_id),
      text: String(r.comment),
    })),
  ].filter((c) => c.text.trim() !== '');
}

/** Entries of an edition by id (any status), with the same lean columns: the shortlist and the winner. */
export async function listEntriesByIds(
  db: Db,
  editionId: number,
  ids: readonly number[],
): Promise<CountedEntry[]> {
  if (ids.length === 0) return [];
  const rows: Row[] = await leanEntries(db, editionId).whereIn('e.id', ids);
  return rows.map(toCountedEntry);
}

// --- nominations ---

export async function listNominations(db: Db, editionId: number): Promise<Nomination[]> {
  const rows: Row[] = await db('nominations').where({ edition_id: editionId }).orderBy('id');
  return rows.map((r) => ({
    editionId: Number(r.edition_id),
    entryId: Number(r.entry_id),
    kind: r.kind as NominationKind,
    createdAt: toDate(r.created_at),
  }));
}

export async function setNominationRow(
  trx: Db,
  input: { editionId: number; entryId: number; kind: NominationKind | null; actorId: number; now: Date },
): Promise<void> {
  await trx('nominations').where({ edition_id: input.editionId, entry_id: input.entryId }).del();
  if (input.kind === null) return;
  await trx('nominations').insert({
    edition_id: input.editionId,
    entry_id: input.entryId,
    kind: input.kind,
    created_by_user_id: input.actorId,
    created_at: input.now,
  });
}

// --- jury notes ---

export async function listJuryNotes(db: Db, editionId: number): Promise<JuryNote[]> {
  const rows: Row[] = await db('jury_notes as n')
    .leftJoin('users as u', 'u.id', 'n.updated_by_user_id')
    .where('n.edition_id', editionId)
    .select('n.*', 'u.name as updated_by_name');
  return rows.map((r) => ({
    editionId: Number(r.edition_id),
    entryId: Number(r.entry_id),
    note: String(r.note),
    updatedByName: (r.updated_by_name as string | null) ?? null,
    updatedAt: toDate(r.updated_at),
  }));
}

/** Insert or replace on the (edition, entry) key: the same statement on SQLite and PostgreSQL. */
export async function upsertJuryNote(
  trx: Db,
  input: { editionId: number; entryId: number; note: string; actorId: number; now: Date },
): Promise<void> {
  await trx('jury_notes')
    .insert({
      edition_id: input.editionId,
      entry_id: input.entryId,
      note: input.note,
      updated_by_user_id: input.actorId,
      updated_at: input.now,
    })
    .onConflict(['edition_id', 'entry_id'])
    .merge(['note', 'updated_by_user_id', 'updated_at']);
}

// --- the decision ---

const toDecision = (r: Row): ResultDecision => ({
  editionId: Number(r.edition_id),
  winnerEntryId: Number(r.winner_entry_id),
  motivation: String(r.motivation),
  aggregation: r.aggregation as Aggregation,
  decidedByName: (r.decided_by_name as string | null) ?? null,
  decidedAt: toDate(r.decided_at),
  announcedAt: toDateOrNull(r.announced_at),
  mailedEntrantsAt: toDateOrNull(r.mailed_entrants_at),
});

export async function findDecision(db: Db, editionId: number): Promise<ResultDecision | undefined> {
  const row: Row | undefined = await db('result_decisions as d')
    .leftJoin('users as u', 'u.id', 'd.decided_by_user_id')
    .where('d.edition_id', editionId)
    .select('d.*', 'u.name as decided_by_name')
    .first();
  return row ? toDecision(row) : undefined;
}

export async function saveDecisionRow(
  trx: Db,
  input: {
    editionId: number;
    winnerEntryId: number;
    motivation: string;
    aggregation: Aggregation;
    actorId: number;
    now: Date;
  },
): Promise<void> {
  await trx('result_decisions')
    .insert({
      edition_id: input.editionId,
      winner_entry_id: input.winnerEntryId,
      motivation: input.motivation,
      aggregation: input.aggregation,
      decided_by_user_id: input.actorId,
      decided_at: input.now,
    })
    .onConflict('edition_id')
    .merge(['winner_entry_id', 'motivation', 'aggregation', 'decided_by_user_id', 'decided_at']);
}

/** Marks the decision public; false when it already was (a second click, another organiser). */
export async function markAnnounced(
  trx: Db,
  input: { editionId: number; actorId: number; now: Date },
): Promise<boolean> {
  const n = await trx('result_decisions')
    .where({ edition_id: input.editionId })
    .whereNull('announced_at')
    .update({ announced_at: input.now, announced_by_user_id: input.actorId });
  return n === 1;
}

/** Claims the mailing once, so two requests never mail everyone twice. */
export async function claimEntrantMailing(
  trx: Db,
  input: { editionId: number; now: Date },
): Promise<boolean> {
  const n = await trx('result_decisions')
    .where({ edition_id: input.editionId })
    .whereNull('mailed_entrants_at')
    .update({ mailed_entrants_at: input.now });
  return n === 1;
}

/**
 * Who hears the result when the organiser mails the entrants: the active accounts of every organisation with a
 * submitted entry in the edition, and whoever submitted those entries. One row per address.
 */
export async function listEntrantRecipients(
  db: Db,
  editionId: number,
): Promise<Array<{ email: string; name: string; language: 'nl' | 'en' | null }>> {
  const entrants = db('entries').where({ edition_id: editionId, status: 'submitted' });
  // The granted members of every organisation that entered, and whoever started an entry.
  const members = db('memberships')
    .where({ status: 'active' })
    .whereIn('organisation_id', entrants.clone().select('organisation_id'))
    .select('user_id');
  const rows: Row[] = await db('users')
    .where({ active: true })
    .where((q) =>
      q
        .whereIn('id', members)
        .orWhereIn('id', entrants.clone().whereNotNull('created_by_user_id').select('created_by_user_id')),
    )
    .select('email', 'name', 'language')
    .orderBy('id');
  const seen = new Set<string>();
  return rows
    .map((r) => ({
      email: String(r.email),
      name: String(r.name),
      language: (r.language as 'nl' | 'en' | null) ?? null,
    }))
    .filter((r) => (seen.has(r.email.toLowerCase()) ? false : (seen.add(r.email.toLowerCase()), true)));
}

/** The winners of announced editions, for the public archive: edition id → organisation and project title. */
export async function listAnnouncedWinners(
  db: Db,
): Promise<Map<number, { organisationName: string; title: string }>> {
  const rows: Row[] = await db('result_decisions as d')
    .join('entries as e', 'e.id', 'd.winner_entry_id')
    .join('organisations as o', 'o.id', 'e.organisation_id')
    .whereNotNull('d.announced_at')
    .select('d.edition_id', 'e.title', 'o.name as organisation_name');
  return new Map(
    rows.map((r) => [
      Number(r.edition_id),
      { organisationName: String(r.organisation_name), title: String(r.title) },
    ]),
  );
}

/**
 * The public outcome of these entries: nominated or honourably mentioned, and whether it won, only for editions
 * whose result is announced (the embargo holds everywhere but the organisers' own results pages).
 */
export async function listAnnouncedOutcomes(
  db: Db,
  entryIds: readonly number[],
): Promise<Map<number, { nomination: NominationKind | null; winner: boolean }>> {
  const result = new Map<number, { nomination: NominationKind | null; winner: boolean }>();
  if (entryIds.length === 0) return result;
  const rows: Row[] = await db('entries as e')
    .join('result_decisions as d', 'd.edition_id', 'e.edition_id')
    .leftJoin('nominations as n', 'n.entry_id', 'e.id')
    .whereIn('e.id', entryIds)
    .whereNotNull('d.announced_at')
    .select('e.id', 'n.kind', 'd.winner_entry_id');
  for (const r of rows)
    result.set(Number(r.id), {
      nomination: (r.kind as NominationKind | null) ?? null,
      winner: Number(r.winner_entry_id) === Number(r.id),
    });
  return result;
}
