/**
 * View models of the feedback pages: the organisers' list, one letter to edit, the release confirmation, and the
 * entrant's letter and its PDF. Entrants only ever get a released letter (findReleasedLetter): before the release,
 * for them, there is none (404).
 */
import type { i18n as I18n, TFunction } from 'i18next';
import type { AppContext } from '../context';
import { findEdition } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { effectivePhase } from '../editions/phase';
import { entryNumber } from '../entries/entry.service';
import type { Entry } from '../entries/entry.types';
import { findOrganisationById } from '../organisations/organisation.repo';
import { findDecision } from '../results/results.repo';
import { isAnnounced } from '../results/results.rules';
import { ok, refuse, type Result } from '../shared/result';
import { letterBlocks, type LetterBlock } from './feedback.letter';
import { feedbackLetterPdf } from './feedback.pdf';
import { findReleasedLetter, listLetters } from './feedback.repo';
import { LETTER_MAX } from './feedback.service';
import type { FeedbackLetter, FeedbackLetterRow } from './feedback.types';

type Deps = Pick<AppContext, 'db'>;

const label = (edition: Pick<Edition, 'year'>, row: Pick<FeedbackLetterRow, 'entryNumber' | 'entryTitle'>) =>
  `${row.entryNumber === null ? '' : `${entryNumber(edition, { number: row.entryNumber })} `}${row.entryTitle}`;

/** The organisers' list: every letter with its state; whether letters may be prepared (after the announcement). */
export async function lettersPage(deps: Deps, input: { edition: Edition; now: Date }) {
  const { edition } = input;
  const [letters, decision] = await Promise.all([
    listLetters(deps.db, edition.id),
    findDecision(deps.db, edition.id),
  ]);
  return {
    edition,
    announced: isAnnounced(effectivePhase(edition, input.now), decision),
    letters: letters.map((letter) => ({ ...letter, label: label(edition, letter) })),
    drafts: letters.filter((letter) => letter.status === 'draft').length,
    released: letters.filter((letter) => letter.status === 'released').length,
  };
}

/** One letter for the organiser: the edit form while a draft, the text as released after. */
export async function letterPage(deps: Deps, input: { edition: Edition; letter: FeedbackLetter }) {
  const row = (await listLetters(deps.db, input.edition.id)).find((l) => l.id === input.letter.id)!;
  return {
    edition: input.edition,
    letter: row,
    label: label(input.edition, row),
    blocks: letterBlocks(row.body),
    values: { body: row.body },
    bodyMax: LETTER_MAX,
  };
}

/** What releasing will do: the drafts it releases (one, or all of the edition). Nothing to release: 409. */
export async function releasePage(
  deps: Deps,
  input: { edition: Edition; letterId: number | null },
): Promise<
  Result<{
    edition: Edition;
    letterId: number | null;
    letters: Array<{ id: number; label: string; organisationName: string }>;
  }>
> {
  const letters = (await listLetters(deps.db, input.edition.id)).filter(
    (letter) => input.letterId === null || letter.id === input.letterId,
  );
  if (input.letterId !== null && letters.length === 0) return refuse('notFound', 'errors.404.message');
  const drafts = letters.filter((letter) => letter.status === 'draft');
  if (drafts.length === 0) return refuse('conflict', 'feedback.errors.nothingToRelease');
  return ok({
    edition: input.edition,
    letterId: input.letterId,
    letters: drafts.map((letter) => ({
      id: letter.id,
      label: label(input.edition, letter),
      organisationName: letter.organisationName,
    })),
  });
}

export interface EntrantLetter {
  entry: Entry;
  edition: Edition;
  number: string;
  organisationName: string;
  letter: FeedbackLetter;
  blocks: LetterBlock[];
}

/** The released letter of an entry, for the members of its organisation; none released: 404. */
export async function entrantLetterPage(
  deps: Deps,
  input: { entry: Entry; edition: Edition },
): Promise<Result<EntrantLetter>> {
  const letter = await findReleasedLetter(deps.db, input.entry.id);
  if (!letter) return refuse('notFound', 'errors.404.message');
  const organisation = await findOrganisationById(deps.db, input.entry.organisationId);
  return ok({
    entry: input.entry,
    edition: input.edition,
    number: entryNumber(input.edition, input.entry),
    organisationName: organisation?.name ?? '',
    letter,
    blocks: letterBlocks(letter.body),
  });
}

/** The released letter as PDF, in the letter's own language (its document language). */
export async function entrantLetterPdf(
  deps: Deps & { i18n: I18n },
  input: { entry: Entry; edition: Edition },
): Promise<Result<{ body: Buffer; filename: string }>> {
  const page = await entrantLetterPage(deps, input);
  if (!page.ok) return page;
  const { letter } = page.value;
  const t: TFunction = deps.i18n.getFixedT(letter.language);
  const edition = (await findEdition(deps.db, letter.editionId)) ?? input.edition;
  return ok({
    body: await feedbackLetterPdf({
      editionName: edition.name,
      entryLabel: `${page.value.number} ${input.entry.title}`,
      organisationName: page.value.organisationName,
      body: letter.body,
      releasedAt: letter.releasedAt ?? letter.updatedAt,
      t,
      lng: letter.language,
    }),
    filename: `innovatieprijs-${edition.year}-feedback-${page.value.number}.pdf`,
  });
}
