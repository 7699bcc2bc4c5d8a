import path from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOT_DIR, startBrowserWorld, type BrowserWorld } from '../helpers/browser';
import { buildAccessWorld, DEMO_PASSWORD, type AccessWorld, type WorldUser } from '../helpers/world';

/**
 * WCAG 1.4.10 Reflow (issue #18): at 320 CSS pixels wide the page itself never scrolls sideways. List tables become
 * stacked rows (`.ip-table--stack`); long headings wrap. These are the pages entrants and jurors use on a phone;
 * the organiser's wide tables are not in this list yet (see the note).
 */
let w: BrowserWorld;
let world: AccessWorld;
beforeAll(async () => {
  w = await startBrowserWorld();
  world = await buildAccessWorld(w.t);
}, 120_000);
afterAll(() => w?.close());

const PAGES: Array<{ who: WorldUser | 'anonymous'; paths: (wd: AccessWorld) => string[] }> = [
  { who: 'anonymous', paths: () => ['/', '/login', '/register', '/kennisbank'] },
  { who: 'submitterA', paths: (wd) => ['/entries', `/entries/${wd.entryId}`, '/account'] },
  {
    who: 'jurorAssigned',
    paths: (wd) => ['/jury', `/jury/entries/${wd.entryId}`, `/jury/entries/${wd.entryId}/score`],
  },
  {
    who: 'admin',
    paths: (wd) => [
      '/admin/users',
      `/admin/entries?edition=${wd.editionId}`,
      `/admin/editions/${wd.editionId}/jury`,
      `/admin/editions/${wd.editionId}/conflicts`,
      '/admin/audit',
      '/admin/organisations',
      '/admin/outbox',
    ],
  },
];

/** How far the page reaches past the window's right edge, and the widest elements that cause it. */
const overflow = (page: Page) =>
  page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const over = document.documentElement.scrollWidth - width;
    const culprits = [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .slice(0, 3)
      .map((el) => el.tagName + '.' + [...el.classList].join('.'));
    return { over, culprits };
  })()`) as Promise<{ over: number; culprits: string[] }>;

it('never scrolls sideways at 320 px on the pages entrants, jurors and visitors use', async () => {
  const problems: string[] = [];
  let visited = 0;
  for (const { who, paths } of PAGES) {
    const { page, context } = await w.newPage();
    await page.setViewportSize({ width: 320, height: 700 });
    if (who !== 'anonymous') {
      await page.goto('/login');
      await page.getByLabel('E-mailadres').fill(world.emails[who]);
      await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
      await Promise.all([
        page.waitForURL((u) => u.pathname !== '/login'),
        page.getByRole('button', { name: 'Inloggen' }).click(),
      ]);
    }
    for (const p of paths(world)) {
      const res = await page.goto(p);
      expect(`${p} ${res?.status()}`).toBe(`${p} 200`);
      visited++;
      if (who === 'admin')
        await page.screenshot({
          path: path.join(SCREENSHOT_DIR, `reflow-320-${p.replace(/\W+/g, '_')}.png`),
          fullPage: true,
        });
      const { over, culprits } = await overflow(page);
      if (over > 0) {
        problems.push(`${who} ${p}: ${over} px too wide (${culprits.join(', ')})`);
        await page.screenshot({
          path: path.join(SCREENSHOT_DIR, `reflow-${who}-${p.replace(/\W+/g, '_')}.png`),
          fullPage: true,
        });
      }
    }
    await context.close();
  }
  expect(visited).toBe(PAGES.reduce((n, { paths }) => n + paths(world).length, 0));
  expect(problems).toEqual([]);
}, 180_000);
