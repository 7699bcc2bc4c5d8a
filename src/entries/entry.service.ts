import type { Knex } from 'knex';
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { findEdition } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { acceptsEntries, effectivePhase } from '../editions/phase';
import { HttpError } from '../http/errors';
import type { Lng } from '../i18n/i18n';
import { findOrganisationById } from '../organisations/organisation.repo';
import { resolvePartnerOrganisations } from '../organisations/organisation.service';
import { formatDateTime } from '../shared/time';
import { isEmailVerified, type User } from '../users/user.types';
import {
  checkAction,
  missingForSubmit,
  refusalKey,
  type EditionWindow,
  type EntryAction,
  type EntryTextField,
} from './entry.rules';
import {
  findEntry,
  insertEntry,
  listEntries,
  listPartnerIds,
  markEditedAfterSubmit,
  replacePartners,
  updateEntryContent,
  updateEntryFields,
} from './entry.repo';
import type { Entry, EntryDraft } from './entry.types';

type Deps = Pick<AppContext, 'db' | 'clock'>;

export interface EntryError {
  field: string;
  messageKey: string;
  params?: Record<string, unknown>;
}
export type EntryResult<T = void> =
  { ok: true; value: T } | { ok: false; errors: EntryError[]; status?: number };

const refused = (reason: Parameters<typeof refusalKey>[0], status = 422): EntryResult<never> => ({
  ok: false,
  status,
  errors: [{ field: 'form', messageKey: refusalKey(reason) }],
});

/** What entrants may do with an edition right now. */
export function entryWindow(edition: Edition, now: Date): EditionWindow {
  return { editable: effectivePhase(edition, now) === 'open', accepting: acceptsEntries(edition, now) };
}

const missingErrors = (missing: Array<EntryTextField | 'categoryId'>): EntryError[] =>
  missing.map((f) => ({ field: f, messageKey: `entries.missing.${f}` }));

async function loadForUpdate(trx: Knex.Transaction, entryId: number) {
  const entry = await findEntry(trx, entryId);
  if (!entry) throw new HttpError(404);
  const edition = await findEdition(trx, entry.editionId);
  if (!edition) throw new HttpError(404);
  return { entry, edition };
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

/** Starts an empty draft for the user's organisation, if the edition is open and allows another entry. */
export async function createEntry(
  deps: Deps,
  input: { user: User; editionId: number },
): Promise<EntryResult<number>> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const edition = await findEdition(trx, input.editionId);
    if (!edition) throw new HttpError(404);
    if (!entryWindow(edition, now).editable) return refused('deadline_passed');
    if (!input.user.organisationId) return refused('no_organisation');
    const organisation = await findOrganisationById(trx, input.user.organisationId);
    if (!organisation) return refused('no_organisation');
    if (!edition.eligibleTypes.includes(organisation.type)) return refused('organisation_not_eligible');
    if (!edition.multipleEntriesPerOrg) {
      const existing = await listEntries(trx, { editionId: edition.id, organisationId: organisation.id });
      if (existing.some((e) => e.status !== 'withdrawn')) return refused('one_entry_only');
    }
    const empty = {
      title: '',
      summary: '',
      problem: '',
      innovation: '',
      resultsEfficiency: '',
      resultsEffectiveness: '',
      transferability: '',
      partnersText: '',
      contactName: input.user.name,
      contactPhone: '',
      categoryId: null,
      consentPublish: false,
    };
    const id = await insertEntry(trx, {
      editionId: edition.id,
      organisationId: organisation.id,
      userId: input.user.id,
      draft: empty,
      now,
    });
    return { ok: true, value: id };
  });
}

/**
 * Saves the entry form. Refuses after the deadline, a stale form (a colleague saved in between: their text is
 * kept and the user sees the conflict), and a submitted entry that would become incomplete.
 */
export async function saveEntry(
  deps: Deps,
  input: { user: User; entryId: number; version: number; draft: EntryDraft },
): Promise<EntryResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const { entry, edition } = await loadForUpdate(trx, input.entryId);
    const check = allowed('edit', entry, edition, now);
    if (!check.ok) return refused(check.reason);
    if (entry.version !== input.version)
      return { ok: false, status: 409, errors: [{ field: 'form', messageKey: 'entries.errors.stale' }] };
    if (
      input.draft.categoryId !== null &&
      !(await trx('categories').where({ id: input.draft.categoryId, edition_id: edition.id }).first())
    ) {
      return { ok: false, errors: [{ field: 'categoryId', messageKey: 'entries.errors.categoryUnknown' }] };
    }
    if (entry.status === 'submitted') {
      const missing = missingForSubmit(input.draft);
      if (missing.length) return { ok: false, errors: missingErrors(missing) };
    }
    const { partnerNames, ...content } = input.draft;
    const saved = await updateEntryContent(trx, {
      id: entry.id,
      version: input.version,
      draft: content,
      now,
    });
    if (!saved)
      return { ok: false, status: 409, errors: [{ field: 'form', messageKey: 'entries.errors.stale' }] };
    await recordEditAfterSubmit(trx, { entry, actor: input.user, change: { kind: 'text' }, now });
    const partners = await resolvePartnerOrganisations(trx, {
      names: partnerNames,
      exceptId: entry.organisationId,
      now,
      actorUserId: input.user.id,
    });
    await replacePartners(trx, entry.id, partners);
    return { ok: true, value: undefined };
  });
}

/** Submits a complete entry while the edition accepts entries; sends the receipt afterwards. */
export async function submitEntry(
  deps: Deps & Pick<AppContext, 'mailer' | 'i18n' | 'config'>,
  input: { user: User; entryId: number; lng: Lng },
): Promise<EntryResult<Entry>> {
  const now = deps.clock.now();
  const result = await deps.db.transaction(
    async (trx): Promise<EntryResult<{ entry: Entry; edition: Edition }>> => {
      const { entry, edition } = await loadForUpdate(trx, input.entryId);
      const missing = missingForSubmit(entry);
      const check = allowed('submit', entry, edition, now, {
        emailVerified: isEmailVerified(input.user),
        missing,
      });
      if (!check.ok)
        return check.reason === 'incomplete'
          ? { ok: false, errors: missingErrors(missing) }
          : refused(check.reason);
      await updateEntryFields(
        trx,
        entry.id,
        { status: 'submitted', submitted_at: now, withdrawn_at: null },
        now,
      );
      await recordAudit(trx, {
        actorUserId: input.user.id,
        action: 'entry.submit',
        subjectType: 'entry',
        subjectId: entry.id,
        after: { status: 'submitted' },
        at: now,
      });
      return { ok: true, value: { entry: (await findEntry(trx, entry.id))!, edition } };
    },
  );
  if (!result.ok) return result;
  const { entry, edition } = result.value;
  const t = deps.i18n.getFixedT(input.user.language ?? input.lng);
  await deps.mailer.send({
    to: input.user.email,
    subject: t('entries.mail.receipt.subject', { number: entryNumber(edition, entry) }),
    text: t('entries.mail.receipt.body', {
      name: input.user.name,
      number: entryNumber(edition, entry),
      title: entry.title,
      edition: edition.name,
      submittedAt: formatDateTime(entry.submittedAt!, input.user.language ?? input.lng),
      deadline: edition.closesAt ? formatDateTime(edition.closesAt, input.user.language ?? input.lng) : '',
      link: `${deps.config.baseUrl}/entries/${entry.id}`,
    }),
  });
  return { ok: true, value: entry };
}

/** "2027-014": the number on the receipt and in every list. */
export function entryNumber(edition: Pick<Edition, 'year'>, entry: Pick<Entry, 'number'>): string {
  return `${edition.year}-${String(entry.number).padStart(3, '0')}`;
}

/** Withdraws an entry (before the deadline); the jury will not see it. */
export async function withdrawEntry(
  deps: Deps,
  input: { user: User; entryId: number },
): Promise<EntryResult> {
  return moveStatus(deps, { ...input, action: 'withdraw', to: 'withdrawn' });
}

/** Takes a withdrawn entry back into draft (before the deadline). */
export async function reopenEntry(deps: Deps, input: { user: User; entryId: number }): Promise<EntryResult> {
  return moveStatus(deps, { ...input, action: 'reopen', to: 'draft' });
}

async function moveStatus(
  deps: Deps,
  input: { user: User; entryId: number; action: 'withdraw' | 'reopen'; to: 'withdrawn' | 'draft' },
): Promise<EntryResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const { entry, edition } = await loadForUpdate(trx, input.entryId);
    const check = allowed(input.action, entry, edition, now);
    if (!check.ok) return refused(check.reason);
    await updateEntryFields(
      trx,
      entry.id,
      input.to === 'withdrawn'
        ? { status: 'withdrawn', withdrawn_at: now }
        : { status: 'draft', withdrawn_at: null, submitted_at: null },
      now,
    );
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: `entry.${input.action}`,
      subjectType: 'entry',
      subjectId: entry.id,
      before: { status: entry.status },
      after: { status: input.to },
      at: now,
    });
    return { ok: true, value: undefined };
  });
}

/** The organiser marks an entry eligible or not; a reason is required for "not eligible". Audited. */
export async function setEligibility(
  deps: Deps,
  input: { actor: User; entryId: number; eligibility: 'eligible' | 'ineligible' | 'pending'; reason: string },
): Promise<EntryResult> {
  const now = deps.clock.now();
  if (input.eligibility === 'ineligible' && !input.reason.trim()) {
    return {
      ok: false,
      errors: [{ field: 'reason', messageKey: 'entries.errors.eligibilityReasonRequired' }],
    };
  }
  return deps.db.transaction(async (trx) => {
    const entry = await findEntry(trx, input.entryId);
    if (!entry) throw new HttpError(404);
    if (entry.status !== 'submitted')
      return {
        ok: false,
        errors: [{ field: 'eligibility', messageKey: 'entries.errors.eligibilityNeedsSubmitted' }],
      };
    await updateEntryFields(
      trx,
      entry.id,
      { eligibility: input.eligibility, eligibility_reason: input.reason.trim() || null },
      now,
    );
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'entry.eligibility',
      subjectType: 'entry',
      subjectId: entry.id,
      before: { eligibility: entry.eligibility, reason: entry.eligibilityReason },
      after: { eligibility: input.eligibility, reason: input.reason.trim() || null },
      reason: input.reason.trim() || null,
      at: now,
    });
    return { ok: true, value: undefined };
  });
}

export { listPartnerIds };
