import { listRoutes } from '../../../src/http/access';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { buildAccessWorld, concretePath, type AccessWorld } from '../../helpers/world';
import { createOpenEdition } from '../../helpers/entries';

/**
 * WCAG 2.4.2: every organiser page has a title of its own. Each organiser page is opened for the world's records
 * and again with one of them swapped for another of the same kind (the other juror, entry, account, edition);
 * two different pages that answer 200 must never share a title.
 */
let t: TestApp;
let w: AccessWorld;
let otherEditionId: number;
let otherEntryId: number;
beforeAll(async () => {
  t = await makeTestApp();
  w = await buildAccessWorld(t);
  ({
    edition: { id: otherEditionId },
  } = await createOpenEdition(t, { year: w.year + 1, name: `Innovatieprijs ${w.year + 1}` }));
  const other = await t.db('entries').where({ edition_id: w.editionId }).whereNot({ id: w.entryId }).first();
  otherEntryId = other.id;
}, 120_000);
afterAll(() => t.close());

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1]?.trim() ?? '';

describe('page titles', () => {
  it('are unique over the organiser pages, with the subject in the title', async () => {
    const routes = listRoutes(t.app as never).filter(
      (r) => r.method === 'GET' && r.path.startsWith('/admin') && !r.path.includes(':token'),
    );
    const swaps: Record<string, (path: string) => string> = {
      editionId: (p) => p.replace(/:editionId/g, String(otherEditionId)),
      entryId: (p) => p.replace(/:entryId/g, String(otherEntryId)),
      userId: (p) =>
        p.replace(/:userId/g, String(p.startsWith('/admin/users/') ? w.jurorUserId : w.conflictedJurorId)),
    };
    const titles = new Map<string, string>(); // url → title
    for (const route of routes) {
      const variants = [
        route.path,
        ...Object.entries(swaps)
          .filter(([param]) => route.path.includes(`:${param}`))
          .map(([, swap]) => swap(route.path)),
      ];
      for (const variant of variants) {
        const url = concretePath(variant, w);
        if (titles.has(url)) continue;
        const res = await w.browsers.admin.get(url);
        if (res.status !== 200 || !String(res.headers['content-type']).startsWith('text/html')) continue;
        titles.set(url, titleOf(res.text));
      }
    }
    const byTitle = new Map<string, string[]>();
    for (const [url, title] of titles) byTitle.set(title, [...(byTitle.get(title) ?? []), url]);
    const shared = [...byTitle]
      .filter(([, urls]) => urls.length > 1)
      .map(([title, urls]) => `${title}: ${urls.join(', ')}`);
    expect(shared).toEqual([]);
    // It cannot pass by opening nothing: most organiser pages, and pages of both editions.
    expect(titles.size).toBeGreaterThan(60);
    expect([...titles.keys()].some((u) => u.includes(`/admin/editions/${otherEditionId}`))).toBe(true);
  });

  it('names the juror on the page of a juror, with the edition', async () => {
    const conflicts = await w.browsers.admin.get(`/admin/editions/${w.editionId}/jury/${w.jurorUserId}/edit`);
    const juror = await t.db('users').where({ id: w.jurorUserId }).first();
    const edition = await t.db('editions').where({ id: w.editionId }).first();
    expect(titleOf(conflicts.text)).toContain(juror.name);
    expect(titleOf(conflicts.text)).toContain(edition.name);
  });
});
