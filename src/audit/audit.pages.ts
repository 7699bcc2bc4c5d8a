/**
 * The audit log page: every administrative change, newest first, filterable by action and subject. Built without
 * HTTP, so it can be tested without it.
 */
import type { AppContext } from '../context';
import { firstString } from '../http/form-values';
import { listAudit, listAuditActions } from './audit.repo';

/** The most recent events the page shows; the filter narrows them down. */
export const AUDIT_PAGE_LIMIT = 200;

export interface AuditFilter {
  /** An action as recorded (`edition.copy`), or '' for all. */
  action: string;
  /** A subject type (`edition`, `user`), or '' for all. */
  subjectType: string;
}

/** The filter from the page's query string: unknown or overlong values just match nothing. */
export function parseAuditFilter(query: { action?: unknown; subjectType?: unknown }): AuditFilter {
  return {
    action: firstString(query.action).slice(0, 80),
    subjectType: firstString(query.subjectType).slice(0, 40),
  };
}

export async function auditPage(deps: Pick<AppContext, 'db'>, input: { filter: AuditFilter }) {
  const { filter } = input;
  const [events, actions] = await Promise.all([
    listAudit(deps.db, {
      action: filter.action || undefined,
      subjectType: filter.subjectType || undefined,
      limit: AUDIT_PAGE_LIMIT,
    }),
    listAuditActions(deps.db),
  ]);
  return { events, actions, filter };
}
