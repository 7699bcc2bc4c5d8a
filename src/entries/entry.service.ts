import type { Knex } from 'knex';
import type { Queryable } from '../db/db';
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { findCurrentEdition, findEdition, listCategories } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { acceptsEntries, effectivePhase } from '../editions/phase';
import type { Lng } from '../i18n/i18n';
import { findOrganisationById, findOrganisationsByIds } from '../organisations/organisation.repo';
import { organisationRecipients } from '../organisations/membership.service';
import { proposeOrganisationInTrx } from '../organisations/organisation.service';
import type { JointType } from '../organisations/organisation.types';
import { mailEach } from '../mail/notify';
import { attachmentLines } from '../mail/receipt';
import { calendarAttachments } from '../calendar/calendar.pages';
import { listAttachments } from '../attachments/attachment.repo';
import { inTransaction, invalid, ok, refuse, type FieldError, type Result } from '../shared/result';
import { formatDateTime } from '../shared/time';
import { isEmailVerified, type User } from '../users/user.types';
import { checkAction, refusalKey, type EditionWindow, type EntryAction } from './entry.rules';
import {
  findEntry,
  insertEntry,
  listEntries,
  deletePartner,
  insertPartner,
  listPartnerIds,
  markEditedAfterSubmit,
  moveEntryStatus,
  updateEntryContent,
  updateEntryFields,
} from './entry.repo';
import type { Entry, EntryDraft } from './entry.types';
import { answersOf, listQuestions, saveAnswers } from './question.repo';
import { fieldName, missingErrors } from './question.rules';
import type { AnswerValue, BuiltinField } from './question.types';

type Deps = Pick<AppContext, 'db' | 'clock'>;
type MailDeps = Pick<AppContext, 'db' | 'clock' | 'mailer' | 'i18n' | 'config' | 'logger'>;

/** What entrants may do with an edition right now. */
export function entryWindow(edition: Edition, now: Date): EditionWindow {
  return { editable: effectivePhase(edition, now) === 'open', accepting: acceptsEntries(edition, now) };
}

/** What is missing before the entry may be submitted, as form errors, from the edition's questions as stored now. */
async function missingNow(
  trx: Knex.Transaction,
  input: {
    edition: Edition;
    content: { title: string; categoryId: number | null } & Partial<Record<BuiltinField, string>>;
    answers: ReadonlyMap<number, AnswerValue>;
    lng: Lng;
  },
): Promise<FieldError[]> {
  const questions = await listQuestions(trx, input.edition.id);
  return missingErrors(input.content, questions, input.answers, input.lng);
}

/**
 * Checks new answers against the edition's questions as they are inside the transaction: a question the
 * organiser removed since the form was shown makes the form stale (409); every organisation chosen must be an
 * active body of the register.
 */
async function checkAnswers(
  trx: Knex.Transaction,
  input: { edition: Edition; answers: ReadonlyMap<number, AnswerValue | null> },
): Promise<Result> {
  const questions = new Map((await listQuestions(trx, input.edition.id)).map((q) => [q.id, q]));
  for (const [id, value] of input.answers) {
    const q = questions.get(id);
    if (!q || q.field) return refuse('conflict', 'entries.errors.stale');
    if (q.type !== 'organisations' || value === null) continue;
    const ids = value as number[];
    const found = await findOrganisationsByIds(trx, ids);
    if (found.length !== ids.length || found.some((o) => o.status !== 'active'))
      return refuse('invalid', 'entries.answers.errors.unknownOrganisation', { field: fieldName(q) });
  }
  return ok();
}

/** The entry and its edition, read inside the transaction that changes them; a vanished entry is a 404. */
async function loadForUpdate(
  trx: Knex.Transaction,
  entryId: number,
): Promise<Result<{ entry: Entry; edition: Edition }>> {
  const entry = await findEntry(trx, entryId);
  const edition = entry && (await findEdition(trx, entry.editionId));
  return entry && edition ? ok({ entry, edition }) : refuse('notFound', 'errors.404.message');
}

function allowed(
  action: EntryAction,
  entry: Entry,
  edition: Edition,
  now: Date,
  extra: { emailVerified?: boolean; missing?: string[] } = {},
) {
  return checkAction({ action, status: entry.status, window: entryWindow(edition, now), ...extra });
}

/** What changed in an entry after it was submitted, as its audit record says it. */
export type EntryChange =
  | { kind: 'text' }
  | { kind: 'partner.add'; organisationId: number }
  | { kind: 'partner.remove'; organisationId: number }
  | { kind: 'attachment.add'; attachmentIds: number[] }
  | { kind: 'attachment.delete'; attachmentId: number };

/**
 * A submitted entry may still change until the deadline: its text (saveEntry) or its attachments
 * (attachments/attachment.service). Every such change sets `last_edited_after_submit_at`, which organisers see
 * next to the submission time, and writes an `entry.edit_after_submit` audit record, both in the transaction of
 * the change itself. Drafts change freely, so nothing is recorded for them. The one place for both kinds of edit.
 */
export async function recordEditAfterSubmit(
  trx: Knex.Transaction,
  input: { entry: Pick<Entry, 'id' | 'status'>; actor: Pick<User, 'id'>; change: EntryChange; now: Date },
): Promise<void> {
  if (input.entry.status !== 'submitted') return;
  await markEditedAfterSubmit(trx, input.entry.id, input.now);
  const { kind, ...details } = input.change;
  await recordAudit(trx, {
    actorUserId: input.actor.id,
    action: 'entry.edit_after_submit',
    subjectType: 'entry',
    subjectId: input.entry.id,
    after: { change: kind, ...details },
    at: input.now,
  });
}

/**
 * Starts an empty draft for the user's organisation in the current edition, if that edition is open and allows
 * another entry. Returns the new entry's id.
 */
export async function createEntry(deps: Deps, input: { user: User }): Promise<Result<number>> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const edition = await findCurrentEdition(trx);
    if (!edition || !entryWindow(edition, now).editable)
      return refuse('invalid', refusalKey('deadline_passed'));
    if (!input.user.organisationId) return refuse('invalid', refusalKey('no_organisation'));
    const organisation = await findOrganisationById(trx, input.user.organisationId);
    if (!organisation) return refuse('invalid', refusalKey('no_organisation'));
    if (!edition.eligibleTypes.includes(organisation.type))
      return refuse('invalid', refusalKey('organisation_not_eligible'));
    if (!edition.multipleEntriesPerOrg) {
      const existing = await listEntries(trx, { editionId: edition.id, organisationId: organisation.id });
      if (existing.some((e) => e.status !== 'withdrawn'))
        return refuse('invalid', refusalKey('one_entry_only'));
    }
    const empty = {
      title: '',
      summary: '',
      problem: '',
      innovation: '',
      resultsEfficiency: '',
      resultsEffectiveness: '',
      transferability: '',
      contactName: input.user.name,
      contactPhone: '',
      categoryId: null,
    };
    const id = await insertEntry(trx, {
      editionId: edition.id,
      organisationId: organisation.id,
      userId: input.user.id,
      draft: empty,
      now,
    });
    return ok(id);
  });
}

/**
 * Saves the entry form. Refuses after the deadline, a stale form (a colleague saved in between: their text is
 * kept and the user sees the conflict), and a submitted entry that would become incomplete.
 */
export async function saveEntry(
  deps: MailDeps,
  input: {
    user: User;
    entryId: number;
    version: number;
    draft: EntryDraft;
    answers: ReadonlyMap<number, AnswerValue | null>;
    lng: Lng;
  },
): Promise<Result> {
  const now = deps.clock.now();
  const result = await inTransaction(deps.db, async (trx): Promise<Result> => {
    const loaded = await loadForUpdate(trx, input.entryId);
    if (!loaded.ok) return loaded;
    const { entry, edition } = loaded.value;
    const check = allowed('edit', entry, edition, now);
    if (!check.ok) return refuse('invalid', refusalKey(check.reason));
    if (entry.version !== input.version) return refuse('conflict', 'entries.errors.stale');
    if (
      input.draft.categoryId !== null &&
      !(await listCategories(trx, edition.id)).some((c) => c.id === input.draft.categoryId)
    ) {
      return refuse('invalid', 'entries.errors.categoryUnknown', { field: 'categoryId' });
    }
    const checked = await checkAnswers(trx, { edition, answers: input.answers });
    if (!checked.ok) return checked;
    if (entry.status === 'submitted') {
      const answers = new Map(await answersOf(trx, entry.id));
      for (const [id, value] of input.answers)
        if (value === null) answers.delete(id);
        else answers.set(id, value);
      const missing = await missingNow(trx, { edition, content: input.draft, answers, lng: input.lng });
      if (missing.length) return invalid(missing);
    }
    await saveAnswers(trx, entry.id, input.answers);
    const saved = await updateEntryContent(trx, {
      id: entry.id,
      version: input.version,
      draft: input.draft,
      now,
    });
    if (!saved) return refuse('conflict', 'entries.errors.stale');
    await recordEditAfterSubmit(trx, { entry, actor: input.user, change: { kind: 'text' }, now });
    return ok();
  });
  if (result.ok) await notifyEditedAfterSubmit(deps, { entryId: input.entryId, actor: input.user });
  return result;
}

/** The status moves an entrant makes, what each leads to, and the mail it sends to the organisation's members. */
const STATUS_MOVES = {
  submit: { to: 'submitted', event: 'submitted' },
  withdraw: { to: 'withdrawn', event: 'withdrawn' },
  reopen: { to: 'draft', event: 'reopened' },
} as const;

/**
 * Moves the entry's status as the entrant asked, when the rules allow it now (submitting also needs a complete
 * entry and a verified address), in one transaction with its audit record; then every member is mailed (the
 * receipt, for a submission).
 */
async function moveStatus(
  deps: MailDeps,
  input: { user: User; entryId: number; action: keyof typeof STATUS_MOVES; lng?: Lng },
): Promise<Result<Entry>> {
  const { to, event } = STATUS_MOVES[input.action];
  const now = deps.clock.now();
  const result = await inTransaction(
    deps.db,
    async (trx): Promise<Result<{ entry: Entry; edition: Edition }>> => {
      const loaded = await loadForUpdate(trx, input.entryId);
      if (!loaded.ok) return loaded;
      const { entry, edition } = loaded.value;
      const submitting = input.action === 'submit';
      const missing = submitting
        ? await missingNow(trx, {
            edition,
            content: entry,
            answers: await answersOf(trx, entry.id),
            lng: input.lng ?? 'nl',
          })
        : [];
      const extra = submitting
        ? { emailVerified: isEmailVerified(input.user), missing: missing.map((e) => e.field) }
        : {};
      const check = allowed(input.action, entry, edition, now, extra);
      if (!check.ok)
        return check.reason === 'incomplete' ? invalid(missing) : refuse('invalid', refusalKey(check.reason));
      if (!(await moveEntryStatus(trx, { id: entry.id, from: entry.status, to, now })))
        return refuse('conflict', 'entries.errors.stale');
      await recordAudit(trx, {
        actorUserId: input.user.id,
        action: `entry.${input.action}`,
        subjectType: 'entry',
        subjectId: entry.id,
        before: submitting ? undefined : { status: entry.status },
        after: { status: to },
        at: now,
      });
      return ok({ entry: (await findEntry(trx, entry.id))!, edition });
    },
  );
  if (!result.ok) return result;
  await notifyEntryChange(deps, { ...result.value, event, actor: input.user });
  return ok(result.value.entry);
}

/** Submits a complete entry while the edition accepts entries; sends the receipt to every member afterwards. */
export function submitEntry(
  deps: MailDeps,
  input: { user: User; entryId: number; lng: Lng },
): Promise<Result<Entry>> {
  return moveStatus(deps, { ...input, action: 'submit' });
}

/** Withdraws an entry (before the deadline); the jury will not see it. */
export function withdrawEntry(
  deps: MailDeps,
  input: { user: User; entryId: number },
): Promise<Result<Entry>> {
  return moveStatus(deps, { ...input, action: 'withdraw' });
}

/** Takes a withdrawn entry back into draft (before the deadline). */
export function reopenEntry(deps: MailDeps, input: { user: User; entryId: number }): Promise<Result<Entry>> {
  return moveStatus(deps, { ...input, action: 'reopen' });
}

/** "2027-014": the number on the receipt and in every list. */
export function entryNumber(edition: Pick<Edition, 'year'>, entry: Pick<Entry, 'number'>): string {
  return `${edition.year}-${String(entry.number).padStart(3, '0')}`;
}

/** The organiser marks an entry eligible or not; a reason is required for "not eligible". Audited. */
export async function setEligibility(
  deps: Deps,
  input: { actor: User; entryId: number; eligibility: 'eligible' | 'ineligible' | 'pending'; reason: string },
): Promise<Result> {
  const now = deps.clock.now();
  const reason = input.reason.trim() || null;
  if (input.eligibility === 'ineligible' && !reason)
    return refuse('invalid', 'entries.errors.eligibilityReasonRequired', { field: 'reason' });
  return inTransaction(deps.db, async (trx) => {
    const entry = await findEntry(trx, input.entryId);
    if (!entry) return refuse('notFound', 'errors.404.message');
    if (entry.status !== 'submitted')
      return refuse('invalid', 'entries.errors.eligibilityNeedsSubmitted', { field: 'eligibility' });
    await changeEligibility(trx, { actor: input.actor, entry, eligibility: input.eligibility, reason, now });
    return ok();
  });
}

/**
 * One entry's admission changes, audited, in the caller's transaction: the step the single decision and the bulk
 * action (bulk.service.ts) both take, so an entry's history reads the same whichever way it was decided.
 */
export async function changeEligibility(
  trx: Queryable,
  input: {
    actor: User;
    entry: Entry;
    eligibility: Entry['eligibility'];
    reason: string | null;
    now: Date;
    bulk?: boolean;
  },
): Promise<void> {
  const { entry, eligibility, reason, now } = input;
  await updateEntryFields(trx, entry.id, { eligibility, eligibilityReason: reason }, now);
  await recordAudit(trx, {
    actorUserId: input.actor.id,
    action: 'entry.eligibility',
    subjectType: 'entry',
    subjectId: entry.id,
    before: { eligibility: entry.eligibility, reason: entry.eligibilityReason },
    after: { eligibility, reason, ...(input.bulk ? { bulk: true } : {}) },
    reason,
    at: now,
  });
}

export type EntryEvent = 'submitted' | 'edited' | 'withdrawn' | 'reopened';

/**
 * Every change of an entry's status, and every edit after submitting, is mailed to all members of its
 * organisation (the receipt is the 'submitted' mail), so neither a mistake nor a takeover can pass unseen. Sent
 * after the change committed; each member in their own language.
 */
export async function notifyEntryChange(
  deps: MailDeps,
  input: { entry: Entry; edition: Edition; event: EntryEvent; actor: Pick<User, 'name'> },
): Promise<void> {
  const { entry, edition } = input;
  const recipients = await organisationRecipients(deps, entry.organisationId);
  const number = entryNumber(edition, entry);
  // The receipt lists the files as received, so each member can check them against their own copies.
  const files = input.event === 'submitted' ? await listAttachments(deps.db, entry.id) : [];
  await mailEach(deps, recipients, (t, r, lng) => ({
    template: `entries.mail.${input.event}`,
    // The receipt carries the deadline (until then the entry can still be changed) and the conference as a calendar.
    ...(input.event === 'submitted'
      ? {
          attachments: calendarAttachments({
            edition,
            kinds: ['deadline', 'conferentie'],
            name: 'inzending',
            t,
            baseUrl: deps.config.baseUrl,
            now: deps.clock.now(),
          }),
        }
      : {}),
    subject: t(`entries.mail.${input.event}.subject`, { number }),
    text: t(`entries.mail.${input.event}.body`, {
      name: r.name,
      actor: input.actor.name,
      number,
      title: entry.title || t('entries.untitled'),
      edition: edition.name,
      submittedAt: entry.submittedAt ? formatDateTime(entry.submittedAt, lng) : '',
      at: formatDateTime(deps.clock.now(), lng),
      deadline: edition.closesAt ? formatDateTime(edition.closesAt, lng) : '',
      link: `${deps.config.baseUrl}/entries/${entry.id}`,
      attachments: attachmentLines(files, t, lng),
    }),
  }));
}

/** After an edit of a submitted entry (its text, partners or attachments) committed: tell the members. */
export async function notifyEditedAfterSubmit(
  deps: MailDeps,
  input: { entryId: number; actor: Pick<User, 'name'> },
): Promise<void> {
  const entry = await findEntry(deps.db, input.entryId);
  if (!entry || entry.status !== 'submitted') return;
  const edition = await findEdition(deps.db, entry.editionId);
  if (edition) await notifyEntryChange(deps, { entry, edition, event: 'edited', actor: input.actor });
}

/** Partners are chosen from the register; a partner not in it is proposed to the organisers. */
const MAX_PARTNERS = 30;

/** The entry and its edition, when the entry may be edited now; else the refusal to return. */
async function loadEditable(
  trx: Knex.Transaction,
  input: { entryId: number; now: Date },
): Promise<Result<{ entry: Entry; edition: Edition }>> {
  const loaded = await loadForUpdate(trx, input.entryId);
  if (!loaded.ok) return loaded;
  const check = allowed('edit', loaded.value.entry, loaded.value.edition, input.now);
  return check.ok ? loaded : refuse('invalid', refusalKey(check.reason));
}

/**
 * Every change of an entry's partners runs the same way: in one transaction while the entry may be edited, the
 * link written by `change` (which refuses, or says what it did, or null when nothing changed), its audit record and,
 * for a submitted entry, the note that it changed after submitting; after the commit, the members are told.
 */
type PartnerChange = { organisationId: number; added: boolean; audit: { before?: unknown; after?: unknown } };

async function changePartners(
  deps: MailDeps,
  input: { user: User; entryId: number },
  change: (trx: Knex.Transaction, entry: Entry) => Promise<Result<PartnerChange | null>>,
): Promise<Result> {
  const now = deps.clock.now();
  const result = await inTransaction(deps.db, async (trx): Promise<Result<boolean>> => {
    const editable = await loadEditable(trx, { entryId: input.entryId, now });
    if (!editable.ok) return editable;
    const { entry } = editable.value;
    const changed = await change(trx, entry);
    if (!changed.ok) return changed;
    if (!changed.value) return ok(false);
    const { organisationId, added, audit } = changed.value;
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: added ? 'entry.partner_add' : 'entry.partner_remove',
      subjectType: 'entry',
      subjectId: entry.id,
      ...audit,
      at: now,
    });
    await recordEditAfterSubmit(trx, {
      entry,
      actor: input.user,
      change: { kind: added ? 'partner.add' : 'partner.remove', organisationId },
      now,
    });
    return ok(entry.status === 'submitted');
  });
  if (!result.ok) return result;
  if (result.value) await notifyEditedAfterSubmit(deps, { entryId: input.entryId, actor: input.user });
  return ok();
}

async function partnersFull(trx: Knex.Transaction, entry: Entry, field: string) {
  return (await listPartnerIds(trx, entry.id)).length >= MAX_PARTNERS
    ? refuse('invalid', 'entries.partners.errors.tooMany', { field, params: { max: MAX_PARTNERS } })
    : null;
}

/** Adds an organisation of the register as a partner of the entry (never the entrant itself). */
export function addPartner(
  deps: MailDeps,
  input: { user: User; entryId: number; organisationId: number },
): Promise<Result> {
  return changePartners(deps, input, async (trx, entry) => {
    const organisation = await findOrganisationById(trx, input.organisationId);
    if (!organisation || organisation.status !== 'active')
      return refuse('invalid', 'entries.partners.errors.unknown', { field: 'organisationId' });
    if (organisation.id === entry.organisationId)
      return refuse('invalid', 'entries.partners.errors.self', { field: 'organisationId' });
    const full = await partnersFull(trx, entry, 'organisationId');
    if (full) return full;
    if (!(await insertPartner(trx, entry.id, organisation.id))) return ok(null);
    const after = { organisationId: organisation.id, name: organisation.name };
    return ok({ organisationId: organisation.id, added: true, audit: { after } });
  });
}

export function removePartner(
  deps: MailDeps,
  input: { user: User; entryId: number; organisationId: number },
): Promise<Result> {
  return changePartners(deps, input, async (trx, entry) => {
    if (!(await deletePartner(trx, entry.id, input.organisationId))) return ok(null);
    const before = { organisationId: input.organisationId };
    return ok({ organisationId: input.organisationId, added: false, audit: { before } });
  });
}

/**
 * A partner that is not in the register: proposed to the organisers, and linked to the entry at once so the
 * jury's conflict check already sees it. The organisers approve it, merge it into the body it meant, or refuse it
 * (which removes the link).
 */
export function proposePartner(
  deps: MailDeps,
  input: { user: User; entryId: number; name: string; type: JointType; ownerIds: number[] },
): Promise<Result> {
  return changePartners(deps, input, async (trx, entry) => {
    const full = await partnersFull(trx, entry, 'proposedName');
    if (full) return full;
    const proposed = await proposeOrganisationInTrx(trx, { ...input, now: deps.clock.now() });
    if (!proposed.ok)
      return invalid(proposed.errors.map((e) => (e.field === 'name' ? { ...e, field: 'proposedName' } : e)));
    await insertPartner(trx, entry.id, proposed.value.id);
    const after = { organisationId: proposed.value.id, name: proposed.value.name, proposed: true };
    return ok({ organisationId: proposed.value.id, added: true, audit: { after } });
  });
}
