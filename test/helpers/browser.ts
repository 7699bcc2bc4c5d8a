import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser as PwBrowser, type BrowserContext, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { makeTestApp, type TestApp } from './test-app';

export const SCREENSHOT_DIR = path.join(__dirname, '../../test-artifacts/screenshots');

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    Boolean,
  ) as string[];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found)
    throw new Error('Chromium not found: install it with `apt-get install -y chromium` (see README)');
  return found;
}

export interface BrowserWorld {
  t: TestApp;
  baseUrl: string;
  browser: PwBrowser;
  newPage(options?: { locale?: 'nl-NL' | 'en-GB' }): Promise<{ page: Page; context: BrowserContext }>;
  close(): Promise<void>;
}

/** A real HTTP server on a random port, over a fresh test app, and a headless Chromium. */
export async function startBrowserWorld(): Promise<BrowserWorld> {
  const t = await makeTestApp({ now: new Date() });
  const server = http.createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.config.baseUrl = baseUrl; // links in mails must point at this server
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'innovatieprijs-chromium-'));
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${userDataDir}`,
    ].filter((a) => !a.startsWith('--user-data-dir')),
  });
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const contexts: BrowserContext[] = [];
  return {
    t,
    baseUrl,
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        locale: options.locale ?? 'nl-NL',
        viewport: { width: 1280, height: 900 },
      });
      contexts.push(context);
      const page = await context.newPage();
      // Confirm dialogs (data-confirm) are accepted, as a person who meant the click would.
      page.on('dialog', (dialog) => void dialog.accept());
      return { page, context };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Runs axe with the WCAG 2.1 A and AA rules and returns readable violations (empty when the page passes). */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Screenshot plus axe: every page a test visits is checked and saved for a person to look at. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
}
