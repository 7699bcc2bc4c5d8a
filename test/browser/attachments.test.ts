import fs from 'node:fs';
import type { Page } from 'playwright-core';
import {
  axeViolations,
  checkPage,
  screenshot,
  startBrowserWorld,
  type BrowserWorld,
} from '../helpers/browser';
import { createEntryWorld, type EntryWorld } from '../helpers/entries';
import { exeBytes, filesUnder, pdfBytes, pngBytes, sha256 } from '../helpers/files';

let w: BrowserWorld;
let world: EntryWorld;
let bigPdf: Buffer;

beforeAll(async () => {
  w = await startBrowserWorld();
  world = await createEntryWorld(w.t, { title: 'Samen slimmer inkopen' });
  // About 700 kB, so a throttled upload takes a few seconds and the progress bar can be seen.
  bigPdf = await pdfBytes({ pages: 60, padding: 4000 });
});
afterAll(() => w?.close());

async function login(page: Page) {
  await page.goto('/login');
  await page.locator('#email').fill(world.submitter.email);
  await page.locator('#password').fill(world.submitter.password);
  await page.locator('main button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/**
 * checkPage for a page without JavaScript: axe needs scripts, so the screenshot is of the page as it is, and axe
 * checks the same markup loaded into a page of the same origin that runs scripts.
 */
async function checkPageWithoutJs(page: Page, name: string) {
  await screenshot(page, name);
  const html = await page.content();
  const { page: checker, context } = await w.newPage();
  await checker.goto('/login');
  await checker.setContent(html, { waitUntil: 'load' });
  expect(await axeViolations(checker)).toEqual([]);
  await context.close();
}

const rows = () => w.t.db('attachments').where({ entry_id: world.entry.id }).orderBy('id');
const editPage = () => `/entries/${world.entry.id}/edit`;

describe('attachments in a real browser', () => {
  it('uploads a PDF with a visible progress bar, refuses a disguised file in place, and removes the PDF', async () => {
    const { page, context } = await w.newPage();
    await login(page);
    // Text typed in the entry form is saved on the way to the attachments page, so an upload cannot lose it.
    await page.goto(editPage());
    await page.getByLabel('Titel van het project').fill('Getypt vlak voor het uploaden');
    await page.getByRole('button', { name: 'Opslaan en bijlagen toevoegen of verwijderen' }).click();
    await page.getByText('Uw inzending is opgeslagen.').waitFor();
    await page.getByLabel('Bestanden toevoegen').waitFor();
    await checkPage(page, 'nl-attachments-empty');

    // Slow the upload down (about 150 kB/s) so the progress can be watched.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 150 * 1024,
    });
    await page.getByLabel('Bestanden toevoegen').setInputFiles({
      name: 'Projectplan.pdf',
      mimeType: 'application/pdf',
      buffer: bigPdf,
    });
    await page.getByRole('button', { name: 'Uploaden' }).click();
    const bar = page.getByRole('progressbar', { name: 'Voortgang van het uploaden' });
    await bar.waitFor({ state: 'visible' });
    // Wait until the bar is well on its way (the value attribute reflects progress.value).
    let value = 0;
    while (value < 30) {
      await page.waitForTimeout(50);
      value = Number(await bar.getAttribute('value'));
    }
    expect(value).toBeLessThan(95);
    const percent = await page.locator('[data-upload-percent]').textContent();
    expect(percent).toMatch(/^\d{2}%$/);
    expect(await page.locator('[data-upload-status]').textContent()).toMatch(
      /^Uploaden: (25|50|75) procent$/,
    );
    expect(await page.getByRole('button', { name: 'Uploaden' }).getAttribute('aria-disabled')).toBe('true');
    // Keyboard focus stays where it was, on the button.
    expect(await page.evaluate('document.activeElement.textContent.trim()')).toBe('Uploaden');
    await checkPage(page, 'nl-attachments-uploading');

    await page.waitForURL(/\/attachments\?notice=attachment-added(#attachments)?$/, { timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await page.getByText('De bijlage is toegevoegd.').waitFor();
    const link = page.getByRole('link', { name: 'Projectplan.pdf', exact: true });
    await link.waitFor();
    const [stored] = await rows();
    expect(stored.sha256).toBe(sha256(bigPdf));
    await checkPage(page, 'nl-attachments-one');

    // The download link gives the same bytes under the original name.
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('Projectplan.pdf');
    expect(sha256(fs.readFileSync((await download.path())!))).toBe(sha256(bigPdf));

    // A program renamed to .pdf: the section shows why, in place, with focus on the message.
    await page.getByLabel('Bestanden toevoegen').setInputFiles({
      name: 'factuur.pdf',
      mimeType: 'application/pdf',
      buffer: exeBytes(),
    });
    await page.getByRole('button', { name: 'Uploaden' }).click();
    const message = page.locator('#files-error');
    await message.waitFor();
    expect(await message.textContent()).toContain('Het bestand ‘factuur.pdf’ moet een pdf-bestand');
    expect(await page.evaluate('document.activeElement.id')).toBe('files-error');
    expect(await page.getByLabel('Bestanden toevoegen').getAttribute('aria-invalid')).toBe('true');
    expect(await rows()).toHaveLength(1);
    await checkPage(page, 'nl-attachments-refused-js');

    // Removing goes through a confirmation page.
    await page.getByRole('link', { name: 'Verwijderen Projectplan.pdf' }).click();
    await page.getByRole('heading', { name: 'Bijlage verwijderen' }).waitFor();
    expect(await page.getByText('Weet u zeker dat u ‘Projectplan.pdf’ wilt verwijderen?').isVisible()).toBe(
      true,
    );
    await checkPage(page, 'nl-attachments-confirm-delete');
    await page.getByRole('button', { name: 'Ja, verwijder de bijlage' }).click();
    await page.waitForURL(/\/attachments\?notice=attachment-deleted(#attachments)?$/);
    await page.getByText('De bijlage is verwijderd.').waitFor();
    expect(await page.getByRole('link', { name: 'Projectplan.pdf', exact: true }).count()).toBe(0);
    expect(await rows()).toEqual([]);
    expect(filesUnder(w.t.config.uploadDir)).toEqual([]);
    await checkPage(page, 'nl-attachments-deleted');
    await page.getByRole('link', { name: 'Terug naar het formulier' }).click();
    expect(await page.getByLabel('Titel van het project').inputValue()).toBe('Getypt vlak voor het uploaden');
  });

  it('works without JavaScript: a refused upload shows the form with the reason, a good one goes back', async () => {
    const context = await w.browser.newContext({
      baseURL: w.baseUrl,
      locale: 'nl-NL',
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
    });
    try {
      const page = await context.newPage();
      await login(page);
      await page.goto(editPage());
      await page.getByLabel('Titel van het project').fill('Zonder JavaScript getypt');
      await page.getByRole('button', { name: 'Opslaan en bijlagen toevoegen of verwijderen' }).click();
      await page.getByText('Uw inzending is opgeslagen.').waitFor();
      await page.getByLabel('Bestanden toevoegen').setInputFiles({
        name: 'scan.pdf',
        mimeType: 'application/pdf',
        buffer: pngBytes(),
      });
      await page.getByRole('button', { name: 'Uploaden' }).click();
      await page.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
      expect(await page.title()).toMatch(/^Fout: Bijlagen toevoegen – .+ – Innovatieprijs$/);
      expect(await page.getByRole('link', { name: /is een png-afbeelding/ }).getAttribute('href')).toBe(
        '#files',
      );
      await checkPageWithoutJs(page, 'nl-attachments-refused-nojs');

      const pdf = await pdfBytes();
      await page.getByLabel('Bestanden toevoegen').setInputFiles([
        { name: 'Plan.pdf', mimeType: 'application/pdf', buffer: pdf },
        { name: 'Kaart.png', mimeType: 'image/png', buffer: pngBytes(40, 30) },
      ]);
      await page.getByRole('button', { name: 'Uploaden' }).click();
      await page.waitForURL(/\/attachments\?notice=attachments-added(#attachments)?$/);
      expect(await page.getByText('De bijlagen zijn toegevoegd.').isVisible()).toBe(true);
      expect((await rows()).map((r) => r.original_name)).toEqual(['Plan.pdf', 'Kaart.png']);
      await checkPageWithoutJs(page, 'nl-attachments-two-nojs');
      await page.getByRole('link', { name: 'Terug naar het formulier' }).click();
      expect(await page.getByLabel('Titel van het project').inputValue()).toBe('Zonder JavaScript getypt');
    } finally {
      await context.close();
    }
  });

  it('shows the list in English', async () => {
    const { page } = await w.newPage({ locale: 'en-GB' });
    await login(page);
    await page.goto(`/entries/${world.entry.id}/attachments`);
    await page.getByRole('link', { name: 'Plan.pdf', exact: true }).waitFor();
    expect(
      await page
        .getByText('Allowed: PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), PNG and JPEG.')
        .count(),
    ).toBe(1);
    await checkPage(page, 'en-attachments');
  });
});
