/** View models of the entrant's entry pages; no HTTP here. */
import type { AppContext } from '../context';
import type { Edition } from '../editions/edition.types';
import { organisationsByType, searchRegister } from '../organisations/organisation.service';
import { findOrganisationsByIds } from '../organisations/organisation.repo';
import { sortByName } from '../organisations/organisation.names';
import { OWNER_TYPES, JOINT_TYPES } from '../organisations/organisation.types';
import { listPartnerIds } from './entry.repo';
import { entryWindow } from './entry.service';
import type { Entry } from './entry.types';

/**
 * The partners page: the entry's partners (proposed ones marked), what a search of the register found (never the
 * entrant or a partner already chosen), and the register's bodies to choose owners from when proposing one.
 */
export async function partnersPage(
  deps: Pick<AppContext, 'db' | 'clock'>,
  input: { entry: Entry; edition: Edition; q: string },
) {
  const partnerIds = await listPartnerIds(deps.db, input.entry.id);
  const partners = sortByName(await findOrganisationsByIds(deps.db, partnerIds));
  const window = entryWindow(input.edition, deps.clock.now());
  const canEdit = window.editable && input.entry.status !== 'withdrawn';
  const found = input.q
    ? await searchRegister(deps, {
        q: input.q,
        limit: 25,
        exceptIds: [input.entry.organisationId, ...partnerIds],
      })
    : [];
  const groups = canEdit ? await organisationsByType(deps) : null;
  return {
    entry: input.entry,
    edition: input.edition,
    partners,
    found,
    canEdit,
    jointTypes: JOINT_TYPES,
    ownerGroups: groups ? OWNER_TYPES.map((type) => ({ type, organisations: groups[type] })) : [],
  };
}
