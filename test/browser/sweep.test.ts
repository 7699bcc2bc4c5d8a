import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { listRoutes, type RouteInfo } from '../../src/http/access';
import { SCREENSHOT_DIR, startBrowserWorld, type BrowserWorld } from '../helpers/browser';
import {
  buildAccessWorld,
  concretePath,
  DEMO_PASSWORD,
  type AccessWorld,
  type WorldUser,
} from '../helpers/world';

/**
 * The accessibility sweep (issue #7): every page of the app's own route table, for every kind of user, in both
 * languages, in a real Chromium logged in through the login form, checked with axe's WCAG 2.1 A and AA rules.
 * Which routes are pages is decided by the answer (200 and text/html), so a new page is swept without touching
 * this file and downloads are left alone. Error pages people meet (403, 404, an expired link's 410, …) are
 * checked once per status and language, and a few forms in their error state.
 *
 * Two states of the demo edition: judging (every route, every user), then announced (the public pages and the
 * organiser's results pages, which change with the announcement, as a visitor and as the organiser).
 */
type Who = 'anonymous' | WorldUser;
type Lng = 'nl' | 'en';
const WHO: Who[] = ['anonymous', 'submitterA', 'submitterB', 'jurorAssigned', 'jurorConflicted', 'admin'];
const LANGUAGES: Lng[] = ['nl', 'en'];

interface Pass {
  name: string;
  who: Who[];
  routes: (route: RouteInfo) => boolean;
  /** Pages a route shows only with a query, e.g. the ceremony's last step (the winner). */
  extra: string[];
  /** Forms sent empty, with the user who may: the re-rendered page (422) must pass too. */
  emptyForms: Array<{ who: Who; path: string }>;
}

const PASSES: Pass[] = [
  {
    name: 'judging',
    who: WHO,
    routes: () => true,
    extra: [],
    emptyForms: [
      { who: 'anonymous', path: '/login' },
      { who: 'anonymous', path: '/register' },
      { who: 'anonymous', path: '/password/forgot' },
      { who: 'admin', path: '/admin/users/invite' },
      { who: 'admin', path: '/admin/editions/:editionId/jury/new' },
    ],
  },
  {
    name: 'announced',
    who: ['anonymous', 'admin'],
    routes: (route) => ['public', 'embargo', 'hidden'].includes(route.access?.kind ?? ''),
    extra: ['/admin/editions/:editionId/ceremony?step=99'],
    emptyForms: [],
  },
];

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The same check as axeViolations in helpers/browser.ts (the WCAG 2.1 A and AA tags), without AxeBuilder's
 * per-call overhead (it opens a blank page per run to merge the results of frames, and the app has none): about
 * 0.2 s a page instead of 0.6–0.8 s, which keeps a sweep of some 400 pages within CI time.
 */
/**
 * WCAG 3.1.2 on English pages: the starts of texts people wrote in Dutch (entry texts, the jury's motivation) must
 * stand inside an element marked lang="nl". Form fields are left out (their value is not page text).
 */
async function dutchTextsWithoutLang(page: Page, probes: string[]): Promise<string[]> {
  // A string, as the other in-page checks: the tests are compiled without DOM types.
  return page.evaluate(`(() => {
    const texts = ${JSON.stringify(probes)};
    const found = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('textarea, script, style')) continue;
      const text = node.textContent || '';
      for (const probe of texts)
        if (text.includes(probe) && parent.closest('[lang]')?.getAttribute('lang') !== 'nl') found.add(probe);
    }
    return [...found];
  })()`);
}

/** Starts of the Dutch texts of the world: entry texts and the jury's motivation (30 characters, enough to be unique). */
async function dutchProbes(): Promise<string[]> {
  const entries = await w.t
    .db('entries')
    .select(
      'summary',
      'problem',
      'innovation',
      'results_efficiency',
      'results_effectiveness',
      'transferability',
    );
  const decisions = await w.t.db('result_decisions').select('motivation');
  return [
    ...new Set(
      [...entries.flatMap((e) => Object.values(e)), ...decisions.map((d) => d.motivation)]
        .map((text) =>
          String(text ?? '')
            .trim()
            .slice(0, 30),
        )
        .filter((text) => text.length >= 20),
    ),
  ];
}

async function quickAxe(page: Page): Promise<string[]> {
  // A fade-in caught halfway has too little contrast: judge the page as it ends up.
  await page.evaluate('Promise.all(document.getAnimations().map((a) => a.finished)).then(() => true)');
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(`axe
    .run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    })
    .then((result) =>
      result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      })),
    )`)) as Array<{ id: string; impact: string; help: string; targets: string[] }>;
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(', ')}`);
}

/** The GOV.UK error summary: it has focus after the page loads, and every link in it leads to something. */
async function errorSummaryProblems(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const summary = document.querySelector('.ip-error-summary');
    if (!summary) return ['no error summary'];
    const problems = document.activeElement === summary ? [] : ['the error summary does not have focus'];
    for (const link of summary.querySelectorAll('a')) {
      const href = link.getAttribute('href') || '';
      if (!href.startsWith('#') || !document.getElementById(decodeURIComponent(href.slice(1))))
        problems.push('error summary link "' + link.textContent.trim() + '" leads nowhere (' + href + ')');
    }
    return problems;
  })()`)) as string[];
}

const documentLanguage = (page: Page) => page.evaluate('document.documentElement.lang') as Promise<string>;

let w: BrowserWorld;
let world: AccessWorld;
beforeAll(async () => {
  w = await startBrowserWorld();
  world = await buildAccessWorld(w.t);
}, 120_000);
afterAll(() => w?.close());

/** A fresh browser for one user in one language: the language switch on the home page, then the login form. */
async function openAs(who: Who, lng: Lng): Promise<{ page: Page; context: BrowserContext }> {
  const { page, context } = await w.newPage({ locale: lng === 'en' ? 'en-GB' : 'nl-NL' });
  await page.goto('/');
  if ((await documentLanguage(page)) !== lng) {
    await page.locator(`.ip-lang a[hreflang="${lng}"]`).click();
    await page.waitForFunction(`document.documentElement.lang === '${lng}'`);
  }
  if (who !== 'anonymous') {
    await page.goto('/login');
    await page.locator('#email').fill(world.emails[who]);
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.locator('main form[action="/login"] button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname !== '/login');
  }
  return { page, context };
}

/** Asks first, without following redirects, so a download never starts in the page and a 303 is not followed. */
async function probe(context: BrowserContext, url: string): Promise<{ status: number; html: boolean }> {
  const res = await context.request.get(url, { maxRedirects: 0 });
  const answer = {
    status: res.status(),
    html: (res.headers()['content-type'] ?? '').startsWith('text/html'),
  };
  await res.dispose();
  return answer;
}

/** The organiser closes judging, nominates two entries, records the winner and announces, through the forms. */
async function announceResult(): Promise<void> {
  // A winner needs the edition's minimum number of scores (#12); the small world's entries have fewer than 3.
  await w.t.db('editions').where({ id: world.editionId }).update({ min_scores: 1 });
  const admin = world.browsers.admin;
  const base = `/admin/editions/${world.editionId}`;
  // Entries with a final sheet first: the winner must be ranked (#12), and the world scores only some entries.
  const scored = new Set(
    (
      await w.t.db('score_sheets').where({ edition_id: world.editionId, status: 'final' }).select('entry_id')
    ).map((r: { entry_id: number }) => r.entry_id),
  );
  const entries = (await w.t.db('entries').where({ edition_id: world.editionId }).orderBy('number')).sort(
    (a: { id: number }, b: { id: number }) => Number(scored.has(b.id)) - Number(scored.has(a.id)),
  );
  const posts: Array<[string, string, Record<string, string>]> = [
    [base, `${base}/phase`, { to: 'deliberation', reason: '' }],
    ...entries
      .slice(0, 2)
      .map((e): [string, string, Record<string, string>] => [
        `${base}/results/entries/${e.id}`,
        `${base}/results/entries/${e.id}/nomination`,
        { kind: 'nominee' },
      ]),
    [
      `${base}/results/entries/${entries[2].id}`,
      `${base}/results/entries/${entries[2].id}/nomination`,
      { kind: 'honourable_mention' },
    ],
    [
      `${base}/results`,
      `${base}/results/decision`,
      {
        winnerEntryId: String(entries[0].id),
        usedAggregation: 'mean',
        motivation: 'Een voorbeeld voor velen.',
      },
    ],
    [`${base}/announce`, `${base}/announce`, {}],
  ];
  for (const [formPage, action, fields] of posts) {
    const res = await admin.submit(formPage, action, fields);
    const why =
      res.status === 422
        ? /ip-error-summary[\s\S]*?<li[^>]*>[\s\S]*?<a[^>]*>([^<]*)/.exec(res.text)?.[1]
        : '';
    expect(`${action} ${res.status} ${why ?? ''}`.trim()).toBe(`${action} 303`);
  }
}

describe('accessibility sweep', () => {
  it('finds no WCAG 2.1 A/AA violation on any page, for any user, in either language', async () => {
    const started = Date.now();
    const routes = listRoutes(w.t.app as never).filter((r) => r.method === 'GET');
    const violations: string[] = [];
    const pagesChecked = new Set<string>(); // pass: route × who × language
    const routesRendered = new Set<string>(); // routes that were an HTML page for someone
    const errorPagesChecked = new Set<string>(); // status × language

    const check = async (page: Page, label: string) => {
      const found = await quickAxe(page);
      if (!found.length) return;
      violations.push(...found.map((v) => `${label}: ${v}`));
      const shot = `sweep-${label.replace(/[^a-z0-9]+/gi, '-')}.png`;
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, shot), fullPage: true });
    };

    for (const pass of PASSES) {
      if (pass.name === 'announced') await announceResult();
      const probes = await dutchProbes();
      const urls = [
        ...routes.filter(pass.routes).map((r) => ({ route: r.path, path: r.path })),
        ...pass.extra.map((p) => ({ route: p.split('?')[0]!, path: p })),
      ];
      for (const lng of LANGUAGES) {
        for (const who of pass.who) {
          const { page, context } = await openAs(who, lng);
          const where = `${who} × ${lng} (${pass.name})`;
          for (const { route, path: routePath } of urls) {
            // The language switch's own route must keep this browser's language.
            const url = concretePath(routePath.replace(':lng', lng), world);
            const { status, html } = await probe(context, url);
            if (status >= 500) violations.push(`GET ${routePath} × ${where}: answered ${status}`);
            const errorKey = `${status} ${lng}`;
            if (!html || (status !== 200 && (status < 400 || errorPagesChecked.has(errorKey)))) continue;
            const response = await page.goto(url);
            expect(`${url} ${response?.status()}`).toBe(`${url} ${status}`);
            expect(`${url} ${await documentLanguage(page)}`).toBe(`${url} ${lng}`);
            if (status === 200) {
              routesRendered.add(route);
              pagesChecked.add(`${pass.name}: ${route} × ${who} × ${lng}`);
              await check(page, `GET ${routePath} × ${where}`);
              if (lng === 'en')
                for (const probe of await dutchTextsWithoutLang(page, probes))
                  violations.push(`GET ${routePath} × ${where}: Dutch text "${probe}…" without lang="nl"`);
            } else {
              errorPagesChecked.add(errorKey);
              await check(page, `${status} page, GET ${routePath} × ${where}`);
            }
          }

          for (const form of pass.emptyForms.filter((f) => f.who === who)) {
            const url = concretePath(form.path, world);
            await page.goto(url);
            const [response] = await Promise.all([
              page.waitForResponse((r) => r.request().method() === 'POST'),
              page.locator('main form[method="post"] button[type="submit"]').first().click(),
            ]);
            await page.waitForLoadState('load');
            expect(`${url} ${response.status()}`).toBe(`${url} 422`);
            pagesChecked.add(`${pass.name}: POST ${form.path} × ${who} × ${lng}`);
            const label = `POST ${form.path} (empty) × ${where}`;
            violations.push(...(await errorSummaryProblems(page)).map((p) => `${label}: ${p}`));
            await check(page, label);
          }
          await context.close();
        }
      }
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.log(
      `Accessibility sweep: ${pagesChecked.size} pages checked (route × user × language; ${routesRendered.size} ` +
        `of ${routes.length} GET routes are pages), error pages ${[...errorPagesChecked].join(', ')}, ${seconds} s`,
    );
    expect(violations).toEqual([]);

    // It cannot pass by visiting nothing: the error pages, most routes, and every page in both languages.
    expect([...errorPagesChecked]).toEqual(expect.arrayContaining(['403 nl', '403 en', '404 nl', '404 en']));
    expect(routesRendered.size).toBeGreaterThanOrEqual(Math.ceil(routes.length * 0.6));
    const inDutch = [...pagesChecked].filter((p) => p.endsWith('× nl'));
    expect(inDutch.length).toBeGreaterThanOrEqual(routesRendered.size * 2);
    expect([...pagesChecked].filter((p) => p.endsWith('× en')).sort()).toEqual(
      inDutch.map((p) => p.replace(/× nl$/, '× en')).sort(),
    );
  }, 600_000);
});
