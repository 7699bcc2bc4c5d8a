/**
 * What the audience vote's pages show, from loaded records and the clock: the organiser's page, the ballot on a
 * phone, the projector (and the snapshot its live feed sends), and the audience prize for the ceremony and the
 * public winner page.
 */
import type { AppContext } from '../context';
import type { Edition } from '../editions/edition.types';
import { findEdition } from '../editions/edition.repo';
import { listNominations } from '../results/results.repo';
import {
  countCodes,
  findLastClosedVoteEditionId,
  findOpenVoteEditionId,
  findVote,
  listFinalists,
  tallyVotes,
} from './vote.repo';
import { audienceWinners, CODE_BITS, MAX_CODES_PER_BATCH, sharePercent, voteState } from './vote.rules';
import type { AudienceVote, Finalist, Tally, VoteState } from './vote.types';

type Deps = Pick<AppContext, 'db'>;

export interface FinalistCount extends Finalist {
  count: number;
  percent: number;
}

const withCounts = (finalists: Finalist[], tally: Tally): FinalistCount[] =>
  finalists.map((f) => {
    const count = tally.counts.get(f.entryId) ?? 0;
    return { ...f, count, percent: sharePercent(count, tally.total) };
  });

/** The organiser's page of an edition's vote: state, finalists with their counts, codes made, what can be done. */
export async function voteAdminPage(deps: Deps, input: { edition: Edition; now: Date }) {
  const { edition, now } = input;
  const [vote, finalists, tally, codes, nominations] = await Promise.all([
    findVote(deps.db, edition.id),
    listFinalists(deps.db, edition.id),
    tallyVotes(deps.db, edition.id),
    countCodes(deps.db, edition.id),
    listNominations(deps.db, edition.id),
  ]);
  const state = voteState(vote, now);
  return {
    edition,
    vote: vote ?? null,
    state,
    finalists: withCounts(finalists, tally),
    total: tally.total,
    codes,
    nominees: nominations.filter((n) => n.kind === 'nominee').length,
    codeBits: Math.floor(CODE_BITS),
    maxCodes: MAX_CODES_PER_BATCH,
  };
}

export interface BallotPage {
  state: VoteState;
  edition: Pick<Edition, 'id' | 'name'> | null;
  finalists: Finalist[];
  closesAt: Date | null;
}

/**
 * The ballot: the vote open now (or, after it, the one that closed last, so a late voter reads that it closed).
 * The code is never looked up here: a GET must not tell anyone whether a code exists.
 */
export async function ballotPage(deps: Deps, input: { now: Date }): Promise<BallotPage> {
  const openId = await findOpenVoteEditionId(deps.db, input.now);
  const editionId = openId ?? (await findLastClosedVoteEditionId(deps.db, input.now));
  if (editionId === undefined) return { state: 'notOpened', edition: null, finalists: [], closesAt: null };
  const [edition, vote, finalists] = await Promise.all([
    findEdition(deps.db, editionId),
    findVote(deps.db, editionId),
    listFinalists(deps.db, editionId),
  ]);
  return {
    state: voteState(vote, input.now),
    edition: edition ? { id: edition.id, name: edition.name } : null,
    finalists,
    closesAt: vote?.closesAt ?? null,
  };
}

/** What the projector shows and its live feed sends: counts only once the organiser revealed them. */
export interface ProjectorSnapshot {
  state: VoteState;
  visible: boolean;
  total: number;
  closesAt: string | null;
  /** Votes per finalist (entry id → count, percent); null while the counts are hidden. */
  counts: Record<string, { count: number; percent: number }> | null;
}

export function snapshotOf(vote: AudienceVote | undefined, tally: Tally, now: Date): ProjectorSnapshot {
  const visible = vote?.countsVisible ?? false;
  return {
    state: voteState(vote, now),
    visible,
    total: tally.total,
    closesAt: vote ? vote.closesAt.toISOString() : null,
    counts: visible
      ? Object.fromEntries(
          [...tally.counts].map(([id, count]) => [
            String(id),
            { count, percent: sharePercent(count, tally.total) },
          ]),
        )
      : null,
  };
}

export async function projectorSnapshot(
  deps: Deps,
  input: { editionId: number; now: Date },
): Promise<ProjectorSnapshot> {
  const [vote, tally] = await Promise.all([
    findVote(deps.db, input.editionId),
    tallyVotes(deps.db, input.editionId),
  ]);
  return snapshotOf(vote, tally, input.now);
}

/** The projector page: finalists, and the snapshot rendered in (the page works without its live feed). */
export async function projectorPage(deps: Deps, input: { edition: Edition; now: Date }) {
  const [finalists, snapshot] = await Promise.all([
    listFinalists(deps.db, input.edition.id),
    projectorSnapshot(deps, { editionId: input.edition.id, now: input.now }),
  ]);
  return { edition: input.edition, finalists, snapshot };
}

/** The audience prize once the vote has closed: the winners (several when they tie) and every finalist's count. */
export interface AudiencePrize {
  winners: FinalistCount[];
  finalists: FinalistCount[];
  total: number;
}

export async function audiencePrize(
  deps: Deps,
  input: { editionId: number; now: Date },
): Promise<AudiencePrize | null> {
  const vote = await findVote(deps.db, input.editionId);
  if (voteState(vote, input.now) !== 'closed') return null;
  const [finalists, tally] = await Promise.all([
    listFinalists(deps.db, input.editionId),
    tallyVotes(deps.db, input.editionId),
  ]);
  const rows = withCounts(finalists, tally);
  const winnerIds = new Set(
    audienceWinners(
      tally,
      finalists.map((f) => f.entryId),
    ),
  );
  return { winners: rows.filter((r) => winnerIds.has(r.entryId)), finalists: rows, total: tally.total };
}

/** The finalist a vote went to, for the confirmation. */
export async function chosenFinalist(
  deps: Deps,
  input: { editionId: number; entryId: number },
): Promise<Finalist | undefined> {
  return (await listFinalists(deps.db, input.editionId)).find((f) => f.entryId === input.entryId);
}
