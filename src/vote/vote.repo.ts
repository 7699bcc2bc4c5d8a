/**
 * The only place the audience vote talks to the database: the vote of an edition, its finalists, the codes (as
 * hashes) and the ballots (one per code).
 */
import type Database from 'better-sqlite3';
import type { Knex } from 'knex';
import { recordAudit, recordAuditSync, type AuditInput } from '../audit/audit.repo';
import { isPostgres, toDate, type Row, type Queryable as Db } from '../db/db';
import type { AudienceVote, CodeRecord, Finalist, Tally } from './vote.types';

const toVote = (r: Row): AudienceVote => ({
  editionId: Number(r.edition_id),
  opensAt: toDate(r.opens_at),
  closesAt: toDate(r.closes_at),
  countsVisible: Boolean(r.counts_visible),
  updatedAt: toDate(r.updated_at),
});

export async function findVote(db: Db, editionId: number): Promise<AudienceVote | undefined> {
  const row: Row | undefined = await db('audience_votes').where({ edition_id: editionId }).first();
  return row ? toVote(row) : undefined;
}

/** The vote row, locked for a change by an organiser (open, close, show counts). */
export async function findVoteForUpdate(
  trx: Knex.Transaction,
  editionId: number,
): Promise<AudienceVote | undefined> {
  const row: Row | undefined = await trx('audience_votes')
    .where({ edition_id: editionId })
    .forUpdate()
    .first();
  return row ? toVote(row) : undefined;
}

export async function insertVote(
  trx: Db,
  input: { editionId: number; opensAt: Date; closesAt: Date; actorId: number; now: Date },
): Promise<void> {
  await trx('audience_votes').insert({
    edition_id: input.editionId,
    opens_at: input.opensAt,
    closes_at: input.closesAt,
    counts_visible: false,
    opened_by_user_id: input.actorId,
    created_at: input.now,
    updated_at: input.now,
  });
}

export async function insertFinalists(
  trx: Db,
  editionId: number,
  entryIds: readonly number[],
): Promise<void> {
  if (!entryIds.length) return;
  await trx('audience_finalists').insert(
    entryIds.map((entryId, i) => ({ edition_id: editionId, entry_id: entryId, position: i + 1 })),
  );
}

export async function setClosesAt(trx: Db, editionId: number, closesAt: Date, now: Date): Promise<void> {
  await trx('audience_votes')
    .where({ edition_id: editionId })
    .update({ closes_at: closesAt, updated_at: now });
}

export async function setCountsVisible(
  trx: Db,
  editionId: number,
  visible: boolean,
  now: Date,
): Promise<void> {
  await trx('audience_votes')
    .where({ edition_id: editionId })
    .update({ counts_visible: visible, updated_at: now });
}

/** The finalists of a vote in their order (the order they were nominated in, by organisation name). */
export async function listFinalists(db: Db, editionId: number): Promise<Finalist[]> {
  const rows: Row[] = await db('audience_finalists as f')
    .join('entries as e', 'e.id', 'f.entry_id')
    .join('organisations as o', 'o.id', 'e.organisation_id')
    .where('f.edition_id', editionId)
    .orderBy('f.position')
    .select('f.entry_id', 'f.position', 'e.title', 'o.name as organisation_name');
  return rows.map((r) => ({
    entryId: Number(r.entry_id),
    position: Number(r.position),
    title: String(r.title),
    organisationName: String(r.organisation_name),
  }));
}

export async function isFinalist(db: Db, editionId: number, entryId: number): Promise<boolean> {
  const row = await db('audience_finalists')
    .where({ edition_id: editionId, entry_id: entryId })
    .first('entry_id');
  return row !== undefined;
}

/** The edition whose vote is open at `now` (the latest opened, should two overlap), or undefined. */
export async function findOpenVoteEditionId(db: Db, now: Date): Promise<number | undefined> {
  const row: Row | undefined = await db('audience_votes')
    .where('opens_at', '<=', now)
    .where('closes_at', '>', now)
    .orderBy('opens_at', 'desc')
    .first('edition_id');
  return row ? Number(row.edition_id) : undefined;
}

/** The edition of the vote that closed last before `now`, for the page a voter sees after the end. */
export async function findLastClosedVoteEditionId(db: Db, now: Date): Promise<number | undefined> {
  const row: Row | undefined = await db('audience_votes')
    .where('closes_at', '<=', now)
    .orderBy('closes_at', 'desc')
    .first('edition_id');
  return row ? Number(row.edition_id) : undefined;
}

export async function insertCodeHashes(
  trx: Db,
  input: { editionId: number; hashes: readonly string[]; now: Date },
): Promise<void> {
  const rows = input.hashes.map((code_hash) => ({
    edition_id: input.editionId,
    code_hash,
    created_at: input.now,
  }));
  // In chunks: SQLite allows a limited number of bound values per statement.
  for (let i = 0; i < rows.length; i += 250) await trx('audience_codes').insert(rows.slice(i, i + 250));
}

export async function findCode(db: Db, hash: string): Promise<CodeRecord | undefined> {
  const row: Row | undefined = await db('audience_codes')
    .where({ code_hash: hash })
    .first('id', 'edition_id');
  return row ? { id: Number(row.id), editionId: Number(row.edition_id) } : undefined;
}

export async function countCodes(db: Db, editionId: number): Promise<number> {
  const row = await db('audience_codes').where({ edition_id: editionId }).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export async function findBallotEntryId(db: Db, codeId: number): Promise<number | undefined> {
  const row: Row | undefined = await db('audience_ballots').where({ code_id: codeId }).first('entry_id');
  return row ? Number(row.entry_id) : undefined;
}

/** One vote per code: the first inserts the code's row, a change updates it (the primary key is the code). */
export async function saveBallot(
  trx: Db,
  input: { codeId: number; editionId: number; entryId: number; isChange: boolean; now: Date },
): Promise<void> {
  if (input.isChange) {
    await trx('audience_ballots')
      .where({ code_id: input.codeId })
      .update({ entry_id: input.entryId, changed_at: input.now });
    return;
  }
  await trx('audience_ballots').insert({
    code_id: input.codeId,
    edition_id: input.editionId,
    entry_id: input.entryId,
    cast_at: input.now,
    changed_at: input.now,
  });
}

/** The votes per finalist, counted by the database (every finalist present). */
export async function tallyVotes(db: Db, editionId: number): Promise<Tally> {
  const rows: Row[] = await db('audience_finalists as f')
    .leftJoin('audience_ballots as b', function () {
      this.on('b.edition_id', 'f.edition_id').andOn('b.entry_id', 'f.entry_id');
    })
    .where('f.edition_id', editionId)
    .groupBy('f.entry_id')
    .select('f.entry_id', db.raw('count(b.code_id) as n'));
  const counts = new Map(rows.map((r) => [Number(r.entry_id), Number(r.n)]));
  let total = 0;
  for (const n of counts.values()) total += n;
  return { counts, total };
}

/** What a ballot's transaction reads before deciding: the vote, whether the entry is a finalist, the code's vote. */
export interface BallotState {
  vote: AudienceVote | undefined;
  isFinalist: boolean;
  before: number | undefined;
}

/** What the service decided: nothing to write (refused, or the same vote again), or the ballot and its audit. */
export type BallotDecision<R> =
  { result: R; write: null } | { result: R; write: { isChange: boolean; audit: AuditInput } };

/**
 * One ballot, read and written in one transaction, with the decision taken in between by the service (`decide`,
 * synchronous and pure). The whole of it runs under the database's protection against a vote closing or the same
 * code voting twice at the same moment:
 * - SQLite: one synchronous `BEGIN IMMEDIATE` transaction on the app's connection (better-sqlite3), a few dozen
 *   microseconds. A knex transaction would hold SQLite's single write lock across event-loop turns, and another app
 *   process wanting it waits in a blocking busy loop: with a room voting at once that cost both processes most of
 *   their time. Here the lock is held only while the statements run.
 * - PostgreSQL: a knex transaction with a share lock on the vote (closing waits for running ballots, and they for
 *   it) and a row lock on the code (two phones sending one code are counted once).
 */
export async function writeBallot<R>(
  db: Knex,
  input: { codeId: number; editionId: number; entryId: number; now: Date },
  decide: (state: BallotState) => BallotDecision<R>,
): Promise<R> {
  if (isPostgres(db)) {
    return db.transaction(async (trx) => {
      const row: Row | undefined = await trx('audience_votes')
        .where({ edition_id: input.editionId })
        .forShare()
        .first();
      await trx('audience_codes').where({ id: input.codeId }).forUpdate().first('id');
      const state: BallotState = {
        vote: row ? toVote(row) : undefined,
        isFinalist: await isFinalist(trx, input.editionId, input.entryId),
        before: await findBallotEntryId(trx, input.codeId),
      };
      const decision = decide(state);
      if (decision.write) {
        await saveBallot(trx, { ...input, isChange: decision.write.isChange });
        await recordAudit(trx, {
          ...decision.write.audit,
          action: decision.write.audit.action,
          subjectType: 'audience_vote',
        });
      }
      return decision.result;
    });
  }
  const conn = (await db.client.acquireConnection()) as Database.Database;
  try {
    return sqliteBallot(conn, input, decide);
  } finally {
    await db.client.releaseConnection(conn);
  }
}

function sqliteBallot<R>(
  conn: Database.Database,
  input: { codeId: number; editionId: number; entryId: number; now: Date },
  decide: (state: BallotState) => BallotDecision<R>,
): R {
  const run = conn.transaction((): R => {
    const vote = conn.prepare('select * from audience_votes where edition_id = ?').get(input.editionId) as
      Row | undefined;
    const finalist = conn
      .prepare('select 1 from audience_finalists where edition_id = ? and entry_id = ?')
      .get(input.editionId, input.entryId);
    const ballot = conn
      .prepare('select entry_id from audience_ballots where code_id = ?')
      .get(input.codeId) as Row | undefined;
    const decision = decide({
      vote: vote ? toVote(vote) : undefined,
      isFinalist: finalist !== undefined,
      before: ballot ? Number(ballot.entry_id) : undefined,
    });
    if (!decision.write) return decision.result;
    const at = input.now.getTime();
    if (decision.write.isChange)
      conn
        .prepare('update audience_ballots set entry_id = ?, changed_at = ? where code_id = ?')
        .run(input.entryId, at, input.codeId);
    else
      conn
        .prepare(
          'insert into audience_ballots (code_id, edition_id, entry_id, cast_at, changed_at) values (?, ?, ?, ?, ?)',
        )
        .run(input.codeId, input.editionId, input.entryId, at, at);
    recordAuditSync(conn, decision.write.audit);
    return decision.result;
  });
  return run.immediate();
}
