import type { Page } from 'playwright-core';
import { checkPage, startBrowserWorld, type BrowserWorld } from '../helpers/browser';
import { createEntrant, createOpenEdition } from '../helpers/entries';
import type { TestUser } from '../helpers/factories';

/**
 * Issue #7's keyboard-only pass through submitting (scoring is in jury.test.ts): an entrant logs in, starts an
 * entry, meets a validation error, fills the form and submits it with Tab, Shift+Tab, typing, Enter and Space
 * only — no click, no fill. Every element focus lands on must show it.
 */
let w: BrowserWorld;
let submitter: TestUser;

beforeAll(async () => {
  w = await startBrowserWorld();
  await createOpenEdition(w.t);
  ({ submitter } = await createEntrant(w.t, { organisationName: 'Gemeente Wijk bij Duurstede' }));
});
afterAll(() => w?.close());

/** Elements that took keyboard focus without a visible indicator, for one readable failure at the end. */
const invisibleFocus = new Set<string>();

/** What has focus now, and whether it shows: an outline or a box-shadow (as the design system's focus ring). */
async function focused(page: Page): Promise<{ id: string; tag: string; text: string; visible: boolean }> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { id: '', tag: 'BODY', text: '', visible: true };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none';
    return { id: el.id, tag: el.tagName, text: el.textContent.trim().slice(0, 40), visible: outline || shadow };
  })()`);
}

/** Evaluates a JavaScript expression on the focused element `el`. */
const onFocused = (page: Page, expression: string) =>
  page.evaluate(`(() => { const el = document.activeElement; return ${expression}; })()`);

/** Presses a key and checks that whatever has focus afterwards shows it. */
async function press(page: Page, key: string): Promise<void> {
  await page.keyboard.press(key);
  const el = await focused(page);
  if (!el.visible) invisibleFocus.add(`${new URL(page.url()).pathname}: <${el.tag}#${el.id}> ${el.text}`);
}

/** Presses Tab until the focused element matches `test` (a JavaScript expression on `el`). */
async function tabTo(page: Page, test: string, { back = false, max = 60 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    await press(page, back ? 'Shift+Tab' : 'Tab');
    if (await onFocused(page, `Boolean(${test})`)) return;
  }
  throw new Error(`Tab never reached an element where ${test}`);
}

const toField = (page: Page, id: string, options?: { back?: boolean }) =>
  tabTo(page, `el.id === ${JSON.stringify(id)}`, options);
const toButton = (page: Page, name: string) =>
  tabTo(page, `el.tagName === 'BUTTON' && el.textContent.trim() === ${JSON.stringify(name)}`);

/** Enter on a link or button and wait for the page it leads to. */
async function follow(page: Page, url: RegExp | string): Promise<void> {
  await Promise.all([page.waitForURL(url), page.keyboard.press('Enter')]);
  await page.waitForLoadState('load');
}

describe('submitting an entry with the keyboard only', () => {
  it('logs in, starts an entry, recovers from an error, fills every required field and submits', async () => {
    const { page } = await w.newPage();
    await page.goto('/login');

    // Logging in.
    await toField(page, 'email');
    await page.keyboard.type(submitter.email);
    await toField(page, 'password');
    await page.keyboard.type(submitter.password);
    await follow(page, '**/entries');

    // A new entry.
    await toButton(page, 'Nieuwe inzending beginnen');
    await follow(page, /\/entries\/\d+\/edit$/);
    const entryId = Number(/\/entries\/(\d+)\//.exec(page.url())![1]);

    // A summary over the limit of 100 words: the error summary takes focus and its link leads to the field.
    await toField(page, 'title');
    await page.keyboard.type('Samen slimmer inkopen');
    await toField(page, 'summary');
    await page.keyboard.type(Array.from({ length: 101 }, (_, i) => `woord${i}`).join(' '));
    await toButton(page, 'Opslaan als concept');
    await follow(page, /\/edit$/);
    await page.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    expect(await onFocused(page, `el.classList.contains('ip-error-summary')`)).toBe(true);
    expect((await focused(page)).visible).toBe(true);
    await checkPage(page, 'nl-keyboard-entry-errors');
    await press(page, 'Tab');
    expect(await onFocused(page, `el.getAttribute('href')`)).toBe('#summary');
    await press(page, 'Enter');
    await page.waitForFunction(`document.activeElement.id === 'summary'`);
    expect((await focused(page)).visible).toBe(true);
    // The field's label is on screen, not scrolled away above it.
    expect(await page.locator('label[for="summary"]').isVisible()).toBe(true);
    expect(
      await page.evaluate(`document.querySelector('label[for="summary"]').getBoundingClientRect().top`),
    ).toBeGreaterThanOrEqual(0);

    // Put it right: the title was kept; replace the summary, go back for the category, then every other field.
    expect(await page.locator('#title').inputValue()).toBe('Samen slimmer inkopen');
    await press(page, 'ControlOrMeta+A');
    await page.keyboard.type('Drie gemeenten kopen samen in en besparen tijd en geld.');
    await toField(page, 'categoryId', { back: true });
    // A closed select: the arrow keys change the choice (type-ahead would too).
    await press(page, 'ArrowDown');
    expect(await page.locator('#categoryId').inputValue()).not.toBe('');
    await toField(page, 'problem');
    await page.keyboard.type('Elke gemeente deed alles zelf.');
    await toField(page, 'innovation');
    await page.keyboard.type('Een gedeeld inkoopteam met één werkwijze.');
    await toField(page, 'resultsEfficiency');
    await page.keyboard.type('30% minder doorlooptijd.');
    await toField(page, 'resultsEffectiveness');
    await page.keyboard.type('Betere contracten.');
    await toField(page, 'transferability');
    await page.keyboard.type('Ons draaiboek is openbaar.');
    await toField(page, 'contactName');
    await page.keyboard.type('Wim Wijk');
    await toField(page, 'contactPhone');
    await page.keyboard.type('0343 123 456');
    await checkPage(page, 'nl-keyboard-entry-filled');

    // Save and go on to the check before submitting, then confirm.
    await toButton(page, 'Opslaan en verder naar indienen');
    await follow(page, /\/submit$/);
    await page.getByRole('heading', { name: 'Inzending indienen' }).waitFor();
    await checkPage(page, 'nl-keyboard-entry-submit');
    await toButton(page, 'Inzending indienen');
    await follow(page, /\/submitted$/);
    await page.getByRole('heading', { name: 'Inzending ontvangen' }).waitFor();
    await checkPage(page, 'nl-keyboard-entry-submitted');

    const row = await w.t.db('entries').where({ id: entryId }).first();
    expect(row).toMatchObject({
      status: 'submitted',
      title: 'Samen slimmer inkopen',
      summary: 'Drie gemeenten kopen samen in en besparen tijd en geld.',
      contact_phone: '0343 123 456',
    });
    expect(row.category_id).not.toBeNull();
    expect(row.submitted_at).not.toBeNull();
    expect([...invisibleFocus]).toEqual([]);
  });
});

/**
 * WCAG 1.4.11 (issue #18): the focus outline of what has focus, against what lies behind it (the background of the
 * nearest ancestor that has one), for every element Tab reaches.
 */
async function focusContrast(page: Page): Promise<{ label: string; ratio: number } | null> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const label = el.tagName + ' ' + (el.textContent || el.getAttribute('name') || '').trim().slice(0, 30);
    const style = getComputedStyle(el);
    if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) === 0) return { label, ratio: 0 };
    const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
    const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    let behind = [255, 255, 255];
    for (let n = el.parentElement; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0)) { behind = c.slice(0, 3); break; }
    }
    const a = luminance(rgb(style.outlineColor).slice(0, 3));
    const b = luminance(behind);
    return { label, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
  })()`);
}

describe('focus indicators', () => {
  it('have at least 3:1 contrast with what is behind them: header, menu, logout, fields and buttons', async () => {
    const { page } = await w.newPage();
    const seen: Array<{ label: string; ratio: number }> = [];
    const tabThrough = async (times: number) => {
      for (let i = 0; i < times; i++) {
        await page.keyboard.press('Tab');
        const found = await focusContrast(page);
        if (found) seen.push(found);
      }
    };
    await page.goto('/login');
    await tabThrough(12); // the header, the login form's fields and button
    await page.locator('#email').fill(submitter.email);
    await page.locator('#password').fill(submitter.password);
    await Promise.all([
      page.waitForURL((u) => u.pathname !== '/login'),
      page.locator('main form button[type="submit"]').click(),
    ]);
    await page.goto('/account');
    await tabThrough(8); // the header, the menu and the logout button
    const labels = seen.map((s) => s.label).join(' | ');
    expect(labels).toContain('Uitloggen'); // the logout button on the white menu bar
    expect(labels).toMatch(/A Mijn account/); // a menu link
    expect(labels).toMatch(/A English/); // the language link on the red header
    expect(labels).toMatch(/INPUT/);
    expect(labels).toMatch(/BUTTON Inloggen/);
    expect(seen.filter((s) => s.ratio < 3).map((s) => `${s.label}: ${s.ratio.toFixed(2)}:1`)).toEqual([]);
  });
});
