/**
 * The results of an edition as the app uses them: one load of everything the ranking needs (a constant number of
 * queries, whatever the size of the edition), one computeResults per ranking, and the deliberation steps that
 * change something (notes, shortlist, the decision, the announcement), each in one transaction with its audit
 * record. Every function returns a Result (shared/result.ts): the route turns a refusal into its answer.
 */
import type { TFunction } from 'i18next';
import type { Knex } from 'knex';
import type { Queryable as Db } from '../db/db';
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { findEdition, listCriteria, listRuleChanges } from '../editions/edition.repo';
import { applyPhaseMove } from '../editions/edition.service';
import type { Criterion, Edition, RuleChange } from '../editions/edition.types';
import { effectivePhase, type Phase } from '../editions/phase';
import { entryNumber } from '../entries/entry.service';
import { conflictTable, type ConflictTable } from '../jury/conflict.service';
import { listJurors } from '../jury/juror.repo';
import { listLateConflicts, type LateConflict } from '../jury/late-conflict.repo';
import type { EditionJuror } from '../jury/jury.types';
import { localeOf } from '../i18n/pick';
import { inTransaction, invalid, ok, refuse, type Refusal, type Result } from '../shared/result';
import type { Lng } from '../shared/time';
import type { User } from '../users/user.types';
import type { JuryNote, NominationKind, ResultDecision } from './deliberation.types';
import { buildRankingInput, type RankingInput } from './inputs';
import { computeResults } from './ranking';
import { ResultsInputError } from './results.errors';
import {
  claimEntrantMailing,
  findDecision,
  listAbstentions,
  findCountedEntry,
  listCountedEntries,
  listEntrantRecipients,
  listEntriesByIds,
  listFinalSheets,
  listJuryNotes,
  listNominations,
  markAnnounced,
  saveDecisionRow,
  setNominationRow,
  upsertJuryNote,
  type CountedEntry,
} from './results.repo';
import {
  announceProblems,
  decisionProblems,
  mayDeliberate,
  nominationProblem,
  NOTE_MAX,
} from './results.rules';
import type { Results } from './results.types';
import { buildResultsView, type ResultsEntry, type ResultsView } from './results.view';

type Deps = Pick<AppContext, 'db' | 'clock'>;

/** Everything stored about an edition's results, before any computation. */
export interface ResultsData {
  edition: Edition;
  phase: Phase;
  criteria: Criterion[];
  entries: ResultsEntry[];
  /** Active jury members (not revoked). */
  jurors: EditionJuror[];
  conflicts: ConflictTable;
  input: RankingInput;
  nominations: Map<number, NominationKind>;
  notes: Map<number, JuryNote>;
  decision: ResultDecision | null;
  /** Conflicts declared after scoring closed on a scored entry: pending ones still count (late-conflicts.service). */
  lateConflicts: LateConflict[];
  /** Changes to the aggregation or the minimum after scoring started, with what they moved once scoring closed. */
  ruleChanges: RuleChange[];
}

/** An entry as the results pages and exports name it: its number label instead of the stored number. */
function toResultsEntry(edition: Edition, entry: CountedEntry): ResultsEntry {
  return {
    id: entry.id,
    numberLabel: entryNumber(edition, entry),
    title: entry.title,
    organisationName: entry.organisationName,
    summary: entry.summary,
    consentPublish: entry.consentPublish,
  };
}

/** Everything the ranking needs, in a fixed number of queries whatever the size of the edition. */
export async function loadResultsData(db: Db, edition: Edition, now: Date): Promise<ResultsData> {
  const [
    criteria,
    entryRows,
    allJurors,
    finalSheets,
    abstentions,
    nominationRows,
    noteRows,
    decision,
    late,
    ruleChanges,
  ] = await Promise.all([
    listCriteria(db, edition.id),
    listCountedEntries(db, edition.id),
    listJurors(db, edition.id),
    listFinalSheets(db, edition.id),
    listAbstentions(db, edition.id),
    listNominations(db, edition.id),
    listJuryNotes(db, edition.id),
    findDecision(db, edition.id),
    listLateConflicts(db, edition.id),
    listRuleChanges(db, edition.id),
  ]);
  // Revoked jurors keep their seat in the list, but their scores no longer count (as on the jury pages).
  const jurors = allJurors.filter((juror) => !juror.revokedAt);
  const conflicts = await conflictTable(db, { editionId: edition.id, jurors, entries: entryRows });
  const input = buildRankingInput({
    criteria,
    scale: { min: edition.scaleMin, max: edition.scaleMax },
    entryIds: entryRows.map((entry) => entry.id),
    jurorIds: jurors.map((juror) => juror.userId),
    finalSheets,
    abstentions,
    isConflicted: (jurorId, entryId) => conflicts.isConflicted(jurorId, entryId),
  });
  return {
    edition,
    phase: effectivePhase(edition, now),
    criteria,
    entries: entryRows.map((entry) => toResultsEntry(edition, entry)),
    jurors,
    conflicts,
    input,
    nominations: new Map(nominationRows.map((n) => [n.entryId, n.kind])),
    notes: new Map(noteRows.map((n) => [n.entryId, n])),
    decision: decision ?? null,
    lateConflicts: late,
    ruleChanges,
  };
}

/**
 * The one computation of a ranking, under the rules the edition fixed in advance: its aggregation, its minimum
 * number of scores and its tie-break rules. Nobody picks another method for the record after seeing the ranking.
 */
export function rank(data: ResultsData): Result<Results> {
  try {
    return ok(
      computeResults({
        criteria: data.input.criteria,
        sheets: data.input.sheets,
        entryIds: data.input.entryIds,
        aggregation: data.edition.aggregation,
        tieBreak: data.edition.tieBreak,
        minScores: data.edition.minScores,
      }),
    );
  } catch (error) {
    // The input is filtered first, so this means the edition itself cannot be ranked (e.g. weights not 100).
    if (error instanceof ResultsInputError) return refuse('conflict', 'results.errors.cannotRank');
    throw error;
  }
}

export interface EditionResults {
  data: ResultsData;
  results: Results;
  view: ResultsView;
}

/** Load, rank once under the edition's fixed rules, and put into words: what every results page and export starts from. */
export async function editionResults(
  deps: Deps,
  input: { edition: Edition; t: TFunction; lng: Lng },
): Promise<Result<EditionResults>> {
  const data = await loadResultsData(deps.db, input.edition, deps.clock.now());
  const ranked = rank(data);
  if (!ranked.ok) return ranked;
  const results = ranked.value;
  const view = buildResultsView({
    results,
    input: data.input,
    criteria: data.criteria,
    entries: data.entries,
    jurors: data.jurors,
    nominations: data.nominations,
    notes: data.notes,
    decision: data.decision,
    t: input.t,
    lng: input.lng,
  });
  return ok({ data, results, view });
}

/**
 * Where the chosen winner stands in the ranking the organiser looked at: kept in the decision's audit record, so
 * the choice can be defended later.
 */
export interface DecisionStanding {
  computedWinnerEntryId: number | null;
  winnerRank: number | null;
  robust: boolean;
}

export function decisionStanding(computed: EditionResults, winnerEntryId: number | null): DecisionStanding {
  const winnerRow = computed.view.rankedRows.find((row) => row.entry.id === winnerEntryId);
  return {
    computedWinnerEntryId: computed.results.robustness.winnerEntryId,
    winnerRank: winnerRow?.rank ?? null,
    robust: computed.results.robustness.robust,
  };
}

/** The edition or entry is gone (or the entry left the ranking) since the page was loaded. */
const notFound = (): Refusal => refuse('notFound', 'errors.404.message');

async function isCounted(trx: Knex.Transaction, editionId: number, entryId: number): Promise<boolean> {
  return (await findCountedEntry(trx, editionId, entryId)) !== undefined;
}

/** Saves what the jury agreed on an entry. Organisers, during deliberation. */
export async function saveJuryNote(
  deps: Deps,
  input: { actor: User; editionId: number; entryId: number; note: string },
): Promise<Result> {
  const now = deps.clock.now();
  const note = input.note.replace(/\r\n/g, '\n').trim();
  if (note.length > NOTE_MAX) return invalid([{ field: 'note', messageKey: 'results.errors.noteTooLong' }]);
  return inTransaction(deps.db, async (trx) => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return notFound();
    const decision = await findDecision(trx, edition.id);
    if (!mayDeliberate(effectivePhase(edition, now)) || decision?.announcedAt)
      return invalid([{ field: 'note', messageKey: 'results.errors.notDeliberating' }]);
    if (!(await isCounted(trx, edition.id, input.entryId))) return notFound();
    const before = (await listJuryNotes(trx, edition.id)).find((n) => n.entryId === input.entryId);
    if ((before?.note ?? '') === note) return ok();
    await upsertJuryNote(trx, {
      editionId: edition.id,
      entryId: input.entryId,
      note,
      actorId: input.actor.id,
      now,
    });
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'result.note',
      subjectType: 'entry',
      subjectId: input.entryId,
      before: { note: before?.note ?? '' },
      after: { note },
      at: now,
    });
    return ok();
  });
}

/** Puts an entry on the shortlist as nominee or honourable mention, or takes it off. Organisers, during deliberation. */
export async function setNomination(
  deps: Deps,
  input: { actor: User; editionId: number; entryId: number; kind: NominationKind | null },
): Promise<Result> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return notFound();
    if (!(await isCounted(trx, edition.id, input.entryId))) return notFound();
    const decision = await findDecision(trx, edition.id);
    const problem = nominationProblem({
      phase: effectivePhase(edition, now),
      announced: Boolean(decision?.announcedAt),
      entryId: input.entryId,
      kind: input.kind,
      decidedWinnerId: decision?.winnerEntryId ?? null,
    });
    if (problem) return invalid([{ field: 'kind', messageKey: `results.errors.nomination.${problem}` }]);
    const before =
      (await listNominations(trx, edition.id)).find((n) => n.entryId === input.entryId)?.kind ?? null;
    if (before === input.kind) return ok();
    await setNominationRow(trx, {
      editionId: edition.id,
      entryId: input.entryId,
      kind: input.kind,
      actorId: input.actor.id,
      now,
    });
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'result.nominate',
      subjectType: 'entry',
      subjectId: input.entryId,
      before: { kind: before },
      after: { kind: input.kind },
      at: now,
    });
    return ok();
  });
}

/**
 * Records the jury's choice: the winner (a nominee), the motivation and the aggregation the ranking used. The
 * first decision moves the edition from deliberation to decided in the same transaction. The audit record keeps
 * where the chosen winner stood in the ranking at that moment, so the choice can be defended later.
 */
export async function decideWinner(
  deps: Deps,
  input: {
    actor: User;
    editionId: number;
    winnerEntryId: number | null;
    motivation: string;
    /** From the ranking computed for this request (decisionStanding). */
    standing: DecisionStanding;
  },
): Promise<Result> {
  const now = deps.clock.now();
  const motivation = input.motivation.replace(/\r\n/g, '\n').trim();
  return inTransaction(deps.db, async (trx) => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return notFound();
    const phase = effectivePhase(edition, now);
    const before = await findDecision(trx, edition.id);
    const nominations = await listNominations(trx, edition.id);
    const problems = decisionProblems({
      phase,
      announced: Boolean(before?.announcedAt),
      winnerEntryId: input.winnerEntryId,
      winnerKind: nominations.find((n) => n.entryId === input.winnerEntryId)?.kind ?? null,
      winnerRanked: input.standing.winnerRank !== null,
      motivation,
    });
    if (problems.length || input.winnerEntryId === null) {
      return invalid(
        problems.map((p) => ({
          field: p.startsWith('motivation') ? 'motivation' : 'winnerEntryId',
          messageKey: `results.errors.decision.${p}`,
        })),
      );
    }
    const winnerEntryId = input.winnerEntryId;
    await saveDecisionRow(trx, {
      editionId: edition.id,
      winnerEntryId,
      motivation,
      aggregation: edition.aggregation,
      actorId: input.actor.id,
      now,
    });
    // The first decision moves the edition on. If another organiser moved it meanwhile, the decision still counts.
    // Only `ok` of the edition service's answer is read: the move's own refusal is not the decision's.
    const moved =
      phase === 'deliberation' &&
      (
        await applyPhaseMove(trx, {
          actor: input.actor,
          edition,
          to: 'decided',
          reason: '',
          newClosesAt: null,
          now,
        })
      ).ok;
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'result.decide',
      subjectType: 'edition',
      subjectId: edition.id,
      before: before
        ? {
            winnerEntryId: before.winnerEntryId,
            motivation: before.motivation,
            aggregation: before.aggregation,
          }
        : null,
      after: {
        winnerEntryId,
        motivation,
        aggregation: edition.aggregation,
        minScores: edition.minScores,
        computedWinnerEntryId: input.standing.computedWinnerEntryId,
        winnerRank: input.standing.winnerRank,
        robust: input.standing.robust,
        nominees: nominations.filter((n) => n.kind === 'nominee').map((n) => n.entryId),
        phase: moved ? 'decided' : phase,
      },
      at: now,
    });
    return ok();
  });
}

/** What announcing did besides publishing: how many entrants were mailed, and how many mails failed. */
export interface AnnounceOutcome {
  mailed: number;
  mailFailures: number;
}

/**
 * Makes the result public: marks the decision announced and moves the edition to `announced` in one
 * transaction (the only way into that phase), audited with what was published. Optionally mails every entrant
 * afterwards; a failing mail is logged and counted, never undoes the announcement.
 */
export async function announceResults(
  deps: Pick<AppContext, 'db' | 'clock' | 'mailer' | 'logger' | 'config' | 'i18n'>,
  input: { actor: User; editionId: number; mailEntrants: boolean },
): Promise<Result<AnnounceOutcome>> {
  const now = deps.clock.now();
  const result = await inTransaction(deps.db, async (trx) => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) return notFound();
    const phase = effectivePhase(edition, now);
    const decision = await findDecision(trx, edition.id);
    const problems = announceProblems({ phase, decision });
    // Not ready, or announced already: the state of the edition, not the form, stands in the way (409).
    if (problems.length || !decision) {
      const refusal: Refusal = {
        ok: false,
        refusal: 'conflict',
        errors: problems.map((p) => ({ field: 'announce', messageKey: `results.errors.announce.${p}` })),
      };
      return refusal;
    }
    // Another organiser got there first, between our read and our write (here or at the phase move below); the
    // refusal rolls back what was written.
    const alreadyAnnounced = () =>
      refuse('conflict', 'results.errors.announce.alreadyAnnounced', { field: 'announce' });
    if (!(await markAnnounced(trx, { editionId: edition.id, actorId: input.actor.id, now })))
      return alreadyAnnounced();
    const nominations = await listNominations(trx, edition.id);
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'result.announce',
      subjectType: 'edition',
      subjectId: edition.id,
      before: { phase: 'decided', announcedAt: null },
      after: {
        phase: 'announced',
        announcedAt: now,
        winnerEntryId: decision.winnerEntryId,
        aggregation: decision.aggregation,
        nominees: nominations.filter((n) => n.kind === 'nominee').map((n) => n.entryId),
        honourableMentions: nominations.filter((n) => n.kind === 'honourable_mention').map((n) => n.entryId),
        mailEntrants: input.mailEntrants,
      },
      at: now,
    });
    const move = await applyPhaseMove(trx, {
      actor: input.actor,
      edition,
      to: 'announced',
      reason: '',
      newClosesAt: null,
      now,
      announcing: true,
    });
    if (!move.ok) return alreadyAnnounced();
    return ok(edition);
  });
  if (!result.ok) return result;
  // Mails go out after the announcement committed; a failing mail never undoes it.
  if (!input.mailEntrants) return ok({ mailed: 0, mailFailures: 0 });
  return ok(await mailEntrants(deps, { actor: input.actor, edition: result.value }));
}

/** Mails the result to every entrant once (a second call finds the mailing claimed and sends nothing). */
export async function mailEntrants(
  deps: Pick<AppContext, 'db' | 'clock' | 'mailer' | 'logger' | 'config' | 'i18n'>,
  input: { actor: User; edition: Edition },
): Promise<{ mailed: number; mailFailures: number }> {
  const now = deps.clock.now();
  const edition = input.edition;
  const claim = await inTransaction(deps.db, async (trx) => {
    if (!(await claimEntrantMailing(trx, { editionId: edition.id, now }))) return ok(null);
    const recipients = await listEntrantRecipients(trx, edition.id);
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'result.mail_entrants',
      subjectType: 'edition',
      subjectId: edition.id,
      after: { recipients: recipients.length },
      at: now,
    });
    return ok(recipients);
  });
  const claimed = claim.ok ? claim.value : null;
  if (!claimed) return { mailed: 0, mailFailures: 0 };
  const decision = await findDecision(deps.db, edition.id);
  const winner = decision
    ? (await listEntriesByIds(deps.db, edition.id, [decision.winnerEntryId]))[0]
    : undefined;
  const link = `${deps.config.baseUrl}/edities/${edition.year}/winnaar`;
  let mailed = 0;
  let mailFailures = 0;
  // A few at a time: fast enough for hundreds of entrants without opening hundreds of SMTP connections at once.
  const queue = [...claimed];
  const worker = async () => {
    for (let recipient = queue.shift(); recipient; recipient = queue.shift()) {
      const t = deps.i18n.getFixedT(recipient.language ?? 'nl');
      const params = {
        name: recipient.name,
        edition: edition.name,
        organisation: winner?.organisationName ?? '',
        title: winner?.title ?? '',
        link,
      };
      try {
        // A refused mail stays in the outbox and is retried; it counts as not (yet) delivered here.
        const outcome = await deps.mailer.send({
          to: recipient.email,
          template: 'results.mail',
          subject: t('results.mail.subject', params),
          text: t('results.mail.body', params),
        });
        if (outcome === 'sent') mailed += 1;
        else mailFailures += 1;
      } catch (err) {
        mailFailures += 1;
        deps.logger.error({ err, to: recipient.email }, 'result mail failed');
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return { mailed, mailFailures };
}

/** The shortlist and the decision, without any ranking: what the ceremony and the public winner page show. */
export interface Shortlist {
  decision: ResultDecision | null;
  winner: ResultsEntry | null;
  /** Nominees in the order the ceremony reveals them: by organisation name, so the order gives nothing away. */
  nominees: ResultsEntry[];
  honourableMentions: ResultsEntry[];
}

export async function loadShortlist(db: Db, edition: Edition, lng: Lng): Promise<Shortlist> {
  const [decision, nominations] = await Promise.all([
    findDecision(db, edition.id),
    listNominations(db, edition.id),
  ]);
  const ids = [
    ...new Set([...nominations.map((n) => n.entryId), ...(decision ? [decision.winnerEntryId] : [])]),
  ];
  const entries = new Map(
    (await listEntriesByIds(db, edition.id, ids)).map((entry) => [entry.id, toResultsEntry(edition, entry)]),
  );
  const collator = new Intl.Collator(localeOf(lng));
  const ofKind = (kind: NominationKind) =>
    nominations
      .filter((n) => n.kind === kind)
      .flatMap((n) => (entries.has(n.entryId) ? [entries.get(n.entryId) as ResultsEntry] : []))
      .sort((a, b) => collator.compare(a.organisationName, b.organisationName) || a.id - b.id);
  return {
    decision: decision ?? null,
    winner: decision ? (entries.get(decision.winnerEntryId) ?? null) : null,
    nominees: ofKind('nominee'),
    honourableMentions: ofKind('honourable_mention'),
  };
}
