import type { AppContext } from '../context';
import { membershipOf } from '../organisations/membership.service';
import { organisationsByType } from '../organisations/organisation.service';
import { ORGANISATION_TYPES } from '../organisations/organisation.types';
import type { User } from './user.types';

export const ACCOUNT_NOTICES = [
  'verificationSent',
  'alreadyVerified',
  'requestSent',
  'requestCancelled',
  'left',
  'languageSaved',
  'passwordChanged',
] as const;

/**
 * The account page: the person, the e-mail verification, and where the account stands with its organisation. An
 * account without one (refused, removed, left) gets the register to ask to join another.
 */
export async function accountPage(deps: Pick<AppContext, 'db'>, input: { user: User; notice: string }) {
  const membership = input.user.role === 'submitter' ? await membershipOf(deps, input.user) : null;
  const mayRequest = input.user.role === 'submitter' && !input.user.membership;
  return {
    membership,
    groups: mayRequest ? await organisationsByType(deps) : null,
    types: ORGANISATION_TYPES,
    notice: (ACCOUNT_NOTICES as readonly string[]).includes(input.notice) ? input.notice : null,
  };
}
