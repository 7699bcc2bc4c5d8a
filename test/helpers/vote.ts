/**
 * Audience vote fixtures: an edition in deliberation with nominees (the finalists), codes made the way an organiser
 * makes them (the card PDF, read back as text), and a phone that opens a code link and votes.
 */
import type { Edition } from '../../src/editions/edition.types';
import type { Entry } from '../../src/entries/entry.types';
import { setNominationRow } from '../../src/results/results.repo';
import { Browser, csrfFrom } from './agent';
import { createRankedEntry, createResultsEdition } from './results';
import { pdfText, binary } from './results-parse';
import type { TestApp } from './test-app';
import type { TestUser } from './factories';

export interface VoteWorld {
  edition: Edition;
  /** The nominees (finalists), then one entry that is not nominated. */
  finalists: Entry[];
  outsider: Entry;
}

export async function createVoteWorld(
  t: TestApp,
  input: { admin: TestUser; year?: number; nominees?: number },
): Promise<VoteWorld> {
  const { edition, categoryId } = await createResultsEdition(t, { year: input.year ?? 2027 });
  const names = ['Gemeente Appeldorp', 'Gemeente Berkel', 'SSC Centrum', 'Gemeente Dalen'];
  const titles = ['Slim inkopen', 'Digitale balie', 'Robots buiten', 'Groene daken'];
  const entries: Entry[] = [];
  for (let i = 0; i < names.length; i++) {
    const made = await createRankedEntry(t, {
      edition,
      categoryId,
      title: titles[i]!,
      organisationName: `${names[i]!} ${edition.year}`,
    });
    entries.push(made.entry);
  }
  const count = input.nominees ?? 3;
  for (const entry of entries.slice(0, count))
    await setNominationRow(t.db, {
      editionId: edition.id,
      entryId: entry.id,
      kind: 'nominee',
      actorId: input.admin.id,
      now: t.clock.now(),
    });
  return { edition, finalists: entries.slice(0, count), outsider: entries[3]! };
}

/** The codes on the cards the organiser downloads (POST …/vote/codes), read back from the PDF's text. */
export async function makeCodes(organiser: Browser, editionId: number, count: number): Promise<string[]> {
  const page = await organiser.get(`/admin/editions/${editionId}/vote`);
  const res = await organiser.agent
    .post(`/admin/editions/${editionId}/vote/codes`)
    .type('form')
    .send({ count: String(count), _csrf: csrfFrom(page.text) })
    .buffer(true)
    .parse(binary);
  if (res.status !== 200) throw new Error(`codes: ${res.status}`);
  return [...pdfText(res.body as Buffer).matchAll(/\b([0-9A-Z]{5}-[0-9A-Z]{5})\b/g)].map((m) => m[1]!);
}

/** A phone that scans a card: opens the code link, picks a finalist, sends the form. */
export async function voteWith(
  t: TestApp,
  code: string,
  entryId: number | string,
  phone = new Browser(t.app),
) {
  const page = await phone.get(`/stem?code=${encodeURIComponent(code)}`);
  // A ballot loaded while the vote was open may be sent after it closed: then the page has no form any more.
  const token = page.text.includes('name="_csrf"') ? csrfFrom(page.text) : await phone.csrf('/login');
  return phone.agent
    .post('/stem')
    .type('form')
    .send({ code, entryId: String(entryId), _csrf: token });
}
