import type { Criterion, Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';
import { createI18n, fastT } from '../../../src/i18n/i18n';
import { createResultsCache, joinReport, REPORT_SLOT } from '../../../src/results/results.cache';
import {
  announcePage,
  ceremonyPage,
  entryResultsPage,
  juryReportFile,
  rankingCsvFile,
  resultsPage,
  standingOf,
  TABLE_LIMIT,
  winnerPage,
  type ResultsPageDeps,
} from '../../../src/results/results.pages';
import { markAnnounced, saveDecisionRow, setNominationRow } from '../../../src/results/results.repo';
import { createUser, type TestUser } from '../../helpers/factories';
import {
  addConflict,
  createRankedEntry,
  createResultsEdition,
  createSeatedJuror,
  setPhase,
  writeSheet,
} from '../../helpers/results';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

/**
 * The results pages' view models over a real migrated database, without HTTP. Scale 0–10 and one value on every
 * criterion, so a sheet's weighted score is 10 × that value:
 *
 *              Anna  Bram            → mean   rank
 *   A Slim      8     7                75      1
 *   B Balie     6     8                70      2
 *   C Robots    5     9 (conflict now) 50      3   (only Anna's counts)
 */
const i18n = createI18n();
const nl = { t: fastT(i18n, 'nl'), lng: 'nl' as const };
const en = { t: fastT(i18n, 'en'), lng: 'en' as const };

let t: TestApp;
let admin: TestUser;
let edition: Edition;
let criteria: Criterion[];
const entries: Record<'a' | 'b' | 'c', Entry> = {} as never;
let anna: TestUser;
let bram: TestUser;

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-20T10:00:00Z') });
  admin = await createUser(t.db, { role: 'admin' });
  const made = await createResultsEdition(t, { year: 2027 });
  ({ edition, criteria } = made);
  const make = (title: string, organisationName: string, summary?: string) =>
    createRankedEntry(t, { edition, categoryId: made.categoryId, title, organisationName, summary });
  entries.a = (await make('Slim inkopen', 'Gemeente Appeldorp', 'Samen inkopen.')).entry;
  entries.b = (await make('Digitale balie', 'Gemeente Berkel')).entry;
  entries.c = (await make('Robots buiten', 'SSC Centrum')).entry;
  anna = await createSeatedJuror(t, { edition, name: 'Anna Aalders', invitedBy: admin });
  bram = await createSeatedJuror(t, { edition, name: 'Bram Bos', invitedBy: admin });
  const sheet = (juror: TestUser, entry: Entry, values: number, extra = {}) =>
    writeSheet(t, { edition, criteria, juror, entry, values, ...extra });
  await sheet(anna, entries.a, 8, { motivation: 'Sterk en overdraagbaar.' });
  await sheet(anna, entries.b, 6);
  await sheet(anna, entries.c, 5);
  await sheet(bram, entries.a, 7, { comments: { 0: 'Echt vernieuwend.' } });
  await sheet(bram, entries.b, 8);
  await sheet(bram, entries.c, 9, { motivation: 'Telt niet.' });
  await addConflict(t, { edition, juror: bram, entry: entries.c, decidedBy: admin });
});
afterAll(() => t.close());

/** The page deps with the cache on and a renderer that says what it rendered, counting its calls. */
function pageDeps(seconds = 60) {
  let generation = 0;
  const rendered: Array<Record<string, unknown>> = [];
  const deps: ResultsPageDeps = {
    db: t.db,
    cache: createResultsCache({ db: t.db, clock: t.clock, seconds, generation: () => generation }),
    render: async (view, locals) => {
      rendered.push(locals);
      return `<${view} rows=${(locals.shownRows as unknown[]).length}>`;
    },
  };
  return { deps, rendered, write: () => generation++ };
}

const value = <T>(result: { ok: true; value: T } | { ok: false }): T => {
  if (!result.ok) throw new Error('refused');
  return result.value;
};

describe('the organisers’ results page', () => {
  it('ranks, and says what the deliberation needs before anything is decided', async () => {
    const { deps } = pageDeps();
    const page = value(await resultsPage(deps, { ...nl, edition, showAll: false }));
    expect(page.view.rankedRows.map((row) => [row.entry.title, row.rank, row.score])).toEqual([
      ['Slim inkopen', 1, 75],
      ['Digitale balie', 2, 70],
      ['Robots buiten', 3, 50],
    ]);
    expect(page).toMatchObject({
      title: 'Uitslag',
      phase: 'deliberation',
      deliberating: true,
      announced: false,
      announceReady: false,
      nominees: [],
      mentions: [],
      decidedWinner: null,
      values: { winnerEntryId: '', motivation: '' },
      reportHtml: REPORT_SLOT,
    });
    expect(page.report.toString()).toBe('<results/_report rows=3>');
  });

  it('computes a ranking once for requests that arrive together, and renders its report once', async () => {
    const { deps, rendered } = pageDeps();
    const [first, second] = await Promise.all([
      resultsPage(deps, { ...nl, edition, showAll: false }),
      resultsPage(deps, { ...nl, edition, showAll: false }),
    ]);
    expect(value(first).view).toBe(value(second).view);
    expect(value(first).report).toBe(value(second).report);
    expect(rendered).toHaveLength(1);
    // Only what the report reads: no request locals, and the rows the table shows.
    expect(Object.keys(rendered[0]!).sort()).toEqual(
      [
        'aggregations',
        'charts',
        'edition',
        'fmt',
        'layout',
        'lng',
        'showAll',
        'shownRows',
        't',
        'tableLimit',
        'view',
      ].sort(),
    );
    expect(rendered[0]!.tableLimit).toBe(TABLE_LIMIT);
  });

  it('keeps a report per "show all" and per language, and a new one after a write', async () => {
    const { deps, rendered, write } = pageDeps();
    await resultsPage(deps, { ...nl, edition, showAll: false });
    await resultsPage(deps, { ...nl, edition, showAll: true });
    await resultsPage(deps, { ...nl, edition, showAll: true });
    expect(rendered.map((l) => l.showAll)).toEqual([false, true]);
    await resultsPage(deps, { ...en, edition, showAll: false });
    expect(rendered).toHaveLength(3);
    expect(rendered.at(-1)!.lng).toBe('en');
    write();
    await resultsPage(deps, { ...nl, edition, showAll: false });
    expect(rendered).toHaveLength(4);
  });

  it('renders for every request when the cache is off', async () => {
    const { deps, rendered } = pageDeps(0);
    await resultsPage(deps, { ...nl, edition, showAll: false });
    await resultsPage(deps, { ...nl, edition, showAll: false });
    expect(rendered).toHaveLength(2);
  });

  it('joins the kept report into the page as bytes, in place of the slot', () => {
    const joined = joinReport(`<main>é${REPORT_SLOT}ü</main>`, Buffer.from('<table>ł</table>'));
    expect(joined.toString()).toBe('<main>é<table>ł</table>ü</main>');
  });

  it('gives where the chosen winner stands, for the decision’s audit record', async () => {
    const { deps } = pageDeps();
    const standing = value(await standingOf(deps, { ...nl, edition, winnerEntryId: entries.b.id }));
    expect(standing).toEqual({
      computedWinnerEntryId: entries.a.id,
      winnerRank: 2,
      robust: expect.any(Boolean),
    });
    expect(value(await standingOf(deps, { ...nl, edition, winnerEntryId: null })).winnerRank).toBeNull();
  });
});

describe('one entry in deliberation', () => {
  it('shows the counted sheets, the comments on them with the juror’s name, and the conflicted jurors', async () => {
    const { deps } = pageDeps();
    const page = value(await entryResultsPage(deps, { ...nl, edition, entry: entries.c }));
    expect(page.title).toBe('Robots buiten');
    expect(page.sheets.map((s) => s.jurorName)).toEqual(['Anna Aalders']);
    // Bram's motivation is on a sheet that does not count (conflict now).
    expect(page.comments).toEqual([]);
    expect(page.conflicted.map((j) => j.name)).toEqual(['Bram Bos']);
    expect(page.values).toEqual({ note: '', kind: 'none' });
    expect(page.fmt(50)).toBe('50,00');
    const a = value(await entryResultsPage(deps, { ...en, edition, entry: entries.a }));
    expect(a.comments).toEqual(
      expect.arrayContaining([
        { juror: 'Anna Aalders', criterion: null, text: 'Sterk en overdraagbaar.' },
        { juror: 'Bram Bos', criterion: expect.any(String), text: 'Echt vernieuwend.' },
      ]),
    );
    expect(a.fmt(75)).toBe('75.00');
  });

  it('is not found for an entry outside the ranking', async () => {
    const { deps } = pageDeps();
    const page = await entryResultsPage(deps, { ...nl, edition, entry: { id: 999_999 } });
    expect(page).toMatchObject({ ok: false, refusal: 'notFound' });
  });
});

describe('files', () => {
  it('names each file after the edition and its fixed aggregation, in the reader’s language', async () => {
    const { deps } = pageDeps();
    await t.db('editions').where({ id: edition.id }).update({ aggregation: 'borda' });
    const csv = value(
      await rankingCsvFile(deps, { ...nl, edition: { ...edition, aggregation: 'borda', version: 99 } }),
    );
    expect(csv).toMatchObject({
      type: 'text/csv; charset=utf-8',
      filename: 'innovatieprijs-2027-uitslag-borda.csv',
    });
    const pdf = value(await juryReportFile(deps, { ...en, edition, now: t.clock.now() }));
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.filename).toBe('innovatieprijs-2027-jury-report.pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('announcing, the ceremony and the winner page', () => {
  const now = () => t.clock.now();

  it('has nothing to show before a decision', async () => {
    const announce = await announcePage(t, { ...nl, edition, now: now() });
    expect(announce).toMatchObject({ title: 'Uitslag bekendmaken', phase: 'deliberation', recipients: 0 });
    expect(announce.problems).toEqual(['noDecision', 'notDecided']);
    const ceremony = await ceremonyPage(t, { ...nl, edition, now: now(), step: '3' });
    expect(ceremony).toMatchObject({ steps: [], step: 0, announced: false });
    expect(await winnerPage(t, { ...nl, edition, now: now() })).toMatchObject({
      ok: false,
      refusal: 'notFound',
    });
  });

  it('shows the shortlist once decided: the ceremony’s steps, the preview, the entrants a mail would reach', async () => {
    for (const [entry, kind] of [
      [entries.a, 'nominee'],
      [entries.c, 'nominee'],
      [entries.b, 'honourable_mention'],
    ] as const)
      await setNominationRow(t.db, {
        editionId: edition.id,
        entryId: entry.id,
        kind,
        actorId: admin.id,
        now: now(),
      });
    await saveDecisionRow(t.db, {
      editionId: edition.id,
      winnerEntryId: entries.a.id,
      motivation: 'Slim inkopen laat zien hoe het kan.',
      aggregation: 'mean',
      actorId: admin.id,
      now: now(),
    });
    await setPhase(t, edition, 'decided');
    const decided = { ...edition, phase: 'decided' as const };

    const announce = await announcePage(t, { ...nl, edition: decided, now: now() });
    expect(announce.problems).toEqual([]);
    expect(announce.recipients).toBe(3);
    // Nominees in the order of their organisation's name, so the order gives nothing away.
    expect(announce.shortlist.nominees.map((e) => e.organisationName)).toEqual([
      'Gemeente Appeldorp',
      'SSC Centrum',
    ]);

    const ceremony = await ceremonyPage(t, { ...nl, edition: decided, now: now(), step: '99' });
    expect(ceremony.steps.map((s) => s.kind)).toEqual([
      'opening',
      'honourableMentions',
      'nominee',
      'nominee',
      'drumroll',
      'winner',
    ]);
    expect(ceremony.step).toBe(5);
    expect((await ceremonyPage(t, { ...nl, edition: decided, now: now(), step: 'x' })).step).toBe(0);

    const preview = value(await winnerPage(t, { ...nl, edition: decided, now: now() }));
    expect(preview).toMatchObject({ title: 'Winnaar Innovatieprijs 2027', preview: true });
    expect(preview.shortlist.winner.title).toBe('Slim inkopen');

    const { deps } = pageDeps();
    const results = value(await resultsPage(deps, { ...nl, edition: decided, showAll: false }));
    expect(results).toMatchObject({ deliberating: true, announceReady: true });
    expect(results.decidedWinner?.entry.id).toBe(entries.a.id);
    expect(results.nominees.map((row) => row.entry.id)).toEqual([entries.a.id, entries.c.id]);
    expect(results.values).toMatchObject({
      winnerEntryId: entries.a.id,
      motivation: 'Slim inkopen laat zien hoe het kan.',
    });
  });

  it('is no preview once announced, and the shortlist is closed', async () => {
    await markAnnounced(t.db, { editionId: edition.id, actorId: admin.id, now: now() });
    await setPhase(t, edition, 'announced');
    const announced = { ...edition, phase: 'announced' as const };
    expect(value(await winnerPage(t, { ...en, edition: announced, now: now() }))).toMatchObject({
      title: 'Winner Innovatieprijs 2027',
      preview: false,
    });
    expect((await announcePage(t, { ...nl, edition: announced, now: now() })).problems).toEqual([
      'alreadyAnnounced',
    ]);
    const { deps } = pageDeps();
    expect(value(await resultsPage(deps, { ...nl, edition: announced, showAll: false }))).toMatchObject({
      deliberating: false,
      announced: true,
    });
  });
});
