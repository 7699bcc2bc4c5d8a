/** View models of the organisers' user pages; no HTTP here, so they can be tested without it. */
import type { AppContext } from '../context';
import { listUsers } from './user.repo';

/** What the list may say after a change; anything else in the query string is ignored. */
export const USER_NOTICES = ['invited', 'deactivated', 'activated'] as const;

/** All accounts by role and name, with the notice of the change that led here. */
export async function userListPage(deps: Pick<AppContext, 'db'>, input: { notice: string }) {
  return {
    users: await listUsers(deps.db),
    notice: (USER_NOTICES as readonly string[]).includes(input.notice) ? input.notice : null,
  };
}
