/** Bulk invitations (bulk-invite.ts judges the lines): the preview, and sending exactly the new ones. */
import type { AppContext } from '../context';
import type { Lng } from '../i18n/i18n';
import { ok, refuse, type Result } from '../shared/result';
import { findUsersByEmails } from '../users/user.repo';
import type { User } from '../users/user.types';
import {
  BULK_MAX_LINES,
  parseInviteList,
  planInvites,
  type KnownAddress,
  type PlannedLine,
} from './bulk-invite';
import { listJurors } from './juror.repo';
import { addJuror } from './juror.service';

type Deps = Pick<AppContext, 'db' | 'clock' | 'mailer' | 'config' | 'i18n' | 'logger'>;

/** Every line of the list with what sending would do to it. Reads only. */
export async function planBulkInvites(
  deps: Pick<Deps, 'db'>,
  input: { editionId: number; text: string },
): Promise<Result<PlannedLine[]>> {
  const lines = parseInviteList(input.text);
  if (lines.length === 0) return refuse('invalid', 'jury.bulk.errors.empty', { field: 'list' });
  if (lines.length > BULK_MAX_LINES)
    return refuse('invalid', 'jury.bulk.errors.tooMany', { field: 'list', params: { max: BULK_MAX_LINES } });
  const emails = lines.flatMap((l) => ('email' in l && l.email ? [l.email] : []));
  const [users, jurors] = await Promise.all([
    findUsersByEmails(deps.db, emails),
    listJurors(deps.db, input.editionId),
  ]);
  const seated = new Set(jurors.filter((j) => !j.revokedAt).map((j) => j.userId));
  const known = new Map<string, KnownAddress>(
    users.map((u) => [u.email, { role: u.role, active: u.active, seated: seated.has(u.id) }]),
  );
  return ok(planInvites(lines, known));
}

export interface BulkOutcome {
  line: number;
  email: string;
  result: 'invited' | 'added' | 'skipped' | 'refused';
}

/**
 * Sends the invitations of the list: the plan is made again here (never taken from the preview), and only the
 * lines that are new are added, each like a juror added by hand (its own transaction, audit and mail).
 */
export async function sendBulkInvites(
  deps: Deps,
  input: { actor: User; editionId: number; text: string; lng: Lng },
): Promise<Result<BulkOutcome[]>> {
  const plan = await planBulkInvites(deps, input);
  if (!plan.ok) return plan;
  const outcomes: BulkOutcome[] = [];
  for (const line of plan.value) {
    if (line.verdict.kind !== 'new') {
      outcomes.push({ line: line.line, email: line.email, result: 'skipped' });
      continue;
    }
    const added = await addJuror(deps, {
      actor: input.actor,
      editionId: input.editionId,
      name: line.name,
      email: line.email,
      details: { jobTitle: line.jobTitle, employerId: null, employerName: line.employer, ties: [] },
      lng: input.lng,
    });
    outcomes.push({
      line: line.line,
      email: line.email,
      result: added.ok ? (added.value.mail === 'invite' ? 'invited' : 'added') : 'refused',
    });
  }
  return ok(outcomes);
}
