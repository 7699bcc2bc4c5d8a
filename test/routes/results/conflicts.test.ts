import { conflictTable } from '../../../src/jury/conflict.service';
import { listJurors, insertMembership, replaceTies } from '../../../src/jury/juror.repo';
import { replacePartners } from '../../../src/entries/entry.repo';
import { loadConflicts } from '../../../src/results/results.service';
import { listCountedEntries } from '../../../src/results/results.repo';
import { createOrganisation, createUser } from '../../helpers/factories';
import { createRankedEntry, createResultsEdition } from '../../helpers/results';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

// The results read every entry's partners in one query instead of one per entry; the answers must be exactly
// those of the jury's own conflictTable(), for every kind of conflict and every decision on top.
it('gives the same conflict state as the jury’s conflictTable for every juror × entry pair', async () => {
  const admin = await createUser(t.db, { role: 'admin' });
  const { edition, categoryId } = await createResultsEdition(t);
  const gemeente = await createOrganisation(t.db, { name: 'Gemeente Gouda', type: 'gemeente' });
  const ssc = await createOrganisation(t.db, { name: 'SSC Midden', type: 'ssc', ownerIds: [gemeente.id] });
  const partner = await createOrganisation(t.db, { name: 'Gemeente Partner', type: 'gemeente' });
  const bySsc = await createRankedEntry(t, { edition, categoryId, title: 'Door SSC', organisationName: 'x' });
  await t.db('entries').where({ id: bySsc.entry.id }).update({ organisation_id: ssc.id });
  const withPartner = await createRankedEntry(t, {
    edition,
    categoryId,
    title: 'Met partner',
    organisationName: 'Gemeente Elders',
  });
  await replacePartners(t.db, withPartner.entry.id, [partner.id]);
  const byGemeente = await createRankedEntry(t, {
    edition,
    categoryId,
    title: 'Door gemeente',
    organisationName: 'y',
  });
  await t.db('entries').where({ id: byGemeente.entry.id }).update({ organisation_id: gemeente.id });

  const seat = async (name: string, employerId: number | null, tiedTo: number[] = []) => {
    const user = await createUser(t.db, { role: 'juror', name });
    const id = await insertMembership(t.db, {
      editionId: edition.id,
      userId: user.id,
      jobTitle: '',
      employerId,
      employerName: '',
      invitedById: admin.id,
      now: t.clock.now(),
    });
    await replaceTies(
      t.db,
      id,
      tiedTo.map((organisationId) => ({ organisationId, kind: 'member' as const })),
    );
    return user;
  };
  const atGemeente = await seat('Werkt bij Gouda', gemeente.id);
  await seat('Lid van het SSC', null, [ssc.id]);
  await seat('Werkt bij de partner', partner.id);
  const free = await seat('Onafhankelijk', null);
  const decide = (jurorId: number, entryId: number, kind: string) =>
    t.db('conflict_decisions').insert({
      edition_id: edition.id,
      juror_user_id: jurorId,
      entry_id: entryId,
      kind,
      reason: kind,
      decided_by_user_id: admin.id,
      created_at: t.clock.now(),
    });
  await decide(free.id, bySsc.entry.id, 'declared');
  await decide(free.id, withPartner.entry.id, 'organiser_added');
  await decide(atGemeente.id, byGemeente.entry.id, 'organiser_lifted');

  const jurors = await listJurors(t.db, edition.id);
  const entries = await listCountedEntries(t.db, edition.id);
  const theirs = await conflictTable(t.db, { editionId: edition.id, jurors, entries });
  const ours = await loadConflicts(t.db, { editionId: edition.id, jurors, entries });
  const states = (table: typeof ours) =>
    jurors.flatMap((j) =>
      entries.map((e) => ({ juror: j.name, entry: e.title, ...table.get(j.userId, e.id) })),
    );
  expect(states(ours)).toEqual(states(theirs));
  // The scenario really has every source of conflict in it.
  const conflicted = states(ours).filter((s) => s.effective.conflicted);
  expect(new Set(conflicted.map((s) => s.effective.source))).toEqual(
    new Set(['automatic', 'declared', 'organiser']),
  );
  expect(conflicted.some((s) => s.juror === 'Werkt bij de partner' && s.entry === 'Met partner')).toBe(true);
  expect(conflicted.some((s) => s.juror === 'Lid van het SSC' && s.entry === 'Door gemeente')).toBe(true);
  expect(
    states(ours).find((s) => s.juror === 'Werkt bij Gouda' && s.entry === 'Door gemeente')?.effective,
  ).toEqual({
    conflicted: false,
    source: 'organiser',
  });
});
