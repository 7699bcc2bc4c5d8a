/**
 * Conflicts of interest as the app uses them: the automatic reasons (pure, conflicts.ts) from the jurors' ties and
 * the entries' parties, combined with what jurors declared and organisers decided. Also the three ways to change
 * a conflict: a juror declares one, an organiser adds or lifts one, always with a reason and audited.
 */
import type { Knex } from 'knex';
import type { Queryable as Db } from '../db/db';
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { findEdition } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { findEntry, listPartnersOf } from '../entries/entry.repo';
import { findOrganisationsByIds } from '../organisations/organisation.repo';
import type { Organisation } from '../organisations/organisation.types';
import { inTransaction, ok, refuse, type Result } from '../shared/result';
import type { WithRankingMoves } from '../results/ranking-moves.service';
import type { User } from '../users/user.types';
import {
  conflictKey,
  conflictMatrix,
  effectiveConflict,
  type ConflictReason,
  type EntryParties,
  type JurorTies,
} from './conflicts';
import { insertDecision, listDecisions, setDecisionMoves } from './conflict.repo';
import { findMembership } from './juror.repo';
import { findPendingLateConflict, insertLateConflict } from './late-conflict.repo';
import { findSheet } from './score.repo';
import type { ConflictDecision, EditionJuror, PairConflict, RankingMoves } from './jury.types';
import { isScoringClosed, isScoringOpen, mayDeclareConflict } from './scoring.rules';

type Deps = Pick<AppContext, 'db' | 'clock'>;

export function jurorTies(juror: Pick<EditionJuror, 'userId' | 'employerId' | 'ties'>): JurorTies {
  return {
    jurorId: juror.userId,
    employerId: juror.employerId,
    tiedOrgIds: juror.ties.map((tie) => tie.organisationId),
  };
}

/** The conflict state of every juror × entry pair of a set of jurors and entries. */
export class ConflictTable {
  constructor(
    private readonly automatic: Map<string, ConflictReason[]>,
    readonly decisions: readonly ConflictDecision[],
    readonly organisations: ReadonlyMap<number, Organisation>,
    readonly parties: ReadonlyMap<number, EntryParties>,
  ) {}

  get(jurorId: number, entryId: number): PairConflict {
    const automatic = this.automatic.get(conflictKey(jurorId, entryId)) ?? [];
    const mine = this.decisions.filter((d) => d.jurorId === jurorId && d.entryId === entryId);
    const declared = mine.find((d) => d.kind === 'declared') ?? null;
    const organiser = mine.filter((d) => d.kind !== 'declared').at(-1) ?? null;
    const override =
      organiser?.kind === 'organiser_added'
        ? 'added'
        : organiser?.kind === 'organiser_lifted'
          ? 'lifted'
          : null;
    return {
      automatic,
      declared,
      organiser,
      effective: effectiveConflict({ automatic, declared: declared !== null, override }),
    };
  }

  isConflicted(jurorId: number, entryId: number): boolean {
    return this.get(jurorId, entryId).effective.conflicted;
  }

  /** An organisation involved in some pair (a juror's employer or tie, an entrant or partner), with its name. */
  organisationName(id: number): Organisation | undefined {
    return this.organisations.get(id);
  }

  /** Pairs with anything to show the organiser: a conflict now, or a decision (e.g. a lifted one). */
  notablePairs(
    jurorIds: readonly number[],
    entryIds: readonly number[],
  ): Array<{ jurorId: number; entryId: number }> {
    const pairs: Array<{ jurorId: number; entryId: number }> = [];
    for (const entryId of entryIds) {
      for (const jurorId of jurorIds) {
        const c = this.get(jurorId, entryId);
        if (c.effective.conflicted || c.organiser || c.automatic.length) pairs.push({ jurorId, entryId });
      }
    }
    return pairs;
  }
}

/**
 * Loads what the conflict rule needs (partners, the organisations involved with their owners, the decisions)
 * and computes the table. Only the organisations that appear somewhere are read.
 */
export async function conflictTable(
  db: Db,
  input: {
    editionId: number;
    jurors: ReadonlyArray<Pick<EditionJuror, 'userId' | 'employerId' | 'ties'>>;
    entries: ReadonlyArray<{ id: number; organisationId: number }>;
  },
): Promise<ConflictTable> {
  // One query for all partners: a per-entry query made the jury dashboard take ~0.5 s for 500 entries.
  const partners = await listPartnersOf(
    db,
    input.entries.map((entry) => entry.id),
  );
  const parties: EntryParties[] = input.entries.map((entry) => ({
    entryId: entry.id,
    entrantOrgId: entry.organisationId,
    partnerOrgIds: partners.get(entry.id) ?? [],
  }));
  const ties = input.jurors.map(jurorTies);
  const orgIds = new Set<number>();
  for (const j of ties) {
    if (j.employerId !== null) orgIds.add(j.employerId);
    j.tiedOrgIds.forEach((id) => orgIds.add(id));
  }
  for (const p of parties) {
    orgIds.add(p.entrantOrgId);
    p.partnerOrgIds.forEach((id) => orgIds.add(id));
  }
  const organisations = await findOrganisationsByIds(db, [...orgIds]);
  const decisions =
    input.jurors.length === 1 && input.entries.length === 1
      ? await listDecisions(db, {
          editionId: input.editionId,
          jurorId: input.jurors[0]!.userId,
          entryId: input.entries[0]!.id,
        })
      : await listDecisions(db, { editionId: input.editionId });
  return new ConflictTable(
    conflictMatrix({ organisations, jurors: ties, entries: parties }),
    decisions,
    new Map(organisations.map((o) => [o.id, o])),
    new Map(parties.map((p) => [p.entryId, p])),
  );
}

/** The conflict state of one juror × entry pair. */
export async function pairConflict(
  db: Db,
  input: { juror: EditionJuror; entry: { id: number; organisationId: number; editionId: number } },
): Promise<PairConflict> {
  const table = await conflictTable(db, {
    editionId: input.entry.editionId,
    jurors: [input.juror],
    entries: [input.entry],
  });
  return table.get(input.juror.userId, input.entry.id);
}

/** The juror's seat and the entry of a pair, each when it belongs to the edition. */
async function loadPair(
  trx: Knex.Transaction,
  input: { editionId: number; jurorId: number; entryId: number },
) {
  const entry = await findEntry(trx, input.entryId);
  const juror = await findMembership(trx, { editionId: input.editionId, userId: input.jurorId });
  return { entry: entry?.editionId === input.editionId ? entry : undefined, juror };
}

/**
 * A juror declares a conflict with an entry they can see. It stands for good: the juror knows ties the data does
 * not show, and an organiser overruling "I am not impartial" would undermine the jury (see effectiveConflict).
 * Except late: after scoring closed, on an entry they scored, the juror has seen where the ranking stands and
 * dropping their own sheet could flip it. Such a declaration goes to the organiser (late_conflict_declarations),
 * who accepts or rejects it with a reason; until then the sheet counts. `late` tells the caller which happened.
 */
export async function declareConflict(
  deps: Deps,
  input: { user: User; edition: Edition; entryId: number; reason: string },
): Promise<Result<{ late: boolean }>> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx): Promise<Result<{ late: boolean }>> => {
    if (!mayDeclareConflict(input.edition, now))
      return refuse('conflict', 'jury.errors.declareClosed', { field: 'reason' });
    const { entry, juror } = await loadPair(trx, {
      editionId: input.edition.id,
      jurorId: input.user.id,
      entryId: input.entryId,
    });
    if (!entry || !juror || juror.revokedAt) return refuse('notFound', 'errors.404.message');
    const before = await pairConflict(trx, { juror, entry });
    if (before.declared) return ok({ late: false });
    const sheet = await findSheet(trx, { jurorId: input.user.id, entryId: entry.id });
    if (!before.effective.conflicted && sheet?.status === 'final' && !isScoringOpen(input.edition, now)) {
      if (await findPendingLateConflict(trx, { jurorId: input.user.id, entryId: entry.id }))
        return ok({ late: true });
      const id = await insertLateConflict(trx, {
        editionId: input.edition.id,
        jurorId: input.user.id,
        entryId: entry.id,
        reason: input.reason,
        now,
      });
      await recordAudit(trx, {
        actorUserId: input.user.id,
        action: 'conflict.declare_late',
        subjectType: 'entry',
        subjectId: entry.id,
        after: { jurorId: input.user.id, lateConflictId: id, status: 'pending' },
        reason: input.reason,
        at: now,
      });
      return ok({ late: true });
    }
    await insertDecision(trx, {
      editionId: input.edition.id,
      jurorId: input.user.id,
      entryId: entry.id,
      kind: 'declared',
      reason: input.reason,
      decidedById: input.user.id,
      now,
    });
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: 'conflict.declare',
      subjectType: 'entry',
      subjectId: entry.id,
      before: { jurorId: input.user.id, conflicted: before.effective.conflicted },
      after: { jurorId: input.user.id, conflicted: true, source: 'declared' },
      reason: input.reason,
      at: now,
    });
    return ok({ late: false });
  });
}

/**
 * An organiser adds a conflict the data does not show, or lifts one (an automatic one whose tie has ended, or one
 * they added before). A declared conflict cannot be lifted. Recorded with the reason and audited. After scoring
 * closed the decision changes a ranking people may have seen: with `measureMoves` the ranking is computed before and
 * after in the same transaction, and what moved is kept with the decision (shown on the results page) and audited.
 * `measureMoves` is results/ranking-moves.service.ts: withRankingMoves, handed in by the route (the results domain
 * imports the jury's, so the jury imports only its type).
 */
export async function decideConflict(
  deps: Deps & { measureMoves?: WithRankingMoves },
  input: {
    actor: User;
    editionId: number;
    jurorId: number;
    entryId: number;
    decision: 'add' | 'lift';
    reason: string;
  },
): Promise<Result<{ moves: RankingMoves | null }>> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx): Promise<Result<{ moves: RankingMoves | null }>> => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return refuse('notFound', 'errors.404.message');
    const { entry, juror } = await loadPair(trx, input);
    if (!juror) return refuse('invalid', 'jury.errors.jurorUnknown', { field: 'jurorId' });
    if (!entry) return refuse('invalid', 'jury.errors.entryUnknown', { field: 'entryId' });
    const before = await pairConflict(trx, { juror, entry });
    // The pair's state moved on since the organiser's page was shown (409).
    if (input.decision === 'lift') {
      if (before.declared) return refuse('conflict', 'jury.errors.declaredCannotLift', { field: 'reason' });
      if (!before.effective.conflicted)
        return refuse('conflict', 'jury.errors.nothingToLift', { field: 'reason' });
    } else if (before.effective.conflicted) {
      return refuse('conflict', 'jury.errors.alreadyConflicted', { field: 'reason' });
    }
    const decision = {
      editionId: input.editionId,
      jurorId: juror.userId,
      entryId: entry.id,
      kind: input.decision === 'add' ? ('organiser_added' as const) : ('organiser_lifted' as const),
      reason: input.reason,
      decidedById: input.actor.id,
      now,
    };
    let moves: RankingMoves | null = null;
    if (deps.measureMoves && isScoringClosed(edition, now)) {
      let id = 0;
      moves = await deps.measureMoves(trx, {
        edition,
        now,
        change: async () => (id = await insertDecision(trx, decision)),
      });
      if (moves) await setDecisionMoves(trx, id, moves);
    } else {
      await insertDecision(trx, decision);
    }
    const after = await pairConflict(trx, { juror, entry });
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: input.decision === 'add' ? 'conflict.add' : 'conflict.lift',
      subjectType: 'entry',
      subjectId: entry.id,
      before: {
        jurorId: juror.userId,
        conflicted: before.effective.conflicted,
        source: before.effective.source,
      },
      after: {
        jurorId: juror.userId,
        conflicted: after.effective.conflicted,
        source: after.effective.source,
        ...(moves ? { moves } : {}),
      },
      reason: input.reason,
      at: now,
    });
    return ok({ moves });
  });
}
