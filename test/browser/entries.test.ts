import type { Page } from 'playwright-core';
import { checkPage, startBrowserWorld, type BrowserWorld } from '../helpers/browser';
import { createEntrant, createOpenEdition } from '../helpers/entries';
import { pdfBytes } from '../helpers/files';
import type { TestUser } from '../helpers/factories';

let w: BrowserWorld;
let submitter: TestUser;

beforeAll(async () => {
  w = await startBrowserWorld();
  await createOpenEdition(w.t);
  ({ submitter } = await createEntrant(w.t, { organisationName: 'Heuvelrug' }));
});
afterAll(() => w?.close());

async function login(page: Page) {
  await page.goto('/login');
  await page.getByLabel('E-mailadres').fill(submitter.email);
  await page.getByLabel('Wachtwoord').fill(submitter.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL('**/entries');
}

describe('an entrant in a real browser', () => {
  it('writes an entry with a PDF, submits it, gets the receipt, edits it and withdraws it', async () => {
    const { page } = await w.newPage();
    await login(page);
    await checkPage(page, 'nl-entries-empty');
    await page.getByRole('button', { name: 'Nieuwe inzending beginnen' }).click();
    await page.waitForURL(/\/entries\/\d+\/edit/);
    await checkPage(page, 'nl-entry-form-empty');

    await page.getByLabel('Titel van het project').fill('Samen slimmer inkopen');
    await page.getByLabel('Categorie').selectOption({ label: 'Inkoop' });
    await page
      .getByLabel('Korte samenvatting')
      .fill('Drie gemeenten kopen samen in en besparen tijd en geld.');
    await page.getByText('U heeft nog 90 woorden').waitFor();
    await page.getByLabel('Het probleem').fill('Elke gemeente deed alles zelf.');
    await page.getByLabel('De vernieuwing').fill('Een gedeeld inkoopteam met één werkwijze.');
    await page.getByLabel('Resultaat: efficiëntie').fill('30% minder doorlooptijd.');
    await page.getByLabel('Resultaat: effectiviteit').fill('Betere contracten.');
    await page.getByLabel('Overdraagbaarheid naar andere organisaties').fill('Ons draaiboek is openbaar.');
    await page.getByLabel('Telefoonnummer contactpersoon').fill('030 123 4567');
    // Partners come from the register: saving first keeps everything typed so far.
    await page.getByRole('button', { name: 'Opslaan en partners kiezen' }).click();
    await page.getByRole('heading', { name: 'Partnerorganisaties' }).waitFor();
    // The confirmation is an alert with the focus, so a screen reader says it (GOV.UK success banner).
    await page.getByRole('alert').filter({ hasText: 'Uw inzending is opgeslagen.' }).waitFor();
    await page.waitForFunction(
      "(document.activeElement?.textContent ?? '').includes('Uw inzending is opgeslagen.')",
    );
    await page.getByLabel('Zoek in het register').fill('bunnik');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.getByRole('button', { name: 'Toevoegen Gemeente Bunnik' }).click();
    await page.getByText('De partner is toegevoegd.').waitFor();
    await checkPage(page, 'nl-entry-partners');
    await page.getByRole('link', { name: 'Klaar: terug naar het formulier' }).click();
    expect(await page.getByLabel('Titel van het project').inputValue()).toBe('Samen slimmer inkopen');
    expect(await page.getByText('Gemeente Bunnik').first().isVisible()).toBe(true);

    // Attachments too: saving first, then the attachments page, then back to the form.
    await page.getByRole('button', { name: 'Opslaan en bijlagen toevoegen of verwijderen' }).click();
    await page.getByLabel('Bestanden toevoegen').setInputFiles({
      name: 'projectplan.pdf',
      mimeType: 'application/pdf',
      buffer: await pdfBytes({ pages: 2 }),
    });
    await page.getByRole('button', { name: 'Uploaden' }).click();
    await page.getByText('De bijlage is toegevoegd.').waitFor();
    await page.getByRole('link', { name: 'Terug naar het formulier' }).click();
    await page.getByText('projectplan.pdf').first().waitFor();
    await checkPage(page, 'nl-entry-form-filled');

    await page.getByRole('button', { name: 'Opslaan en verder naar indienen' }).click();
    await page.waitForURL(/\/submit$/);
    await checkPage(page, 'nl-entry-submit-check');
    await page.getByRole('button', { name: 'Inzending indienen' }).click();
    await page.waitForURL(/\/submitted$/);
    await page.getByRole('heading', { name: 'Inzending ontvangen' }).waitFor();
    await checkPage(page, 'nl-entry-submitted');
    const number = (await page.locator('.ip-panel__number').textContent())!.trim();
    const mail = await w.t.sink.waitForMail(submitter.email);
    expect(mail.subject).toContain(number);

    await page.getByRole('link', { name: 'Naar uw inzending' }).click();
    await checkPage(page, 'nl-entry-show-submitted');
    await page.getByRole('link', { name: 'Inzending bewerken' }).click();
    await page.getByLabel('Titel van het project').fill('Samen slimmer inkopen in de regio');
    await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await page.waitForURL(/\/submit$/);
    expect(
      await w.t.db('entries').where({ title: 'Samen slimmer inkopen in de regio' }).first(),
    ).toBeTruthy();

    await page.goto((await page.url()).replace(/\/submit$/, ''));
    await page.getByRole('link', { name: 'Inzending intrekken' }).click();
    await checkPage(page, 'nl-entry-withdraw');
    await page.getByRole('button', { name: 'Ja, trek de inzending in' }).click();
    await page.getByText('Uw inzending is ingetrokken.').waitFor();
    await checkPage(page, 'nl-entry-withdrawn');
    const row = await w.t.db('entries').where({ title: 'Samen slimmer inkopen in de regio' }).first();
    expect(row.status).toBe('withdrawn');
  });
});
