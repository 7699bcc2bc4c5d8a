import { startBrowserWorld, checkPage, type BrowserWorld } from '../helpers/browser';
import { createUser } from '../helpers/factories';
import type { Page } from 'playwright-core';

let w: BrowserWorld;
beforeAll(async () => {
  w = await startBrowserWorld();
  await createUser(w.t.db, {
    role: 'admin',
    email: 'olga@example.nl',
    name: 'Olga Organisator',
    password: 'een lang wachtwoord voor olga',
  });
});
afterAll(() => w?.close());

async function login(page: Page) {
  await page.goto('/login');
  await page.getByLabel('E-mailadres').fill('olga@example.nl');
  await page.getByLabel('Wachtwoord').fill('een lang wachtwoord voor olga');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL('**/admin');
}

// Dates relative to today, so the call is open whenever the test runs.
const inDays = (days: number, time: string) => {
  const d = new Date(Date.now() + days * 86400000);
  return `${d.toISOString().slice(0, 10)}T${time}`;
};

describe('editions in a real browser', () => {
  it('the organiser creates an edition from scratch, sets the weights, publishes it and copies it', async () => {
    const { page } = await w.newPage();
    await login(page);
    await page.getByRole('link', { name: 'Edities', exact: true }).first().click();
    await checkPage(page, 'nl-admin-editions-empty');
    await page.getByRole('link', { name: 'Nieuwe editie' }).click();
    await checkPage(page, 'nl-admin-edition-new');

    await page.getByLabel('Naam', { exact: true }).fill('Innovatieprijs Test');
    await page
      .getByLabel('Introductie (Nederlands)')
      .fill(
        'Laat zien hoe uw organisatie slimmer en beter werkt.\n\nDe winnaar presenteert op de werkconferentie.',
      );
    await page
      .getByLabel('Reglement (Nederlands)')
      .fill('1. Inzenden kan tot de deadline.\n\n2. Meer informatie: https://voorbeeld.nl/reglement');
    await page.getByLabel('Inzending opent op').fill(inDays(-1, '09:00'));
    await page.getByLabel('Deadline inzending').fill(inDays(30, '23:59'));
    await page.getByLabel('Deadline jurering').fill(inDays(45, '17:00'));
    await page.getByLabel('Plaats werkconferentie').fill('Jaarbeurs Utrecht');
    await page.getByRole('button', { name: 'Editie aanmaken' }).click();
    await page.getByText('De editie is aangemaakt').waitFor();
    await checkPage(page, 'nl-admin-edition-show');

    await page.getByRole('link', { name: 'Criteria en weging bewerken' }).click();
    await checkPage(page, 'nl-admin-criteria');
    await page.locator('#weight_0').fill('30');
    await page.getByRole('button', { name: 'Criteria opslaan' }).click();
    await page.getByText('De weging is samen 105%').first().waitFor();
    await checkPage(page, 'nl-admin-criteria-error');
    await page.locator('#weight_1').fill('20');
    await page.getByRole('button', { name: 'Criteria opslaan' }).click();
    await page.getByText('De criteria zijn opgeslagen.').waitFor();

    await page.getByLabel('Naar fase').selectOption('open');
    await page.getByRole('button', { name: 'Fase wijzigen' }).click();
    await page.getByText('De fase is gewijzigd.').waitFor();
    expect(await page.locator('.ip-phase').first().textContent()).toBe('Open voor inzendingen');

    await page.getByRole('button', { name: 'Kopieer naar volgend jaar' }).click();
    await page.waitForURL(/\/admin\/editions\/\d+\/edit/);
    await checkPage(page, 'nl-admin-edition-edit-copy');
    await page.goto('/admin/editions');
    await checkPage(page, 'nl-admin-editions');
    await page.goto('/admin/audit');
    await checkPage(page, 'nl-admin-audit');
  });

  it('the public call reads well in Dutch and English', async () => {
    const { page } = await w.newPage();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Innovatieprijs Test' }).waitFor();
    expect(await page.getByText('Inzenden kan tot').first().isVisible()).toBe(true);
    await checkPage(page, 'nl-public-call');
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByText('Entries can be made until').first().waitFor();
    await checkPage(page, 'en-public-call');
    await page.goto('/archief');
    await checkPage(page, 'en-archive');
  });
});
