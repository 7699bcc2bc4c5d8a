import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { HttpError } from '../http/errors';
import { findOrganisationById } from '../organisations/organisation.repo';
import { countActiveAdmins } from '../users/user.repo';
import { endMembershipsOf } from '../organisations/membership.repo';
import type { User } from '../users/user.types';
import {
  anonymiseUser,
  decideDeletionRequest,
  findDeletionRequest,
  findPendingRequestOf,
  insertDeletionRequest,
  rowsOfUser,
} from './privacy.repo';

type Deps = Pick<AppContext, 'db' | 'clock'>;

/** Drops columns that are secrets or internal bookkeeping, not personal data the user needs to see. */
function withoutSecrets(row: Record<string, unknown>): Record<string, unknown> {
  const { password_hash: _p, token_hash: _t, session_version: _s, ...rest } = row;
  return rest;
}

/**
 * Everything the app holds about the user (AVG art. 15 and 20): the account, the organisation, the entries they
 * started, their jury work, and what they did according to the audit log. Machine-readable JSON.
 */
export async function exportPersonalData(deps: Deps, user: User): Promise<Record<string, unknown>> {
  const membershipOrganisationId = user.membership?.organisationId;
  const organisation = membershipOrganisationId
    ? await findOrganisationById(deps.db, membershipOrganisationId)
    : undefined;
  const sheets = await rowsOfUser(deps.db, 'score_sheets', 'juror_user_id', user.id);
  const sheetIds = sheets.map((s) => Number(s.id));
  const scores = sheetIds.length ? await deps.db('scores').whereIn('sheet_id', sheetIds) : [];
  const account = (await rowsOfUser(deps.db, 'users', 'id', user.id)).map(withoutSecrets)[0];
  return {
    exportedAt: deps.clock.now().toISOString(),
    account,
    organisation: organisation
      ? { id: organisation.id, name: organisation.name, type: organisation.type }
      : null,
    memberships: await rowsOfUser(deps.db, 'memberships', 'user_id', user.id),
    entriesStarted: await rowsOfUser(deps.db, 'entries', 'created_by_user_id', user.id),
    attachmentsUploaded: (await rowsOfUser(deps.db, 'attachments', 'uploaded_by_user_id', user.id)).map(
      (a) => ({ ...a, stored_name: undefined }),
    ),
    jury: {
      memberships: await rowsOfUser(deps.db, 'edition_jurors', 'user_id', user.id),
      conflictDeclarations: await rowsOfUser(deps.db, 'conflict_decisions', 'juror_user_id', user.id),
      scoreSheets: sheets,
      scores,
    },
    actionsInAuditLog: await rowsOfUser(deps.db, 'audit_events', 'actor_user_id', user.id),
    deletionRequests: await rowsOfUser(deps.db, 'deletion_requests', 'user_id', user.id),
  };
}

/** Records a request to delete the account; asking twice keeps the first request. */
export async function requestDeletion(deps: Deps, input: { user: User; reason: string }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    if (await findPendingRequestOf(trx, input.user.id)) return;
    const id = await insertDeletionRequest(trx, { userId: input.user.id, reason: input.reason, now });
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: 'account.deletion_requested',
      subjectType: 'user',
      subjectId: input.user.id,
      after: { requestId: id },
      at: now,
    });
  });
}

export type DecisionResult = { ok: true } | { ok: false; messageKey: string };

/**
 * The organiser's decision. Approving anonymises the account (name, e-mail, password, language) and ends its
 * sessions; entries and scores stay, because the prize's results must remain verifiable.
 */
export async function decideDeletion(
  deps: Deps,
  input: { actor: User; requestId: number; approve: boolean },
): Promise<DecisionResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const request = await findDeletionRequest(trx, input.requestId);
    if (!request) throw new HttpError(404);
    if (request.status !== 'pending') return { ok: false, messageKey: 'privacy.errors.alreadyDecided' };
    if (input.approve && request.userRole === 'admin' && (await countActiveAdmins(trx)) <= 1) {
      return { ok: false, messageKey: 'privacy.errors.lastAdmin' };
    }
    if (input.approve) {
      await anonymiseUser(trx, { userId: request.userId, now });
      await endMembershipsOf(trx, { userId: request.userId, now });
    }
    await decideDeletionRequest(trx, {
      id: request.id,
      status: input.approve ? 'done' : 'rejected',
      deciderId: input.actor.id,
      now,
    });
    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: input.approve ? 'account.anonymised' : 'account.deletion_rejected',
      subjectType: 'user',
      subjectId: request.userId,
      before: input.approve ? { name: request.userName, email: request.userEmail } : undefined,
      after: { requestId: request.id },
      at: now,
    });
    return { ok: true };
  });
}
