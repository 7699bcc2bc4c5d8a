import {
  archivePage,
  callPage,
  categoriesFormPage,
  criteriaFormPage,
  editionFormValues,
  editionListPage,
  editionShowPage,
  homePage,
  newEditionFormValues,
} from '../../../src/editions/edition.pages';
import { findEdition, setCurrentEdition } from '../../../src/editions/edition.repo';
import { createEdition, defaultSettings } from '../../../src/editions/edition.service';
import type { CriterionRow } from '../../../src/editions/edition.schemas';
import type { Edition } from '../../../src/editions/edition.types';
import { forcePhaseForTest } from '../../helpers/editions';
import { createUser } from '../../helpers/factories';
import { okValue } from '../../helpers/result';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

let t: TestApp;
let actor: { id: number; role: 'admin' };

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-03-01T10:00:00Z') });
  actor = { id: (await createUser(t.db, { role: 'admin' })).id, role: 'admin' };
});
afterAll(() => t.close());

/** An edition made as the organiser makes one (default criteria and categories), in the given phase. */
async function edition(
  overrides: Partial<ReturnType<typeof defaultSettings>> = {},
  phase?: Edition['phase'],
): Promise<Edition> {
  const id = okValue(
    await createEdition(t, {
      actor: actor as never,
      settings: { ...defaultSettings(2027), ...overrides },
    }),
  );
  if (phase) await forcePhaseForTest(t.db, id, phase, t.clock.now());
  const found = await findEdition(t.db, id);
  if (!found) throw new Error('edition not stored');
  return found;
}

describe('the overview of an edition', () => {
  it('offers publishing a concept, and says what it still lacks', async () => {
    const concept = await edition({ name: 'Concept', introNl: '' });
    const page = await editionShowPage(t, { edition: concept, now: t.clock.now() });
    expect(page.phase).toBe('concept');
    expect(page.next).toBe('open');
    expect(page.earlier).toEqual([]);
    expect(page.criteria.map((c) => c.weight)).toEqual([25, 25, 20, 15, 15]);
    expect(page.categories).toHaveLength(6);
    expect(page.problems).toEqual([
      'editions.publish.needsIntro',
      'editions.publish.needsDates',
      'editions.publish.needsScoringDeadline',
    ]);
  });

  it('offers the next phase and every earlier published one, none after the announcement', async () => {
    const judging = await edition({ name: 'Jurering' }, 'judging');
    const page = await editionShowPage(t, { edition: judging, now: t.clock.now() });
    expect(page.next).toBe('deliberation');
    expect(page.earlier).toEqual(['open', 'closed']);
    expect(page.problems).toEqual([]);
    const announced = await edition({ name: 'Bekend' }, 'announced');
    expect((await editionShowPage(t, { edition: announced, now: t.clock.now() })).earlier).toEqual([]);
  });

  it('counts an open edition past its deadline as closed, in the list too', async () => {
    const open = await edition(
      {
        name: 'Voorbij',
        opensAt: new Date('2027-01-01T08:00:00Z'),
        closesAt: new Date('2027-02-01T08:00:00Z'),
      },
      'open',
    );
    expect((await editionShowPage(t, { edition: open, now: t.clock.now() })).phase).toBe('closed');
    const list = await editionListPage(t, { now: t.clock.now() });
    expect(list.editions.find((e) => e.id === open.id)?.effectivePhase).toBe('closed');
    const before = await editionListPage(t, { now: new Date('2027-01-15T08:00:00Z') });
    expect(before.editions.find((e) => e.id === open.id)?.effectivePhase).toBe('open');
  });
});

describe('the settings form', () => {
  it('proposes next year, as the year goes in Amsterdam', () => {
    // 23:30 UTC on 31 December is already 1 January in Amsterdam.
    expect(newEditionFormValues(new Date('2027-12-31T23:30:00Z')).year).toBe(2029);
    expect(newEditionFormValues(new Date('2027-12-31T22:30:00Z')).year).toBe(2028);
    expect(newEditionFormValues(new Date('2027-06-01T12:00:00Z')).name).toBe('Innovatieprijs 2028');
  });

  it('shows a stored edition as the form posts it: euros, Amsterdam times, the tie-break rules, the version', async () => {
    const stored = await edition({ name: 'Formulier', closesAt: new Date('2027-10-31T22:59:00Z') });
    const values = editionFormValues(stored);
    expect(values.prizeAmount).toBe('2500');
    expect(values.closesAt).toBe('2027-10-31T23:59');
    expect(values.opensAt).toBe('');
    expect(values.tieBreak1).toBe(
      `criterion:${stored.tieBreak[0]?.kind === 'criterion' ? stored.tieBreak[0].criterionId : ''}`,
    );
    expect(values.tieBreak2).toBe('firstPlaces');
    expect(values.version).toBe(stored.version);
  });
});

describe('the criteria and categories forms', () => {
  it('adds two blank rows for new criteria, but none once the first score locked them', async () => {
    const open = await edition({ name: 'Criteria' });
    const page = await criteriaFormPage(t, { edition: open, posted: null });
    expect(page.rows).toHaveLength(7);
    expect(page.rows.slice(5).map((r) => [r.id, r.nameNl, r.weight])).toEqual([
      ['', '', ''],
      ['', '', ''],
    ]);
    expect(page.rows[0]?.nameNl).toBe('Innovatiekracht');
    expect(page.total).toBe(100);
    expect(page.locked).toBe(false);

    await t.db('editions').where({ id: open.id }).update({ criteria_locked_at: t.clock.now() });
    const locked = await findEdition(t.db, open.id);
    if (!locked) throw new Error('edition not stored');
    const lockedPage = await criteriaFormPage(t, { edition: locked, posted: null });
    expect(lockedPage.locked).toBe(true);
    expect(lockedPage.rows).toHaveLength(5);
  });

  it('shows posted rows again as they were, with their total', async () => {
    const open = await edition({ name: 'Opnieuw' });
    const posted = [
      { index: 0, id: '', nameNl: 'Lef', weight: '60' },
      { index: 3, id: '', nameNl: 'Durf', weight: 'veel' },
    ] as CriterionRow[];
    const page = await criteriaFormPage(t, { edition: open, posted });
    expect(page.rows).toBe(posted);
    expect(page.total).toBe(60);
  });

  it('lists the categories with two blank rows, or the posted rows', async () => {
    const open = await edition({ name: 'Categorieën' });
    const page = await categoriesFormPage(t, { edition: open, posted: null });
    expect(page.rows.map((r) => r.nameNl)).toEqual([
      'ICT',
      'HR',
      'Financiën',
      'Inkoop',
      'Informatiebeveiliging',
      'Interbestuurlijk samenwerken',
      '',
      '',
    ]);
    expect(page.rows[7]?.index).toBe(7);
    const posted = [{ index: 0, id: '', nameNl: '', nameEn: 'Only English' }];
    expect((await categoriesFormPage(t, { edition: open, posted })).rows).toBe(posted);
  });
});

describe('the public pages', () => {
  it('shows the call in the page language, English only where there is English', async () => {
    const open = await edition(
      {
        name: 'Oproep',
        introNl: 'Laat zien wat u *anders* doet.',
        introEn: 'Show what you do differently.',
        rulesNl: 'Lees het reglement.',
        rulesEn: '',
        opensAt: new Date('2027-02-01T08:00:00Z'),
        closesAt: new Date('2027-03-15T10:00:00Z'),
      },
      'open',
    );
    const now = t.clock.now();
    const en = await callPage(t, { edition: open, lng: 'en', now });
    expect(en.introHtml).toContain('Show what you do differently.');
    expect(en.rulesHtml).toContain('Lees het reglement.');
    expect(en.prize).toBe('€2,500');
    expect(en.accepting).toBe(true);
    expect(en.beforeOpening).toBe(false);
    expect(en.remaining).toBe('14 days left');
    // A kept copy of the page must be dropped when submissions close.
    expect(en.expires).toEqual(new Date('2027-03-15T10:00:00Z'));
    expect(en.winnerUrl).toBeNull();
    const nl = await callPage(t, { edition: open, lng: 'nl', now });
    expect(nl.introHtml).toContain('Laat zien wat u');
    // Dutch writes the euro sign before the amount with a no-break space, and a dot between thousands.
    expect(nl.prize).toBe('€\u00a02.500');
    expect(nl.remaining).toBe('nog 14 dagen');
  });

  it('shows the current edition on the home page only once it is published, and asks for setup without an organiser', async () => {
    const world = await makeTestApp({ now: new Date('2027-03-01T10:00:00Z') });
    try {
      expect(await homePage(world, { lng: 'nl', now: world.clock.now() })).toEqual({
        needsSetup: true,
        call: null,
      });
      const admin = await createUser(world.db, { role: 'admin' });
      const id = okValue(
        await createEdition(world, { actor: { id: admin.id } as never, settings: defaultSettings(2027) }),
      );
      const concept = await homePage(world, { lng: 'nl', now: world.clock.now() });
      expect(concept).toEqual({ needsSetup: false, call: null });
      await forcePhaseForTest(world.db, id, 'open', world.clock.now());
      const published = await homePage(world, { lng: 'nl', now: world.clock.now() });
      expect(published.call?.edition.id).toBe(id);
    } finally {
      await world.close();
    }
  });

  it('lists published editions in the archive; the current one only once its winner is announced', async () => {
    const world = await makeTestApp({ now: new Date('2027-03-01T10:00:00Z') });
    try {
      const admin = { id: (await createUser(world.db, { role: 'admin' })).id } as never;
      const make = async (year: number, phase: Edition['phase']) => {
        const id = okValue(await createEdition(world, { actor: admin, settings: defaultSettings(year) }));
        await forcePhaseForTest(world.db, id, phase, world.clock.now());
        return id;
      };
      const past = await make(2025, 'announced');
      await make(2024, 'concept');
      const current = await make(2026, 'judging');
      await setCurrentEdition(world.db, current, world.clock.now());
      const page = await archivePage(world);
      expect(page.editions.map((e) => e.id)).toEqual([past]);
      // Announced without a recorded winner (set up by hand here): the page says so rather than naming one.
      expect(page.editions[0]?.winner).toBeNull();
      await forcePhaseForTest(world.db, current, 'announced', world.clock.now());
      expect((await archivePage(world)).editions.map((e) => e.id)).toEqual([current, past]);
    } finally {
      await world.close();
    }
  });
});
