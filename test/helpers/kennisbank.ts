import type { Edition } from '../../src/editions/edition.types';
import type { Entry } from '../../src/entries/entry.types';
import { savePublication } from '../../src/kennisbank/publication.repo';
import type { Licence } from '../../src/kennisbank/publication.types';
import { forcePhaseForTest } from './editions';
import type { World } from './entries';

/** Puts an edition's result out: announced phase, the decision with its winner, and the nominees. */
export async function announceForTest(
  t: World,
  input: { edition: Edition; winner: Entry; nominees?: Entry[]; mentions?: Entry[]; at?: Date },
): Promise<void> {
  const at = input.at ?? t.clock.now();
  await forcePhaseForTest(t.db, input.edition.id, 'announced', at);
  for (const [kind, list] of [
    ['nominee', [input.winner, ...(input.nominees ?? [])]],
    ['honourable_mention', input.mentions ?? []],
  ] as const)
    for (const entry of list)
      await t
        .db('nominations')
        .insert({ edition_id: input.edition.id, entry_id: entry.id, kind, created_at: at });
  await t.db('result_decisions').insert({
    edition_id: input.edition.id,
    winner_entry_id: input.winner.id,
    motivation: 'Test',
    aggregation: 'mean',
    decided_at: at,
    announced_at: at,
  });
}

/** A member's consent to publish, written through the repo (the route tests of the consent page go through HTTP). */
export async function consentForTest(
  t: World,
  input: {
    entry: Entry;
    userId: number;
    licence?: Licence;
    showContact?: boolean;
    publicAttachmentIds?: number[];
    consent?: boolean;
  },
): Promise<void> {
  const consent = input.consent ?? true;
  await savePublication(t.db, {
    entryId: input.entry.id,
    decision: {
      consent,
      licence: input.licence ?? 'cc-by',
      showContact: input.showContact ?? false,
      publicAttachmentIds: input.publicAttachmentIds ?? [],
    },
    userId: input.userId,
    now: t.clock.now(),
    consentedAt: consent ? t.clock.now() : null,
    withdrawnAt: null,
  });
}

/** Gives an entry the texts a test searches for (the search index follows through its triggers). */
export async function setTexts(
  t: World,
  entry: Entry,
  texts: { title?: string; summary?: string; problem?: string },
) {
  await t.db('entries').where({ id: entry.id }).update(texts);
}
