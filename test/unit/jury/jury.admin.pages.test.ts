import type { Criterion, Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';
import { findMembership } from '../../../src/jury/juror.repo';
import {
  assignmentPage,
  conflictPage,
  conflictsPage,
  jurorFormPage,
  jurorFormValues,
  juryAdminFrame,
  juryListPage,
  progressPage,
} from '../../../src/jury/jury.admin.pages';
import type { EditionJuror } from '../../../src/jury/jury.types';
import { saveSheet } from '../../../src/jury/score.service';
import { findUserById } from '../../../src/users/user.repo';
import { createOrganisation, type TestOrganisation } from '../../helpers/factories';
import { assign, createJudgingEdition, createJuror, createJuryEntry } from '../../helpers/jury';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

/**
 * The organiser's jury pages as view models, on a real migrated database: an edition with two entries (one of
 * Houten) and two jurors (one working at Houten, with a board seat at an SSC), without HTTP.
 */
const NOW = new Date('2027-11-02T09:00:00Z');

let t: TestApp;
let edition: Edition;
let criteria: Criterion[];
let houten: TestOrganisation;
let ssc: TestOrganisation;
let ofHouten: Entry;
let other: Entry;
let henk: EditionJuror;
let ina: EditionJuror;

const seat = async (userId: number) => (await findMembership(t.db, { editionId: edition.id, userId }))!;

beforeAll(async () => {
  t = await makeTestApp({ now: NOW });
  let categoryId: number;
  ({ edition, criteria, categoryId } = await createJudgingEdition(t, { name: 'Beheerproef' }));
  houten = await createOrganisation(t.db, { name: 'Houten', type: 'gemeente' });
  ssc = await createOrganisation(t.db, { name: 'SSC Lekstroom', type: 'ssc', ownerIds: [houten.id] });
  ({ entry: ofHouten } = await createJuryEntry(t, {
    edition,
    categoryId,
    organisation: houten,
    title: 'Houten digitaal',
  }));
  ({ entry: other } = await createJuryEntry(t, { edition, categoryId, title: 'Elders' }));
  const henkUser = await createJuror(t, {
    edition,
    name: 'Henk Houten',
    employerId: houten.id,
    ties: [{ organisationId: ssc.id, kind: 'board' }],
  });
  const inaUser = await createJuror(t, { edition, name: 'Ina Onafhankelijk' });
  henk = await seat(henkUser.id);
  ina = await seat(inaUser.id);
  await assign(t, edition, [
    [inaUser, ofHouten],
    [inaUser, other],
    [henkUser, other],
  ]);
  const saved = await saveSheet(t, {
    user: (await findUserById(t.db, ina.userId))!,
    entry: other,
    action: 'final',
    posted: {
      scores: new Map(criteria.map((c) => [String(c.id), '7'])),
      comments: new Map(),
      motivation: 'Goed.',
    },
  });
  expect(saved.ok).toBe(true);
});
afterAll(() => t.close());

describe('the jury list and the juror form', () => {
  it('lists every seat with the organisations of employers and ties by id', async () => {
    const page = await juryListPage(t, { edition });
    expect(page.juryTab).toBe('jurors');
    expect(page.edition.id).toBe(edition.id);
    expect(page.jurors.map((j) => j.name)).toEqual(['Henk Houten', 'Ina Onafhankelijk']);
    expect([...page.organisations.keys()].sort()).toEqual([houten.id, ssc.id].sort());
    expect(page.organisations.get(ssc.id)?.name).toBe('SSC Lekstroom');
  });

  it('offers the register by type, and shows a seat’s details as stored', async () => {
    const add = await jurorFormPage(t, { edition });
    expect(add.juror).toBeNull();
    expect(add.groups.map((g) => g.type)).toEqual(expect.arrayContaining(['gemeente', 'ssc']));
    expect(add.groups.find((g) => g.type === 'ssc')!.organisations.map((o) => o.id)).toContain(ssc.id);
    const edit = await jurorFormPage(t, { edition, juror: henk });
    expect(edit.juror?.userId).toBe(henk.userId);
    expect(jurorFormValues(henk)).toEqual({
      jobTitle: 'Directeur bedrijfsvoering',
      employerId: String(houten.id),
      employerName: '',
      tiesMember: [],
      tiesBoard: [String(ssc.id)],
    });
    expect(jurorFormValues(ina)).toMatchObject({ employerId: '', employerName: 'Universiteit Utrecht' });
  });
});

describe('conflicts', () => {
  it('lists the conflicted pair with its reasons, and the jurors and entries to add one by hand', async () => {
    const page = await conflictsPage(t, { edition });
    expect(page.juryTab).toBe('conflicts');
    expect(page.rows.map((r) => [r.juror.name, r.entry.title, r.number])).toEqual([
      ['Henk Houten', 'Houten digitaal', `${edition.year}-001`],
    ]);
    const [row] = page.rows;
    expect(row!.conflict.effective.conflicted).toBe(true);
    expect(row!.conflict.automatic.map((r) => [r.kind, r.via])).toEqual(
      expect.arrayContaining([['entrant', 'employer']]),
    );
    expect(page.organisations.get(houten.id)?.name).toBe('Houten');
    expect(page.jurors).toHaveLength(2);
    expect(page.entries.map((e) => e.number)).toEqual([`${edition.year}-001`, `${edition.year}-002`]);
  });

  it('one pair: the same conflict as the list, with the entrant to name', async () => {
    const page = await conflictPage(t, { edition, juror: henk, entry: ofHouten });
    expect(page).toMatchObject({ juryTab: 'conflicts', number: `${edition.year}-001` });
    expect(page.entrant?.id).toBe(houten.id);
    expect(page.conflict).toEqual((await conflictsPage(t, { edition })).rows[0]!.conflict);
    const none = await conflictPage(t, { edition, juror: ina, entry: other });
    expect(none.conflict.effective.conflicted).toBe(false);
    expect(none.conflict.automatic).toEqual([]);
  });
});

describe('the assignment', () => {
  it('shows the stored settings, the matrix with conflicts and started work, the load and shortfalls', async () => {
    const page = await assignmentPage(t, { edition });
    expect(page.juryTab).toBe('assignment');
    expect(page.values).toEqual({
      mode: 'all',
      jurorsPerEntry: '3',
      maxLoad: '',
      seed: String(edition.year),
    });
    expect(page.cell(henk.userId, ofHouten.id)).toEqual({
      conflicted: true,
      assigned: false,
      started: false,
    });
    expect(page.cell(ina.userId, other.id)).toEqual({ conflicted: false, assigned: true, started: true });
    expect(page.load(ina.userId)).toBe(2);
    expect(page.load(henk.userId)).toBe(1);
    // 'all' mode wants every juror without a conflict on each entry: both have all they can get.
    expect(page.shortfalls).toEqual([]);
  });

  it('shows a refused form as it was posted', async () => {
    const page = await assignmentPage(t, {
      edition,
      values: { mode: 'balanced', jurorsPerEntry: 'drie' },
      checked: new Set([`${henk.userId}:${ofHouten.id}`]),
    });
    expect(page.values).toEqual({ mode: 'balanced', jurorsPerEntry: 'drie' });
    expect(page.cell(henk.userId, ofHouten.id).assigned).toBe(true);
    expect(page.cell(ina.userId, other.id).assigned).toBe(false);
  });
});

describe('progress', () => {
  it('counts done work per entry, per juror and overall, and who gets a reminder', async () => {
    const page = await progressPage(t, { edition, now: NOW });
    expect(page.juryTab).toBe('progress');
    expect(page.scoringOpen).toBe(true);
    // A conflicted pair is nobody's work: 1 of the 3 other pairs is done.
    expect(page.progress.total).toEqual({ done: 1, total: 3, percent: 33 });
    expect(page.progress.rows.map((r) => [r.number, r.cells.map((c) => c.state)])).toEqual([
      [`${edition.year}-001`, ['conflict', 'not_started']],
      [`${edition.year}-002`, ['not_started', 'final']],
    ]);
    expect(page.progress.jurorCompletion.get(ina.userId)).toEqual({ done: 1, total: 2, percent: 50 });
    expect(page.progress.unfinished.map((u) => [u.juror.name, u.open])).toEqual([
      ['Henk Houten', 1],
      ['Ina Onafhankelijk', 1],
    ]);
    const closed = await progressPage(t, { edition, now: edition.scoringDeadline! });
    expect(closed.scoringOpen).toBe(false);
  });
});

describe('the frame', () => {
  it('names the sub-navigation tab apart from the main menu section', () => {
    expect(juryAdminFrame(edition, 'progress')).toEqual({
      stylesheets: ['/assets/css/jury.css'],
      edition,
      juryTab: 'progress',
    });
    expect(juryAdminFrame(edition, 'progress')).not.toHaveProperty('section');
  });
});
