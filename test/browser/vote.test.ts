import type { BrowserContext, Page } from 'playwright-core';
import {
  axeViolations,
  checkPage,
  screenshot,
  startBrowserWorld,
  type BrowserWorld,
} from '../helpers/browser';
import { createUser } from '../helpers/factories';
import { pdfText } from '../helpers/results-parse';
import { createVoteWorld, type VoteWorld } from '../helpers/vote';
import fs from 'node:fs';

let w: BrowserWorld;
let vote: VoteWorld;
let phone: BrowserContext | undefined;
const PASSWORD = 'een lang wachtwoord voor olga';

beforeAll(async () => {
  w = await startBrowserWorld();
  const admin = await createUser(w.t.db, {
    role: 'admin',
    email: 'olga@example.nl',
    name: 'Olga Organisator',
    password: PASSWORD,
  });
  vote = await createVoteWorld(w.t, { admin });
});
afterAll(async () => {
  await phone?.close();
  await w?.close();
});

/**
 * A page of the phone without JavaScript: screenshot as shown, and axe (which needs JavaScript to run) over the
 * very same HTML, put into a phone-sized page of this origin that has JavaScript.
 */
async function checkNoScriptPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const html = await page.content();
  const { page: checker } = await w.newPage();
  await checker.setViewportSize({ width: 390, height: 844 });
  await checker.goto('/assets/css/vote.css');
  await checker.setContent(html, { waitUntil: 'load' });
  expect(await axeViolations(checker)).toEqual([]);
  await checker.close();
}

describe('the audience vote in a real browser', () => {
  it('a phone without JavaScript opens a code link and votes; the projector counts it live', async () => {
    const { page } = await w.newPage();
    await page.goto('/login');
    await page.locator('#email').fill('olga@example.nl');
    await page.locator('#password').fill(PASSWORD);
    await page.locator('form[action="/login"] button[type="submit"]').click();
    await page.waitForURL('**/admin');

    // The organiser opens the vote and downloads the code cards.
    await page.goto(`/admin/editions/${vote.edition.id}`);
    await page.getByRole('link', { name: /Publieksprijs/ }).click();
    await page.getByRole('heading', { name: /Publieksprijs/, level: 1 }).waitFor();
    await checkPage(page, 'nl-vote-admin');
    await page.getByLabel(/Hoe lang blijft de stemming open/).fill('10');
    await page.getByRole('button', { name: 'Stemming nu openen' }).click();
    await page.getByText('De stemming is geopend.').waitFor();
    await page.getByLabel('Aantal stemcodes').fill('8');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Stemcodes maken/ }).click(),
    ]);
    const codes = [
      ...pdfText(fs.readFileSync((await download.path())!)).matchAll(/\b([0-9A-Z]{5}-[0-9A-Z]{5})\b/g),
    ].map((m) => m[1]!);
    expect(codes).toHaveLength(8);
    await page.goto(`/admin/editions/${vote.edition.id}/vote`);
    await page.getByRole('button', { name: 'Aantallen tonen op de projector' }).click();
    await page.getByText('De aantallen staan nu op de projector.').waitFor();
    await checkPage(page, 'nl-vote-admin-open');

    // The projector, with JavaScript: it follows the event stream.
    const projector = (await w.newPage()).page;
    await projector.context().addCookies(await page.context().cookies());
    await projector.goto(`/admin/editions/${vote.edition.id}/projector`);
    await projector.getByText('0 stemmen').first().waitFor();
    await checkPage(projector, 'nl-vote-projector');

    // A phone-sized Chromium without JavaScript scans (opens) the link on a card.
    phone = await w.browser.newContext({
      baseURL: w.baseUrl,
      locale: 'nl-NL',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      javaScriptEnabled: false,
    });
    const mobile = await phone.newPage();
    await mobile.goto(`/stem?code=${codes[0]!.replace('-', '')}`);
    expect(await mobile.getByLabel('Uw stemcode').inputValue()).toBe(codes[0]);
    await checkNoScriptPage(mobile, 'nl-vote-ballot-phone');
    // Without a choice: the GOV.UK error summary, the code kept.
    await mobile.getByRole('button', { name: 'Stem uitbrengen' }).click();
    await mobile.getByRole('link', { name: 'Kies een finalist.' }).waitFor();
    expect(await mobile.getByLabel('Uw stemcode').inputValue()).toBe(codes[0]);
    await checkNoScriptPage(mobile, 'nl-vote-ballot-error');
    await mobile.getByLabel(/Digitale balie/).check();
    await mobile.getByRole('button', { name: 'Stem uitbrengen' }).click();
    await mobile.getByRole('heading', { name: 'Uw stem is geteld' }).waitFor();
    expect(await mobile.locator('main').textContent()).toContain('Digitale balie');
    await checkNoScriptPage(mobile, 'nl-vote-done-phone');

    // The projector shows the vote without being reloaded.
    const started = Date.now();
    await projector.locator('[data-projector-total]', { hasText: '1 stemmen' }).waitFor({ timeout: 2000 });
    expect(Date.now() - started).toBeLessThan(2000);
    const row = projector.locator(`[data-entry="${vote.finalists[1]!.id}"]`);
    expect(await row.locator('[data-count]').textContent()).toBe('1 stemmen');
    expect(await row.locator('progress').getAttribute('value')).toBe('100');
    await checkPage(projector, 'nl-vote-projector-counted');

    // A wrong code on the phone: the error, and nothing counted.
    await mobile.goto('/stem');
    await mobile.getByLabel('Uw stemcode').fill('AAAAA-BBBBB');
    await mobile.getByLabel(/Robots buiten/).check();
    await mobile.getByRole('button', { name: 'Stem uitbrengen' }).click();
    await mobile.getByRole('link', { name: /Deze stemcode kennen we niet/ }).waitFor();
    await checkNoScriptPage(mobile, 'nl-vote-wrong-code');
    expect(await w.t.db('audience_ballots').count({ n: '*' }).first()).toMatchObject({ n: 1 });
  });
});
