import { DEMO_PASSWORD, seedDemo } from '../../../src/demo/demo.seed';
import { loggedIn, type Browser } from '../../helpers/agent';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

/**
 * A juror with more entries than fit on one page: the dashboard pages them and selects what is still to do. The
 * caches are on here, so the counts must also follow a score saved through the app.
 */
let t: TestApp;
let juror: Browser;
let jurorId: number;
let editionId: number;

beforeAll(async () => {
  // With the caches on, as in production: the juror's overview is reused between writes.
  t = await makeTestApp({ now: new Date(), env: { CACHE_SECONDS: '60' } });
  const demo = await seedDemo(t.db, {
    entries: 64,
    jurors: 2,
    criteria: 3,
    seed: 'dashboard',
    uploadDir: t.config.uploadDir,
    now: t.clock.now(),
    finalShare: 0.5,
  });
  editionId = demo.editionId;
  jurorId = demo.jurors[0]!.id;
  juror = await loggedIn(t.app, { email: demo.jurors[0]!.email, password: DEMO_PASSWORD } as never);
});
afterAll(() => t?.close());

const rowLinks = (html: string) =>
  [...html.matchAll(/href="\/jury\/entries\/(\d+)"/g)].map((m) => Number(m[1]));

async function expectedEntries(): Promise<{ all: number[]; done: number[] }> {
  // What the database says this juror has: assigned, submitted and admitted entries without a conflict. The demo
  // gives this juror no conflicts only by chance, so the conflicted ones are read from the page and left out.
  const assigned = await t
    .db('assignments as a')
    .join('entries as e', 'e.id', 'a.entry_id')
    .where({ 'a.juror_user_id': jurorId, 'e.edition_id': editionId, 'e.status': 'submitted' })
    .where('e.eligibility', 'eligible')
    .orderBy('e.number')
    .select('e.id');
  const done = await t
    .db('score_sheets')
    .where({ juror_user_id: jurorId, edition_id: editionId })
    .whereIn('status', ['final', 'abstained'])
    .select('entry_id');
  return { all: assigned.map((r) => r.id), done: done.map((r) => r.entry_id) };
}

describe('the juror dashboard with many entries', () => {
  it('shows fifty at a time, and every entry exactly once over the pages', async () => {
    const { all } = await expectedEntries();
    expect(all.length).toBeGreaterThan(50);
    const first = await juror.get('/jury').expect(200);
    expect(rowLinks(first.text)).toHaveLength(50);
    expect(first.text).toContain('aria-label="Paginering"');
    expect(first.text).toMatch(
      /href="\/jury\?pagina=2"[^>]*rel="next"|rel="next"[^>]*href="\/jury\?pagina=2"/,
    );
    const second = await juror.get('/jury?pagina=2').expect(200);
    const seen = [...rowLinks(first.text), ...rowLinks(second.text)];
    const conflictedOnPage = all.filter((id) => !seen.includes(id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length + conflictedOnPage.length).toBe(all.length);
    expect(second.text).toContain('aria-current="page"');
    // Past the end shows the last page rather than an empty one.
    expect(rowLinks((await juror.get('/jury?pagina=99').expect(200)).text)).toEqual(rowLinks(second.text));
  });

  it('selects what is still to do and what is done, with counts that add up', async () => {
    const { done } = await expectedEntries();
    const todoPage = await juror.get('/jury?toon=te-doen').expect(200);
    const donePage = await juror.get('/jury?toon=klaar').expect(200);
    const todo = rowLinks(todoPage.text);
    // Fewer than fifty are done, so one page holds them all (page 2 would show page 1 again).
    expect(donePage.text).not.toContain('rel="next"');
    const finished = rowLinks(donePage.text);
    expect(todo.some((id) => done.includes(id))).toBe(false);
    expect(finished.every((id) => done.includes(id))).toBe(true);
    const count = (html: string, label: string) =>
      Number(new RegExp(`${label} \\((\\d+)\\)`).exec(html)?.[1]);
    expect(count(todoPage.text, 'Nog te doen') + count(todoPage.text, 'Klaar')).toBe(
      count(todoPage.text, 'Alle'),
    );
    expect(count(todoPage.text, 'Klaar')).toBe(finished.length);
    expect(todoPage.text).toMatch(
      /aria-current="page"[^>]*>Nog te doen|href="\/jury\?toon=te-doen" aria-current="page"/,
    );
    // An unknown selection shows everything.
    expect(rowLinks((await juror.get('/jury?toon=%3Cscript%3E').expect(200)).text)).toHaveLength(50);
  });

  it('counts a score made final at once, although the overview is kept between writes', async () => {
    const count = (html: string, label: string) =>
      Number(new RegExp(`${label} \\((\\d+)\\)`).exec(html)?.[1]);
    const before = (await juror.get('/jury?toon=te-doen').expect(200)).text;
    const entryId = rowLinks(before)[0]!;
    const criteria = await t.db('criteria').where({ edition_id: editionId });
    const fields: Record<string, string> = { action: 'final', motivation: 'Sterk en overdraagbaar.' };
    for (const c of criteria) fields[`score_${c.id}`] = '7';
    const saved = await juror.submit(
      `/jury/entries/${entryId}/score`,
      `/jury/entries/${entryId}/score`,
      fields,
    );
    expect(saved.status).toBe(303);
    const after = (await juror.get('/jury?toon=te-doen').expect(200)).text;
    expect(count(after, 'Nog te doen')).toBe(count(before, 'Nog te doen') - 1);
    expect(count(after, 'Klaar')).toBe(count(before, 'Klaar') + 1);
    expect(rowLinks(after)).not.toContain(entryId);
  });
});
