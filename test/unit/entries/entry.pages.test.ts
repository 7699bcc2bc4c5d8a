import {
  adminEntriesPage,
  adminEntryPage,
  countEntries,
  entriesIndexPage,
  entryPage,
  matchesFilter,
  partnersPage,
  submitCheck,
  submitCheckPage,
} from '../../../src/entries/entry.pages';
import { insertPartner, updateEntryFields } from '../../../src/entries/entry.repo';
import { parseAdminEntryQuery } from '../../../src/entries/entry.schemas';
import type { EntryListItem } from '../../../src/entries/entry.types';
import { findUserById } from '../../../src/users/user.repo';
import type { User } from '../../../src/users/user.types';
import { createEntrant, createEntry, createEntryWorld, type EntryWorld } from '../../helpers/entries';
import { createOrganisation, createUser } from '../../helpers/factories';
import { createAttachment } from '../../helpers/jury';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

/**
 * The view models of the entry pages, without HTTP: what each page shows for hand-made situations. The pure parts
 * (the submit check, the organisers' counts and filters) first, then the pages that read a migrated database.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

describe('the submit check', () => {
  const complete = {
    entry: { status: 'draft' as const },
    missing: [] as never[],
    emailVerified: true,
    window: { editable: true, accepting: true },
  };

  it('is ready for a complete draft of a verified address while entries are accepted', () => {
    expect(submitCheck(complete)).toBe('ready');
  });

  it('names the first thing in the way, in the order the page explains them', () => {
    expect(
      submitCheck({
        ...complete,
        entry: { status: 'submitted' },
        missing: ['problem'],
        emailVerified: false,
      }),
    ).toBe('alreadySubmitted');
    expect(submitCheck({ ...complete, missing: ['problem', 'categoryId'], emailVerified: false })).toBe(
      'incomplete',
    );
    expect(
      submitCheck({ ...complete, emailVerified: false, window: { editable: false, accepting: false } }),
    ).toBe('emailNotVerified');
    expect(submitCheck({ ...complete, window: { editable: true, accepting: false } })).toBe('notOpenYet');
    expect(submitCheck({ ...complete, window: { editable: false, accepting: false } })).toBe(
      'deadlinePassed',
    );
  });
});

describe("the organisers' counts and filters", () => {
  const row = (status: EntryListItem['status'], eligibility: EntryListItem['eligibility'], more = {}) =>
    ({ status, eligibility, categoryId: 1, organisationId: 10, ...more }) as EntryListItem;
  const all = [
    row('draft', 'pending'),
    row('submitted', 'eligible'),
    row('submitted', 'ineligible', { categoryId: 2 }),
    row('submitted', 'pending', { organisationId: 11 }),
    row('withdrawn', 'eligible'),
  ];

  it('counts every entry by status, and the eligibility of submitted ones only', () => {
    expect(countEntries(all)).toEqual({
      total: 5,
      draft: 1,
      submitted: 3,
      withdrawn: 1,
      // The withdrawn entry marked eligible before it was withdrawn does not count.
      eligible: 1,
      ineligible: 1,
    });
  });

  it('keeps the entries that match every filter given', () => {
    const kept = (filter: Parameters<typeof matchesFilter>[1]) =>
      all.filter((e) => matchesFilter(e, filter)).length;
    expect(kept({})).toBe(5);
    expect(kept({ status: 'submitted' })).toBe(3);
    expect(kept({ status: 'submitted', eligibility: 'pending' })).toBe(1);
    expect(kept({ categoryId: 2 })).toBe(1);
    expect(kept({ organisationId: 11, status: 'draft' })).toBe(0);
  });

  it('reads the filters from the query, leaving out what it does not know', () => {
    expect(
      parseAdminEntryQuery({ edition: '4', status: 'submitted', eligibility: 'eligible', category: '7' }),
    ).toEqual({
      editionId: 4,
      filter: { status: 'submitted', eligibility: 'eligible', categoryId: 7, organisationId: undefined },
    });
    expect(
      parseAdminEntryQuery({ edition: 'x', status: 'gone', eligibility: ['eligible'], organisation: '0' }),
    ).toEqual({
      editionId: undefined,
      filter: { status: undefined, eligibility: undefined, categoryId: undefined, organisationId: undefined },
    });
  });
});

describe('pages read from the database', () => {
  let t: TestApp;
  let world: EntryWorld;
  let entrant: User;

  beforeAll(async () => {
    t = await makeTestApp();
    world = await createEntryWorld(t, { title: 'Samen slimmer inkopen' });
    entrant = (await findUserById(t.db, world.submitter.id))!;
  });
  afterAll(() => t.close());

  const now = () => t.clock.now();
  const input = (entry = world.entry) => ({ entry, edition: world.edition, user: entrant, now: now() });

  it("lists the entrant's entries of the current edition with their numbers", async () => {
    const page = await entriesIndexPage(t, { user: entrant, now: now() });
    expect(page.edition?.id).toBe(world.edition.id);
    expect(page.organisation?.id).toBe(world.organisation.id);
    expect(page.window).toEqual({ editable: true, accepting: true });
    expect(page.entries.map((e) => [e.title, e.number])).toEqual([['Samen slimmer inkopen', '2027-001']]);
    expect(page).toMatchObject({ emailVerified: true, eligible: true, membership: { standing: 'member' } });
  });

  it('shows an account without an organisation no entries, and says when its kind may not enter', async () => {
    const loner = (await findUserById(t.db, (await createUser(t.db, { role: 'submitter' })).id))!;
    const page = await entriesIndexPage(t, { user: loner, now: now() });
    expect(page).toMatchObject({ organisation: null, entries: [], emailVerified: false, membership: null });

    const board = await createEntrant(t, { organisationName: 'Stichting Overleg', type: 'overig' });
    const outsider = (await findUserById(t.db, board.submitter.id))!;
    expect((await entriesIndexPage(t, { user: outsider, now: now() })).eligible).toBe(false);
  });

  it('shows one entry with its number, category, partners, files and what is missing', async () => {
    const partner = await createOrganisation(t.db, { name: 'Gemeente Partnerstad', type: 'gemeente' });
    const entry = await createEntry(t, {
      edition: world.edition,
      organisationId: world.organisation.id,
      userId: world.submitter.id,
      title: 'Met partner',
      categoryId: world.categories[1]!.id,
    });
    await insertPartner(t.db, entry.id, partner.id);
    await updateEntryFields(t.db, entry.id, { contactPhone: '' }, now());
    await createAttachment(t, { entry, originalName: 'plan.pdf' });
    const page = await entryPage(t, input({ ...entry, contactPhone: '' }));
    expect(page.number).toBe(`2027-${String(entry.number).padStart(3, '0')}`);
    expect(page.category?.id).toBe(world.categories[1]!.id);
    expect(page.organisation?.id).toBe(world.organisation.id);
    expect(page.partners.map((p) => p.name)).toEqual(['Gemeente Partnerstad']);
    expect(page.attachments.map((a) => a.originalName)).toEqual(['plan.pdf']);
    expect(page.missing).toEqual([{ field: 'contactPhone', messageKey: 'entries.missing.contactPhone' }]);
    expect(page).toMatchObject({ canEdit: true, emailVerified: true });
    expect((await submitCheckPage(t, input({ ...entry, contactPhone: '' }))).check).toBe('incomplete');
    expect((await submitCheckPage(t, input())).check).toBe('ready');
  });

  it('makes a withdrawn entry, and every entry after the deadline, read-only', async () => {
    expect((await entryPage(t, input({ ...world.entry, status: 'withdrawn' }))).canEdit).toBe(false);
    const late = { ...input(), now: new Date(world.edition.closesAt!.getTime() + DAY_MS) };
    const page = await entryPage(t, late);
    expect(page).toMatchObject({ canEdit: false, window: { editable: false, accepting: false } });
    expect((await submitCheckPage(t, late)).check).toBe('deadlinePassed');
  });

  it("starts the organisers' eligibility form from the entry", async () => {
    const page = await adminEntryPage(
      t,
      input({ ...world.entry, eligibility: 'ineligible', eligibilityReason: 'Te laat' }),
    );
    expect(page.values).toEqual({ eligibility: 'ineligible', reason: 'Te laat' });
    expect((await adminEntryPage(t, input())).values).toEqual({ eligibility: 'pending', reason: '' });
  });

  it('searches the register for partners, never offering the entrant or a partner already chosen', async () => {
    const other = await createOrganisation(t.db, { name: 'Gemeente Zoekdorp', type: 'gemeente' });
    const entry = await createEntry(t, {
      edition: world.edition,
      organisationId: world.organisation.id,
      userId: world.submitter.id,
    });
    const search = async (q: string) =>
      (await partnersPage(t, { entry, edition: world.edition, now: now(), q })).found.map((o) => o.name);
    expect(await search('Zoekdorp')).toEqual(['Gemeente Zoekdorp']);
    expect(await search(world.organisation.name)).toEqual([]);
    await insertPartner(t.db, entry.id, other.id);
    const page = await partnersPage(t, { entry, edition: world.edition, now: now(), q: 'Zoekdorp' });
    expect(page.found).toEqual([]);
    expect(page.partners.map((p) => p.name)).toEqual(['Gemeente Zoekdorp']);
    expect(page.canEdit).toBe(true);
    expect(page.ownerGroups.length).toBeGreaterThan(0);

    const late = new Date(world.edition.closesAt!.getTime() + DAY_MS);
    const closed = await partnersPage(t, { entry, edition: world.edition, now: late, q: '' });
    expect(closed).toMatchObject({ canEdit: false, ownerGroups: [], found: [] });
  });

  it("lists an edition's entries for organisers with counts, filters and file counts", async () => {
    const second = await createEntrant(t, { organisationName: 'Gemeente Aaltjesdorp' });
    const submitted = await createEntry(t, {
      edition: world.edition,
      organisationId: second.organisation.id,
      userId: second.submitter.id,
      title: 'Ingediend',
      status: 'submitted',
    });
    await createAttachment(t, { entry: submitted, originalName: 'a.pdf' });
    await createAttachment(t, { entry: submitted, originalName: 'b.pdf' });

    const all = await adminEntriesPage(t, { editionId: undefined, filter: {} });
    expect(all.edition?.id).toBe(world.edition.id);
    expect(all.counts.submitted).toBe(1);
    expect(all.counts.total).toBe(all.entries.length);
    expect(all.organisations.map(([, name]) => name)).toEqual([
      'Gemeente Aaltjesdorp',
      world.organisation.name,
    ]);

    const page = await adminEntriesPage(t, { editionId: world.edition.id, filter: { status: 'submitted' } });
    expect(page.entries.map((e) => [e.title, e.numberLabel, e.attachmentCount])).toEqual([
      ['Ingediend', `2027-${String(submitted.number).padStart(3, '0')}`, 2],
    ]);
    expect(page.counts).toEqual(all.counts);

    const unknown = await adminEntriesPage(t, { editionId: 999_999, filter: {} });
    expect(unknown).toMatchObject({ edition: null, entries: [], categories: [], counts: { total: 0 } });
  });
});
