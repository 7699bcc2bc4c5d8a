/**
 * Actions on a selection of entries, each all or nothing: one transaction for the whole selection, an audit record
 * per entry, and any entry that may not take the action (another edition, not submitted) refuses the lot.
 */
import { recordAudit } from '../audit/audit.repo';
import { findEdition } from '../editions/edition.repo';
import type { AppContext } from '../context';
import { inTransaction, ok, refuse, type Result } from '../shared/result';
import type { User } from '../users/user.types';
import { BULK_MAX, normaliseTag } from './bulk.rules';
import { findEntry } from './entry.repo';
import { changeEligibility } from './entry.service';
import type { Entry } from './entry.types';
import { deleteTag, insertTag } from './tag.repo';
import type { Knex } from 'knex';

type Deps = Pick<AppContext, 'db' | 'clock'>;

/** The edition a bulk action on the organisers' list names (route files read no repo). */
export function findEditionForBulk(deps: Pick<AppContext, 'db'>, editionId: number) {
  return findEdition(deps.db, editionId);
}

/** The selected entries of the edition, read in the transaction; a refusal when one is not there. */
async function selection(trx: Knex.Transaction, editionId: number, entryIds: readonly number[]) {
  const ids = [...new Set(entryIds)];
  if (ids.length === 0) return refuse('invalid', 'entries.bulk.errors.noneSelected', { field: 'entryIds' });
  if (ids.length > BULK_MAX)
    return refuse('invalid', 'entries.bulk.errors.tooMany', { field: 'entryIds', params: { max: BULK_MAX } });
  const entries: Entry[] = [];
  for (const id of ids) {
    const entry = await findEntry(trx, id);
    if (!entry || entry.editionId !== editionId)
      return refuse('invalid', 'entries.bulk.errors.unknown', { field: 'entryIds' });
    entries.push(entry);
  }
  return ok(entries);
}

/**
 * Admits the selected entries, or marks them not eligible with one reason. Only submitted entries: a draft or
 * withdrawn one in the selection refuses the whole action, and nothing changes.
 */
export async function bulkEligibility(
  deps: Deps,
  input: {
    actor: User;
    editionId: number;
    entryIds: readonly number[];
    eligibility: 'eligible' | 'ineligible';
    reason: string;
  },
): Promise<Result<number>> {
  const now = deps.clock.now();
  const reason = input.reason.trim() || null;
  if (input.eligibility === 'ineligible' && !reason)
    return refuse('invalid', 'entries.errors.eligibilityReasonRequired', { field: 'reason' });
  if (reason && reason.length > 2000)
    return refuse('invalid', 'common.errors.tooLong', { field: 'reason', params: { max: 2000 } });
  return inTransaction(deps.db, async (trx) => {
    const selected = await selection(trx, input.editionId, input.entryIds);
    if (!selected.ok) return selected;
    const notSubmitted = selected.value.filter((e) => e.status !== 'submitted');
    if (notSubmitted.length)
      return refuse('invalid', 'entries.bulk.errors.notSubmitted', {
        field: 'entryIds',
        params: { count: notSubmitted.length },
      });
    for (const entry of selected.value)
      await changeEligibility(trx, {
        actor: input.actor,
        entry,
        eligibility: input.eligibility,
        reason,
        now,
        bulk: true,
      });
    return ok(selected.value.length);
  });
}

/** Puts a tag on the selected entries, or takes it off; audited per entry that changed. */
export async function bulkTag(
  deps: Deps,
  input: { actor: User; editionId: number; entryIds: readonly number[]; tag: string; remove: boolean },
): Promise<Result<number>> {
  const now = deps.clock.now();
  const tag = normaliseTag(input.tag);
  if (!tag) return refuse('invalid', 'entries.bulk.errors.tag', { field: 'newTag' });
  return inTransaction(deps.db, async (trx) => {
    const selected = await selection(trx, input.editionId, input.entryIds);
    if (!selected.ok) return selected;
    let changed = 0;
    for (const entry of selected.value) {
      const done = input.remove ? await deleteTag(trx, entry.id, tag) : await insertTag(trx, entry.id, tag);
      if (!done) continue;
      changed += 1;
      await recordAudit(trx, {
        actorUserId: input.actor.id,
        action: input.remove ? 'entry.untag' : 'entry.tag',
        subjectType: 'entry',
        subjectId: entry.id,
        after: { tag },
        at: now,
      });
    }
    return ok(changed);
  });
}
