/**
 * Score data for results tests, written straight into the jury's tables (score_sheets, scores, edition_jurors,
 * conflict_decisions), so a test states exactly which sheets exist and in which state.
 */
import type { Express } from 'express';
import { listCriteria, updateEditionFields } from '../../src/editions/edition.repo';
import type { Criterion, Edition } from '../../src/editions/edition.types';
import type { Phase } from '../../src/editions/phase';
import { findEntry, updateEntryFields } from '../../src/entries/entry.repo';
import type { Entry } from '../../src/entries/entry.types';
import { insertMembership, replaceTies } from '../../src/jury/juror.repo';
import type { TieBreakRule } from '../../src/results/results.types';
import { forcePhaseForTest } from './editions';
import { createEntrant, createEntry, createOpenEdition, type World } from './entries';
import { createUser, type TestOrganisation, type TestUser } from './factories';
import { loggedIn } from './agent';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An edition past scoring (phase `deliberation` unless given) on the scale 0–10, so a sheet with the same value
 * v on every criterion has the weighted score 10 × v. The default criteria (weights 25, 25, 20, 15, 15).
 */
export async function createResultsEdition(
  t: World,
  input: { phase?: Phase; year?: number; name?: string } = {},
): Promise<{ edition: Edition; criteria: Criterion[]; categoryId: number }> {
  const now = t.clock.now();
  const year = input.year ?? now.getUTCFullYear();
  const { edition, categories } = await createOpenEdition(t, {
    phase: input.phase ?? 'deliberation',
    year,
    name: input.name ?? `Innovatieprijs ${year}`,
    scaleMin: 0,
    scaleMax: 10,
    opensAt: new Date(now.getTime() - 90 * DAY_MS),
    closesAt: new Date(now.getTime() - 30 * DAY_MS),
    scoringDeadline: new Date(now.getTime() - DAY_MS),
  });
  return { edition, criteria: await listCriteria(t.db, edition.id), categoryId: categories[0]!.id };
}

export async function setTieBreak(t: World, edition: Edition, rules: TieBreakRule[]): Promise<void> {
  await updateEditionFields(t.db, { id: edition.id, tieBreak: rules, now: t.clock.now() });
}

export async function setPhase(t: World, edition: Edition, phase: Phase): Promise<void> {
  await forcePhaseForTest(t.db, edition.id, phase, t.clock.now());
}

/** A submitted and admitted entry of a new organisation with one verified submitter. */
export async function createRankedEntry(
  t: World,
  input: {
    edition: Edition;
    categoryId: number;
    title: string;
    organisationName: string;
    consentPublish?: boolean;
    eligibility?: 'eligible' | 'pending' | 'ineligible';
    summary?: string;
  },
): Promise<{ entry: Entry; organisation: TestOrganisation; submitter: TestUser }> {
  const { organisation, submitter } = await createEntrant(t, { organisationName: input.organisationName });
  const created = await createEntry(t, {
    edition: input.edition,
    organisationId: organisation.id,
    userId: submitter.id,
    title: input.title,
    categoryId: input.categoryId,
    status: 'submitted',
  });
  await updateEntryFields(
    t.db,
    created.id,
    {
      eligibility: input.eligibility ?? 'eligible',
      ...(input.summary ? { summary: input.summary } : {}),
    },
    t.clock.now(),
  );
  // The entrant's kennisbank consent, the one consent to publish (it also shows the summary on the winners' page).
  if (input.consentPublish ?? true)
    await t.db('entry_publications').insert({
      entry_id: created.id,
      consent: true,
      licence: 'cc-by',
      show_contact: false,
      decided_by_user_id: submitter.id,
      decided_at: t.clock.now(),
      consented_at: t.clock.now(),
    });
  return { entry: (await findEntry(t.db, created.id))!, organisation, submitter };
}

/** A juror account seated on the edition's jury (optionally employed by an organisation, for conflicts). */
export async function createSeatedJuror(
  t: World,
  input: { edition: Edition; name: string; employerId?: number | null; invitedBy: TestUser },
): Promise<TestUser> {
  const user = await createUser(t.db, { role: 'juror', name: input.name });
  const id = await insertMembership(t.db, {
    editionId: input.edition.id,
    userId: user.id,
    jobTitle: 'Jurylid',
    employerId: input.employerId ?? null,
    employerName: input.employerId ? '' : 'Universiteit Utrecht',
    invitedById: input.invitedBy.id,
    now: t.clock.now(),
  });
  await replaceTies(t.db, id, []);
  // Seated jurors of most tests have accepted the jury declaration (declaration.test.ts covers the refusal).
  await t
    .db('edition_jurors')
    .where({ id })
    .update({ declaration_accepted_at: t.clock.now(), declaration_text: 'test' });
  return user;
}

export async function revokeJuror(t: World, edition: Edition, juror: TestUser): Promise<void> {
  await t
    .db('edition_jurors')
    .where({ edition_id: edition.id, user_id: juror.id })
    .update({ revoked_at: t.clock.now() });
}

/**
 * One juror's sheet for one entry. `values` per criterion in the edition's order; a single number means that
 * value on every criterion. Comments are optional, per criterion index.
 */
export async function writeSheet(
  t: World,
  input: {
    edition: Edition;
    criteria: Criterion[];
    juror: TestUser;
    entry: Entry;
    status?: 'final' | 'draft' | 'abstained';
    values?: number | number[];
    motivation?: string;
    comments?: Record<number, string>;
  },
): Promise<void> {
  const now = t.clock.now();
  const status = input.status ?? 'final';
  const [row] = await t
    .db('score_sheets')
    .insert({
      edition_id: input.edition.id,
      juror_user_id: input.juror.id,
      entry_id: input.entry.id,
      status,
      motivation: input.motivation ?? '',
      abstain_reason: status === 'abstained' ? 'Ik ken het project te goed' : null,
      finalized_at: status === 'draft' ? null : now,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returning('id');
  const sheetId = Number(typeof row === 'object' ? (row as { id: number }).id : row);
  if (status === 'abstained' || input.values === undefined) return;
  const values = input.criteria.map((_, index) =>
    Array.isArray(input.values) ? input.values[index]! : (input.values as number),
  );
  await t.db('scores').insert(
    input.criteria.map((criterion, index) => ({
      sheet_id: sheetId,
      criterion_id: criterion.id,
      value: values[index],
      comment: input.comments?.[index] ?? '',
      updated_at: now,
    })),
  );
}

/** An organiser's decision that the juror has a conflict with the entry (added after the juror scored). */
export async function addConflict(
  t: World,
  input: { edition: Edition; juror: TestUser; entry: Entry; decidedBy: TestUser },
): Promise<void> {
  await t.db('conflict_decisions').insert({
    edition_id: input.edition.id,
    juror_user_id: input.juror.id,
    entry_id: input.entry.id,
    kind: 'organiser_added',
    reason: 'Bleek adviseur van het project',
    decided_by_user_id: input.decidedBy.id,
    created_at: t.clock.now(),
  });
}

/**
 * Two entries and three jurors where one sheet decides the winner (scale 0–10, weighted = 10 × value):
 *                       Anna  Bram  Carla   mean
 *   X Slim inkopen        60   100    60   73.33   (without Bram's sheet on X: 60)
 *   Y Digitale balie      70    40    90   66.67
 * The edition is in deliberation, so every later change of which sheets count is a change after scoring closed.
 */
export async function createDecidingSheetWorld(t: World & { app: Express }) {
  const admin = await createUser(t.db, { role: 'admin', name: 'Olga Organisator' });
  const organiser = await loggedIn(t.app, admin);
  const made = await createResultsEdition(t, { year: 2027, phase: 'deliberation' });
  const { edition, criteria } = made;
  const make = async (title: string, organisationName: string) =>
    (await createRankedEntry(t, { edition, categoryId: made.categoryId, title, organisationName })).entry;
  const entries = { x: await make('Slim inkopen', 'Appeldorp'), y: await make('Digitale balie', 'Berkel') };
  const seat = (name: string) => createSeatedJuror(t, { edition, name, invitedBy: admin });
  const jurors = {
    anna: await seat('Anna Aalders'),
    bram: await seat('Bram Bos'),
    carla: await seat('Carla Claes'),
  };
  const sheet = (juror: TestUser, entry: Entry, values: number) =>
    writeSheet(t, { edition, criteria, juror, entry, values });
  await sheet(jurors.anna, entries.x, 6);
  await sheet(jurors.bram, entries.x, 10);
  await sheet(jurors.carla, entries.x, 6);
  await sheet(jurors.anna, entries.y, 7);
  await sheet(jurors.bram, entries.y, 4);
  await sheet(jurors.carla, entries.y, 9);
  return { admin, organiser, edition, criteria, entries, jurors };
}
