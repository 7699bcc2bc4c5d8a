import type { Knex } from 'knex';
import { DEFAULT_CATEGORIES, DEFAULT_CRITERIA } from '../../src/editions/criteria';
import {
  findEdition,
  insertCategory,
  insertCriterion,
  insertEdition,
  listCategories,
  setCurrentEdition,
} from '../../src/editions/edition.repo';
import { defaultSettings } from '../../src/editions/edition.service';
import type { Category, Edition, EditionSettings } from '../../src/editions/edition.types';
import type { Phase } from '../../src/editions/phase';
import { findEntry, insertEntry, moveEntryStatus } from '../../src/entries/entry.repo';
import type { EntryStatus } from '../../src/entries/entry.rules';
import type { Entry } from '../../src/entries/entry.types';
import { insertQuestion } from '../../src/entries/question.repo';
import { DEFAULT_QUESTIONS } from '../../src/entries/question.rules';
import type { Clock } from '../../src/shared/clock';
import { forcePhaseForTest } from './editions';
import { createOrganisation, createUser, type TestOrganisation, type TestUser } from './factories';

/** What the factories need from a test app: its database and its clock ("now" for dates). */
export type World = { db: Knex; clock: Clock };

const DAY_MS = 24 * 60 * 60 * 1000;
let counter = 0;

/**
 * An edition that is open for entries at the test clock's "now": published (phase `open`), opened 30 days ago,
 * closing in 30 days, with the default criteria, categories and entry form. The first one also becomes the current edition.
 * Pass `phase` or dates in `settings` for other situations (e.g. `closesAt` in the past).
 */
export async function createOpenEdition(
  t: World,
  settings: Partial<EditionSettings> & { phase?: Phase } = {},
): Promise<{ edition: Edition; categories: Category[] }> {
  const now = t.clock.now();
  const { phase = 'open', ...overrides } = settings;
  const closesAt = new Date(now.getTime() + 30 * DAY_MS);
  const id = await insertEdition(
    t.db,
    {
      ...defaultSettings(now.getUTCFullYear()),
      introNl: 'Laat zien hoe uw organisatie slimmer werkt.',
      opensAt: new Date(now.getTime() - 30 * DAY_MS),
      closesAt,
      scoringDeadline: new Date(closesAt.getTime() + 14 * DAY_MS),
      conferenceAt: new Date(closesAt.getTime() + 28 * DAY_MS),
      conferencePlace: 'Utrecht',
      // Most tests rank a handful of sheets; the minimum-scores rule has tests of its own.
      minScores: 1,
      ...overrides,
    },
    now,
  );
  for (const [i, c] of DEFAULT_CRITERIA.entries()) await insertCriterion(t.db, id, c, i + 1);
  for (const [i, c] of DEFAULT_CATEGORIES.entries()) await insertCategory(t.db, id, c, i + 1);
  for (const [i, q] of DEFAULT_QUESTIONS.entries()) await insertQuestion(t.db, id, q, i + 1);
  await forcePhaseForTest(t.db, id, phase, now);
  if (!(await t.db('editions').where({ is_current: true }).first())) await setCurrentEdition(t.db, id, now);
  return { edition: (await findEdition(t.db, id))!, categories: await listCategories(t.db, id) };
}

/** A gemeente (or another type) with one submitter whose e-mail address is verified. */
export async function createEntrant(
  t: World,
  input: { organisationName?: string; type?: TestOrganisation['type']; verified?: boolean } = {},
): Promise<{ organisation: TestOrganisation; submitter: TestUser }> {
  counter += 1;
  const organisation = await createOrganisation(t.db, {
    name: input.organisationName ?? `Gemeente Testdorp ${counter}`,
    type: input.type ?? 'gemeente',
  });
  const submitter = await createUser(t.db, {
    role: 'submitter',
    organisationId: organisation.id,
    emailVerifiedAt: input.verified === false ? null : t.clock.now(),
  });
  return { organisation, submitter };
}

/**
 * An entry of an organisation, written through the entry repo (whatever the edition's dates allow): a draft with a title and a category, or in
 * another status (`submitted` also sets submittedAt).
 */
export async function createEntry(
  t: World,
  input: {
    edition: Edition;
    organisationId: number;
    userId: number;
    title?: string;
    categoryId?: number | null;
    status?: EntryStatus;
  },
): Promise<Entry> {
  const now = t.clock.now();
  const id = await insertEntry(t.db, {
    editionId: input.edition.id,
    organisationId: input.organisationId,
    userId: input.userId,
    now,
    draft: {
      title: input.title ?? 'Samen slimmer inkopen',
      summary: 'Drie gemeenten kopen samen in en besparen tijd en geld.',
      problem: 'Elke gemeente deed alles zelf.',
      innovation: 'Een gedeeld inkoopteam met één werkwijze.',
      resultsEfficiency: '30% minder doorlooptijd.',
      resultsEffectiveness: 'Betere contracten.',
      transferability: 'Elke regio kan dit overnemen.',
      contactName: 'Contactpersoon',
      contactPhone: '030 123 4567',
      categoryId: input.categoryId === undefined ? null : input.categoryId,
    },
  });
  const status = input.status ?? 'draft';
  if (status !== 'draft') await moveEntryStatus(t.db, { id, from: 'draft', to: status, now });
  return (await findEntry(t.db, id))!;
}

export interface EntryWorld {
  edition: Edition;
  categories: Category[];
  organisation: TestOrganisation;
  /** A verified submitter of `organisation`. */
  submitter: TestUser;
  /** A draft of `organisation` in `edition`, in its first category. */
  entry: Entry;
}

/**
 * The usual starting point of an entry test: an edition open now (per the test clock), an organisation with a
 * verified submitter, and a draft entry of theirs. Add a second organisation with `createEntrant` and
 * `createEntry` for tests about strangers.
 */
export async function createEntryWorld(
  t: World,
  options: {
    edition?: Partial<EditionSettings> & { phase?: Phase };
    title?: string;
    status?: EntryStatus;
  } = {},
): Promise<EntryWorld> {
  const { edition, categories } = await createOpenEdition(t, options.edition);
  const { organisation, submitter } = await createEntrant(t);
  const entry = await createEntry(t, {
    edition,
    organisationId: organisation.id,
    userId: submitter.id,
    title: options.title,
    categoryId: categories[0]?.id ?? null,
    status: options.status,
  });
  return { edition, categories, organisation, submitter, entry };
}
