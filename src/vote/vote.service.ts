/**
 * The audience vote's changes, each in one transaction with its audit record: opening (the finalists are the
 * edition's nominees at that moment), closing early, showing or hiding the counts on the projector, making codes,
 * and casting or changing a vote. Voters have no account: their audit records have no actor, and nothing links a
 * code to a person (the audit names the ballot by its code's row id, which only the card holder can connect to).
 */
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { findEdition } from '../editions/edition.repo';
import { ballotUrl } from './code-cards.pdf';
import { effectivePhase } from '../editions/phase';
import { findDecision, listEntriesByIds, listNominations } from '../results/results.repo';
import { isAnnounced } from '../results/results.rules';
import { inTransaction, invalid, ok, refuse, type Refusal, type Result } from '../shared/result';
import type { User } from '../users/user.types';
import {
  findCode,
  findVoteForUpdate,
  insertCodeHashes,
  insertFinalists,
  insertVote,
  setClosesAt,
  setCountsVisible,
  writeBallot,
  type BallotDecision,
} from './vote.repo';
import {
  hashCode,
  MAX_CODES_PER_BATCH,
  MAX_VOTE_MINUTES,
  MIN_VOTE_MINUTES,
  formatCode,
  newCode,
  openProblem,
  voteState,
} from './vote.rules';

type Deps = Pick<AppContext, 'db' | 'clock'>;
type MailDeps = Deps & Pick<AppContext, 'mailer' | 'logger' | 'config' | 'i18n'>;

const notFound = (): Refusal => refuse('notFound', 'errors.404.message');

/**
 * Opens the vote now for `minutes` on the edition's nominees, who become its finalists (by organisation name, so
 * the order gives nothing away). Organisers; once per edition, before the announcement.
 */
export async function openVote(
  deps: Deps,
  input: { actor: User; editionId: number; minutes: number },
): Promise<Result> {
  const now = deps.clock.now();
  if (
    !Number.isInteger(input.minutes) ||
    input.minutes < MIN_VOTE_MINUTES ||
    input.minutes > MAX_VOTE_MINUTES
  )
    return invalid([
      {
        field: 'minutes',
        messageKey: 'vote.errors.minutes',
        params: { min: MIN_VOTE_MINUTES, max: MAX_VOTE_MINUTES },
      },
    ]);
  return inTransaction(deps.db, async (trx) => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return notFound();
    const existing = await findVoteForUpdate(trx, edition.id);
    const nominees = (await listNominations(trx, edition.id)).filter((n) => n.kind === 'nominee');
    const entries = await listEntriesByIds(
      trx,
      edition.id,
      nominees.map((n) => n.entryId),
    );
    const problem = openProblem({
      state: voteState(existing, now),
      finalists: entries.length,
      announced: isAnnounced(effectivePhase(edition, now), await findDecision(trx, edition.id)),
    });
    if (problem) return refuse('conflict', problem);
    const collator = new Intl.Collator('nl');
    const order = [...entries]
      .sort((a, b) => collator.compare(a.organisationName, b.organisationName) || a.id - b.id)
      .map((e) => e.id);
    const closesAt = new Date(now.getTime() + input.minutes * 60_000);
    await insertVote(trx, { editionId: edition.id, opensAt: now, closesAt, actorId: input.actor.id, now });
    await insertFinalists(trx, edition.id, order);
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'audience.open',
      subjectType: 'audience_vote',
      subjectId: edition.id,
      after: { opensAt: now.toISOString(), closesAt: closesAt.toISOString(), finalists: order },
      at: now,
    });
    return ok();
  });
}

/** Closes an open vote now. Organisers. */
export async function closeVote(deps: Deps, input: { actor: User; editionId: number }): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const vote = await findVoteForUpdate(trx, input.editionId);
    if (!vote) return refuse('conflict', 'vote.errors.notOpen');
    if (voteState(vote, now) !== 'open') return refuse('conflict', 'vote.errors.notOpen');
    await setClosesAt(trx, vote.editionId, now, now);
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'audience.close',
      subjectType: 'audience_vote',
      subjectId: vote.editionId,
      before: { closesAt: vote.closesAt.toISOString() },
      after: { closesAt: now.toISOString() },
      at: now,
    });
    return ok();
  });
}

/** Shows the counts on the projector (the reveal) or hides them again. Organisers. */
export async function setVoteCountsVisible(
  deps: Deps,
  input: { actor: User; editionId: number; visible: boolean },
): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const vote = await findVoteForUpdate(trx, input.editionId);
    if (!vote) return refuse('conflict', 'vote.errors.notOpen');
    if (vote.countsVisible === input.visible) return ok();
    await setCountsVisible(trx, vote.editionId, input.visible, now);
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: input.visible ? 'audience.show_counts' : 'audience.hide_counts',
      subjectType: 'audience_vote',
      subjectId: vote.editionId,
      at: now,
    });
    return ok();
  });
}

/**
 * Makes `count` new codes for the edition and returns them: the only time they exist in plain form (the database
 * keeps their hashes). Organisers; possible before the vote opens and while it is open.
 */
export async function generateCodes(
  deps: Deps,
  input: { actor: User; editionId: number; count: number },
): Promise<Result<string[]>> {
  const now = deps.clock.now();
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_CODES_PER_BATCH)
    return invalid([
      { field: 'count', messageKey: 'vote.errors.count', params: { max: MAX_CODES_PER_BATCH } },
    ]);
  const codes = new Set<string>();
  while (codes.size < input.count) codes.add(newCode());
  return inTransaction(deps.db, async (trx) => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return notFound();
    const vote = await findVoteForUpdate(trx, edition.id);
    if (voteState(vote, now) === 'closed') return refuse('conflict', 'vote.errors.closed');
    // A collision with an existing code (1 in 10^12 per pair) fails the unique index: nothing is stored.
    await insertCodeHashes(trx, { editionId: edition.id, hashes: [...codes].map(hashCode), now });
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'audience.codes',
      subjectType: 'audience_vote',
      subjectId: edition.id,
      after: { count: codes.size },
      at: now,
    });
    return ok([...codes]);
  });
}

export interface CastOutcome {
  editionId: number;
  entryId: number;
  /** 'cast' the first time, 'changed' for another finalist, 'same' when the vote already said this. */
  kind: 'cast' | 'changed' | 'same';
  closesAt: Date;
}

/**
 * A vote with a code (normalised, see vote.rules.ts): refused when the code is unknown (422 on the code field; the
 * route counts it against the address), when the vote is not open (409), or for an entry that is not one of its
 * finalists (422). Casting again changes the vote until the vote closes.
 */
export async function castBallot(
  deps: Deps,
  input: { code: string; entryId: number | null },
): Promise<Result<CastOutcome>> {
  const now = deps.clock.now();
  const code = await findCode(deps.db, hashCode(input.code));
  if (!code) return invalid([{ field: 'code', messageKey: 'vote.errors.wrongCode' }]);
  const entryId = input.entryId;
  return writeBallot(
    deps.db,
    { codeId: code.id, editionId: code.editionId, entryId: entryId ?? 0, now },
    ({ vote, isFinalist, before }): BallotDecision<Result<CastOutcome>> => {
      const state = voteState(vote, now);
      if (!vote || state !== 'open')
        return {
          result: refuse('conflict', state === 'closed' ? 'vote.errors.closed' : 'vote.errors.notOpen'),
          write: null,
        };
      if (entryId === null || !isFinalist)
        return { result: invalid([{ field: 'entryId', messageKey: 'vote.errors.choose' }]), write: null };
      const kind = before === undefined ? 'cast' : before === entryId ? 'same' : 'changed';
      const result = ok<CastOutcome>({ editionId: vote.editionId, entryId, kind, closesAt: vote.closesAt });
      if (kind === 'same') return { result, write: null };
      return {
        result,
        write: {
          isChange: kind === 'changed',
          audit: {
            actorUserId: null,
            action: kind === 'cast' ? 'audience.cast' : 'audience.change',
            subjectType: 'audience_vote',
            subjectId: vote.editionId,
            before: before === undefined ? undefined : { ballot: code.id, entryId: before },
            after: { ballot: code.id, entryId },
            at: now,
          },
        },
      };
    },
  );
}

/**
 * Mails one new code to each address (registered attendees, pasted by the organiser). The addresses are used for
 * sending only: nothing stores which address got which code, and the audit record holds the number, not the
 * addresses. Organisers; the mails go after the codes are stored. Returns how many were sent and how many failed.
 */
export async function mailCodes(
  deps: MailDeps,
  input: { actor: User; editionId: number; emails: string[] },
): Promise<Result<{ mailed: number; failures: number }>> {
  const codes = await generateCodes(deps, {
    actor: input.actor,
    editionId: input.editionId,
    count: input.emails.length,
  });
  if (!codes.ok)
    return codes.errors[0]?.field === 'count' ? invalid([{ ...codes.errors[0], field: 'emails' }]) : codes;
  const edition = await findEdition(deps.db, input.editionId);
  const nl = deps.i18n.getFixedT('nl');
  const en = deps.i18n.getFixedT('en');
  let mailed = 0;
  let failures = 0;
  const queue = input.emails.map((to, i) => ({ to, code: codes.value[i]! }));
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const params = {
        edition: edition?.name ?? '',
        code: formatCode(next.code),
        url: ballotUrl(deps.config.baseUrl, next.code),
      };
      try {
        const outcome = await deps.mailer.send({
          to: next.to,
          subject: nl('vote.mail.subject', params),
          text: `${nl('vote.mail.body', params)}\n\n---\n\n${en('vote.mail.body', params)}`,
          template: 'vote.mail',
          secret: true, // the outbox must not keep a code beside its address
        });
        if (outcome === 'sent') mailed += 1;
        else failures += 1;
      } catch (err) {
        failures += 1;
        deps.logger.error({ err }, 'voting code mail failed');
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return ok({ mailed, failures });
}
