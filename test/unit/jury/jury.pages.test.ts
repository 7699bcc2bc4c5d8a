import type { Criterion, Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';
import { declareConflict } from '../../../src/jury/conflict.service';
import { openJuryEntry, type JuryEntry } from '../../../src/jury/jury.access';
import {
  cachedOverviews,
  dashboardPage,
  entryPage,
  inFilter,
  readDashboardFilter,
  reasonPage,
  scorePage,
  scoringStatus,
} from '../../../src/jury/jury.pages';
import { saveSheet, type PostedSheet } from '../../../src/jury/score.service';
import { findUserById } from '../../../src/users/user.repo';
import type { User } from '../../../src/users/user.types';
import { createOrganisation } from '../../helpers/factories';
import {
  assign,
  createAttachment,
  createJudgingEdition,
  createJuror,
  createJuryEntry,
  scoreForm,
  setPhase,
} from '../../helpers/jury';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

/**
 * The juror's pages as view models, on a real migrated database: what each page shows for a hand-made edition
 * (three entries, two jurors), without HTTP.
 */
const NOW = new Date('2027-11-02T09:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;

let t: TestApp;
let edition: Edition;
let criteria: Criterion[];
let anna: User;
let bert: User;
let scored: Entry;
let open: Entry;
let declared: Entry;

const userOf = async (id: number) => (await findUserById(t.db, id))!;
const posted = (fields: Record<string, string>): PostedSheet => {
  const scores = new Map<string, string>();
  const comments = new Map<string, string>();
  for (const [key, value] of Object.entries(fields)) {
    const m = /^(score|comment)_(.*)$/.exec(key);
    if (m?.[1] === 'score') scores.set(m[2]!, value);
    if (m?.[1] === 'comment') comments.set(m[2]!, value);
  }
  return { scores, comments, motivation: fields.motivation };
};
async function juryEntryOf(user: User, entry: Entry): Promise<JuryEntry> {
  const opened = await openJuryEntry(t.db, user, entry.id);
  if (!opened.ok) throw new Error(`juror ${user.id} may not open entry ${entry.id}`);
  return opened.juryEntry;
}

beforeAll(async () => {
  t = await makeTestApp({ now: NOW });
  let categoryId: number;
  ({ edition, criteria, categoryId } = await createJudgingEdition(t, { name: 'Paginaproef' }));
  const partner = await createOrganisation(t.db, { name: 'Bunnik', type: 'gemeente' });
  ({ entry: scored } = await createJuryEntry(t, { edition, categoryId, title: 'Eerste' }));
  ({ entry: open } = await createJuryEntry(t, {
    edition,
    categoryId,
    title: 'Tweede',
    partnerIds: [partner.id],
  }));
  ({ entry: declared } = await createJuryEntry(t, { edition, categoryId, title: 'Derde' }));
  const annaSeat = await createJuror(t, { edition, name: 'Anna Eerst' });
  const bertSeat = await createJuror(t, { edition, name: 'Bert Later' });
  await assign(t, edition, [
    [annaSeat, scored],
    [annaSeat, open],
    [annaSeat, declared],
    [bertSeat, scored],
  ]);
  anna = await userOf(annaSeat.id);
  bert = await userOf(bertSeat.id);
  await createAttachment(t, { entry: open, originalName: 'plan.pdf' });
  const final = await saveSheet(t, {
    user: anna,
    entry: scored,
    action: 'final',
    posted: posted(scoreForm(criteria, [8, 7, 6, 5, 4], { motivation: 'Overtuigend.' })),
  });
  expect(final.ok).toBe(true);
  const byBert = await saveSheet(t, {
    user: bert,
    entry: scored,
    action: 'final',
    posted: posted(scoreForm(criteria, [3, 3, 3, 3, 3], { motivation: 'Bert twijfelt.' })),
  });
  expect(byBert.ok).toBe(true);
  expect(
    (await declareConflict(t, { user: anna, edition, entryId: declared.id, reason: 'Adviseur geweest' })).ok,
  ).toBe(true);
});
afterAll(() => t.close());

describe('scoringStatus', () => {
  it('says whether scoring is open and how long is left, in the page language', () => {
    const status = scoringStatus(edition, NOW, 'nl');
    expect(status).toMatchObject({ scoringOpen: true, deliberation: false });
    expect(status.stylesheets).toEqual(['/assets/css/jury.css']);
    expect(status.remaining).toMatch(/14 dagen/);
    expect(scoringStatus(edition, NOW, 'en').remaining).toMatch(/14 days/);
    const late = scoringStatus(edition, new Date(NOW.getTime() + 15 * DAY_MS), 'nl');
    expect(late).toMatchObject({ scoringOpen: false, remaining: '' });
  });
});

describe('the dashboard', () => {
  it('lists the assigned entries with their state; a declared conflict is named apart, never linked', async () => {
    const page = await dashboardPage(t, { user: anna, now: NOW, lng: 'nl', query: {} });
    expect(page.filter).toBe('alle');
    expect(page.filters.map((f) => f.href)).toEqual(['/jury', '/jury?toon=te-doen', '/jury?toon=klaar']);
    expect(page.editions).toHaveLength(1);
    const [d] = page.editions;
    expect(d!.items.map((i) => [i.entry.title, i.state, i.number])).toEqual([
      ['Eerste', 'final', `${edition.year}-001`],
      ['Tweede', 'not_started', `${edition.year}-002`],
    ]);
    expect(d!.items[0]!.entrant?.id).toBe(scored.organisationId);
    expect(d!.conflicted.map((e) => [e.title, e.number])).toEqual([['Derde', `${edition.year}-003`]]);
    expect(d!.counts).toEqual({ alle: 2, 'te-doen': 1, klaar: 1 });
    expect(d!.completion).toEqual({ done: 1, total: 2, percent: 50 });
    expect(d!.pageInfo).toMatchObject({ page: 1, pages: 1, from: 1, to: 2, total: 2 });
    expect(d).toMatchObject({ scoringOpen: true, deliberation: false });
    expect(d!.remaining).toMatch(/14 dagen/);
  });

  it('shows the chosen selection and keeps it in the page links', async () => {
    const page = await dashboardPage(t, {
      user: anna,
      now: NOW,
      lng: 'nl',
      query: { toon: 'te-doen', pagina: '1' },
    });
    expect(page.filter).toBe('te-doen');
    expect(page.editions[0]!.items.map((i) => i.entry.title)).toEqual(['Tweede']);
    expect(page.editions[0]!.counts.alle).toBe(2);
    expect(page.hrefFor(2)).toBe('/jury?toon=te-doen&pagina=2');
    expect(readDashboardFilter('<script>')).toBe('alle');
    expect(inFilter({ assigned: false, state: 'not_started' }, 'te-doen')).toBe(false);
    expect(inFilter({ assigned: true, state: 'abstained' }, 'klaar')).toBe(true);
  });

  it('reads the overview through the loader it is given (the cache), once per edition', async () => {
    const asked: Array<[number, number]> = [];
    const overviewOf = cachedOverviews({
      ...t,
      config: { ...t.config, cacheSeconds: 0 },
      writeGeneration: () => 0,
    });
    await dashboardPage(
      {
        db: t.db,
        overviewOf: (e, jurorId) => {
          asked.push([e.id, jurorId]);
          return overviewOf(e, jurorId);
        },
      },
      { user: bert, now: NOW, lng: 'nl', query: {} },
    );
    expect(asked).toEqual([[edition.id, bert.id]]);
  });

  it('the cached overview is reused until the write counter moves', async () => {
    let generation = 1;
    const overviewOf = cachedOverviews({
      db: t.db,
      clock: t.clock,
      config: { ...t.config, cacheSeconds: 60 },
      writeGeneration: () => generation,
    });
    const first = await overviewOf(edition, anna.id);
    expect(await overviewOf(edition, anna.id)).toBe(first);
    expect(await overviewOf(edition, bert.id)).not.toBe(first);
    generation += 1;
    expect(await overviewOf(edition, anna.id)).not.toBe(first);
  });

  it('in deliberation every entry without a conflict is listed, the unassigned ones as such', async () => {
    await setPhase(t, edition, 'deliberation');
    try {
      const page = await dashboardPage(t, { user: bert, now: NOW, lng: 'nl', query: {} });
      const [d] = page.editions;
      expect(d!.deliberation).toBe(true);
      expect(d!.items.map((i) => [i.entry.title, i.assigned])).toEqual([
        ['Eerste', true],
        ['Tweede', false],
        ['Derde', false],
      ]);
      expect(d!.completion).toEqual({ done: 1, total: 1, percent: 100 });
    } finally {
      await setPhase(t, edition, 'judging');
    }
  });
});

describe('an entry', () => {
  it('shows the fields, attachments, entrant, partners and the juror’s own state', async () => {
    const page = await entryPage(t, {
      juryEntry: await juryEntryOf(anna, open),
      user: anna,
      now: NOW,
      lng: 'nl',
    });
    expect(page.number).toBe(`${edition.year}-002`);
    expect(page.assigned).toBe(true);
    expect(page.category?.nameNl).toBeTruthy();
    expect(page.attachments.map((a) => a.originalName)).toEqual(['plan.pdf']);
    expect(page.organisation?.id).toBe(open.organisationId);
    expect(page.partners.map((p) => p.name)).toEqual(['Bunnik']);
    expect(page.sheet).toBeUndefined();
    expect(page.criteria).toHaveLength(criteria.length);
    expect(page.others).toEqual([]);
    expect(page.mayDeclare).toBe(true);
    expect(page.scoringOpen).toBe(true);
  });

  it("shows the other jurors' sheets only in deliberation", async () => {
    const before = await entryPage(t, {
      juryEntry: await juryEntryOf(anna, scored),
      user: anna,
      now: NOW,
      lng: 'nl',
    });
    expect(before.sheet?.status).toBe('final');
    expect(before.others).toEqual([]);
    await setPhase(t, edition, 'deliberation');
    try {
      const page = await entryPage(t, {
        juryEntry: await juryEntryOf(anna, scored),
        user: anna,
        now: NOW,
        lng: 'nl',
      });
      expect(page.others.map((o) => [o.jurorName, o.motivation])).toEqual([
        ['Anna Eerst', 'Overtuigend.'],
        ['Bert Later', 'Bert twijfelt.'],
      ]);
    } finally {
      await setPhase(t, edition, 'judging');
    }
  });

  it('hides entrant and partners when the edition judges blind', async () => {
    await t.db('editions').where({ id: edition.id }).update({ blind_judging: true });
    try {
      const page = await entryPage(t, {
        juryEntry: await juryEntryOf(anna, open),
        user: anna,
        now: NOW,
        lng: 'nl',
      });
      expect(page.organisation).toBeNull();
      expect(page.partners).toEqual([]);
      expect(page.attachments).toHaveLength(1);
    } finally {
      await t.db('editions').where({ id: edition.id }).update({ blind_judging: false });
    }
  });

  it('the abstain and declare forms know the entry and its number', async () => {
    const page = reasonPage({ juryEntry: await juryEntryOf(anna, open), now: NOW, lng: 'nl' });
    expect(page).toMatchObject({ number: `${edition.year}-002`, scoringOpen: true });
    expect(page.entry.id).toBe(open.id);
  });
});

describe('the scoring form', () => {
  it('shows what was stored', async () => {
    const page = await scorePage(t, {
      juryEntry: await juryEntryOf(anna, scored),
      user: anna,
      now: NOW,
      lng: 'nl',
    });
    expect(page.sheet?.status).toBe('final');
    expect(page.values[`score_${criteria[0]!.id}`]).toBe('8');
    expect(page.values[`score_${criteria[4]!.id}`]).toBe('4');
    expect(page.values.motivation).toBe('Overtuigend.');
    expect(page.errors).toEqual([]);
  });

  it('shows a refused form again as posted, each error naming its criterion in the page language', async () => {
    const juryEntry = await juryEntryOf(anna, open);
    const input = {
      juryEntry,
      user: anna,
      now: NOW,
      posted: posted({
        [`score_${criteria[0]!.id}`]: '11',
        [`comment_${criteria[0]!.id}`]: 'Sterk',
        motivation: '',
      }),
      errors: [
        {
          field: `score_${criteria[0]!.id}`,
          messageKey: 'jury.errors.scoreOutOfScale',
          params: { min: 1, max: 10, criterionId: criteria[0]!.id },
        },
        { field: 'motivation', messageKey: 'jury.errors.motivationRequired' },
      ],
    };
    const nl = await scorePage(t, { ...input, lng: 'nl' });
    expect(nl.values[`score_${criteria[0]!.id}`]).toBe('11');
    expect(nl.values[`comment_${criteria[0]!.id}`]).toBe('Sterk');
    expect(nl.values[`score_${criteria[1]!.id}`]).toBe('');
    expect(nl.errors[0]!.params).toMatchObject({ criterion: 'Innovatiekracht', min: 1, max: 10 });
    expect(nl.errors[1]).toEqual({ field: 'motivation', messageKey: 'jury.errors.motivationRequired' });
    const en = await scorePage(t, { ...input, lng: 'en' });
    expect(en.errors[0]!.params).toMatchObject({ criterion: 'Innovativeness' });
  });
});
