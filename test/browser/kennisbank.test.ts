import type { Page } from 'playwright-core';
import { checkPage, screenshot, startBrowserWorld, type BrowserWorld } from '../helpers/browser';
import { createEntrant, createEntry, createOpenEdition } from '../helpers/entries';
import { announceForTest, consentForTest, setTexts } from '../helpers/kennisbank';
import { createAttachment } from '../helpers/jury';
import type { TestUser } from '../helpers/factories';
import type { Entry } from '../../src/entries/entry.types';

/** A visitor finds a past entry in the kennisbank by a word from its summary and opens it; every page passes axe. */
let w: BrowserWorld;
let maker: TestUser;
let hr: Entry;

beforeAll(async () => {
  w = await startBrowserWorld();
  const { edition, categories } = await createOpenEdition(w.t, { year: 2025, name: 'Innovatieprijs 2025' });
  const a = await createEntrant(w.t, { organisationName: 'Gemeente Heuvelrug' });
  const b = await createEntrant(w.t, { organisationName: 'SSC Rivierenland', type: 'ssc' });
  maker = a.submitter;
  hr = await createEntry(w.t, {
    edition,
    organisationId: a.organisation.id,
    userId: a.submitter.id,
    status: 'submitted',
    categoryId: categories[0]!.id,
  });
  const invoices = await createEntry(w.t, {
    edition,
    organisationId: b.organisation.id,
    userId: b.submitter.id,
    status: 'submitted',
    categoryId: categories[1]!.id,
  });
  await setTexts(w.t, hr, {
    title: 'Eén loket voor HR-advies',
    summary:
      'Wij standaardiseerden ons HR-advies met een gedeelde kennisbibliotheek voor alle leidinggevenden.',
  });
  await setTexts(w.t, invoices, {
    title: 'Facturen in de helft van de tijd',
    summary:
      'Het SSC halveerde de doorlooptijd van inkomende facturen met één werkwijze voor alle deelnemers.',
  });
  const file = await createAttachment(w.t, { entry: hr, originalName: 'draaiboek-hr.pdf' });
  await consentForTest(w.t, {
    entry: hr,
    userId: a.submitter.id,
    showContact: true,
    publicAttachmentIds: [file],
  });
  await consentForTest(w.t, { entry: invoices, userId: b.submitter.id, licence: 'all-rights-reserved' });
  await announceForTest(w.t, { edition, winner: invoices, nominees: [hr] });
});
afterAll(() => w?.close());

async function at375(page: Page, name: string) {
  await page.setViewportSize({ width: 375, height: 800 });
  await screenshot(page, name);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('the kennisbank in a real browser', () => {
  it('lets a visitor find a past entry by a word from its summary and open it', async () => {
    const { page } = await w.newPage();
    await page.goto('/');
    await page.getByRole('link', { name: 'Kennisbank' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kennisbank' }).waitFor();
    await checkPage(page, 'nl-kennisbank');
    await at375(page, 'nl-kennisbank-375');
    await page.getByLabel('Zoek in de kennisbank').fill('kennisbibliotheek');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.getByText('1 project voor "kennisbibliotheek"').waitFor();
    await checkPage(page, 'nl-kennisbank-search');
    await page.getByRole('link', { name: 'Eén loket voor HR-advies' }).click();
    await page.getByRole('heading', { level: 1, name: 'Eén loket voor HR-advies' }).waitFor();
    expect(await page.getByText('Gemeente Heuvelrug').first().isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'draaiboek-hr.pdf' }).isVisible()).toBe(true);
    await checkPage(page, 'nl-kennisbank-project');
    await at375(page, 'nl-kennisbank-project-375');
  });

  it('filters without JavaScript-only controls, in English too', async () => {
    const { page } = await w.newPage({ locale: 'en-GB' });
    await page.goto('/kennisbank');
    await page.getByLabel('Type of organisation').selectOption('ssc');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('1 project', { exact: true }).waitFor();
    await checkPage(page, 'en-kennisbank-filtered');
  });

  it('lets a maker give consent on the publication page', async () => {
    const { page } = await w.newPage();
    await page.goto('/login');
    await page.getByLabel('E-mailadres').fill(maker.email);
    await page.getByLabel('Wachtwoord').fill(maker.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL('**/entries');
    await page.goto(`/entries/${hr.id}/publicatie`);
    await page.getByText('Deze inzending staat nu in de kennisbank.').waitFor();
    await checkPage(page, 'nl-publication');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Uw keuze is opgeslagen.').waitFor();
    await at375(page, 'nl-publication-375');
  });
});
