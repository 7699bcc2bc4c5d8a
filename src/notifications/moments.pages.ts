import type { AppContext } from '../context';
import type { Edition } from '../editions/edition.types';
import { listMailings } from './mailing.repo';

/** The edition's mailings at the moments of the prize: which went out, when, and whether the nominees' may go now. */
export async function mailingsPage(deps: Pick<AppContext, 'db'>, input: { edition: Edition }) {
  const sent = await listMailings(deps.db, input.edition.id);
  return {
    edition: input.edition,
    sent,
    mayMailNominees: !sent.nominees && input.edition.phase !== 'announced',
  };
}
