/**
 * What the privacy pages show and the personal data download holds; no HTTP here, so they can be tested without it.
 */
import type { AppContext } from '../context';
import { findOrganisationById } from '../organisations/organisation.repo';
import type { User } from '../users/user.types';
import { findPendingRequestOf, listDeletionRequests, listScoresOfSheets, rowsOfUser } from './privacy.repo';

type Deps = Pick<AppContext, 'db'>;

/** Drops columns that are secrets or internal bookkeeping, not personal data the user needs to see. */
function withoutSecrets(row: Record<string, unknown>): Record<string, unknown> {
  const { password_hash: _p, token_hash: _t, session_version: _s, ...rest } = row;
  return rest;
}

/**
 * Everything the app holds about the user (AVG art. 15 and 20): the account, the organisation, the entries they
 * started, their jury work, and what they did according to the audit log. Machine-readable JSON, named for the day
 * it was made.
 */
export async function personalData(deps: Deps, input: { user: User; now: Date }) {
  const { user } = input;
  const membershipOrganisationId = user.membership?.organisationId;
  const organisation = membershipOrganisationId
    ? await findOrganisationById(deps.db, membershipOrganisationId)
    : undefined;
  const sheets = await rowsOfUser(deps.db, 'score_sheets', 'juror_user_id', user.id);
  const scores = await listScoresOfSheets(
    deps.db,
    sheets.map((s) => Number(s.id)),
  );
  const account = (await rowsOfUser(deps.db, 'users', 'id', user.id)).map(withoutSecrets)[0];
  const data = {
    exportedAt: input.now.toISOString(),
    account,
    organisation: organisation
      ? { id: organisation.id, name: organisation.name, type: organisation.type }
      : null,
    memberships: await rowsOfUser(deps.db, 'memberships', 'user_id', user.id),
    entriesStarted: await rowsOfUser(deps.db, 'entries', 'created_by_user_id', user.id),
    attachmentsUploaded: (await rowsOfUser(deps.db, 'attachments', 'uploaded_by_user_id', user.id)).map(
      (a) => ({ ...a, stored_name: undefined, clean_stored_name: undefined }),
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
  return { filename: `innovatieprijs-mijn-gegevens-${input.now.toISOString().slice(0, 10)}.json`, data };
}

/** The account deletion page: the form, or the request already waiting for an organiser. */
export async function deleteAccountPage(deps: Deps, input: { user: Pick<User, 'id'> }) {
  return { pending: (await findPendingRequestOf(deps.db, input.user.id)) ?? null };
}

/** The organisers' list of every deletion request, by status and then newest first (privacy.repo). */
export async function deletionRequestsPage(deps: Deps) {
  return { requests: await listDeletionRequests(deps.db) };
}
