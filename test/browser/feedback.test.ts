import type { Page } from 'playwright-core';
import { startBrowserWorld, checkPage, type BrowserWorld } from '../helpers/browser';
import { loggedIn } from '../helpers/agent';
import { createUser, type TestUser } from '../helpers/factories';
import { createRankedEntry, createResultsEdition, createSeatedJuror, writeSheet } from '../helpers/results';
import type { Edition } from '../../src/editions/edition.types';
import type { Entry } from '../../src/entries/entry.types';

/**
 * Feedback letters in a real browser (issue #13): the organiser prepares, edits and releases a letter with its
 * confirmation; the entrant finds it on the entry page and reads it. Every page checked with axe (WCAG 2.1 AA).
 */
jest.setTimeout(300_000);
let w: BrowserWorld;
let edition: Edition;
let admin: TestUser;
let entrant: TestUser;
let entry: Entry;

beforeAll(async () => {
  w = await startBrowserWorld();
  admin = await createUser(w.t.db, { role: 'admin', name: 'Olga Organisator' });
  const made = await createResultsEdition(w.t, { name: 'Innovatieprijs Feedback' });
  edition = made.edition;
  const x = await createRankedEntry(w.t, {
    edition,
    categoryId: made.categoryId,
    title: 'Slim inkopen',
    organisationName: 'Appeldorp',
  });
  const y = await createRankedEntry(w.t, {
    edition,
    categoryId: made.categoryId,
    title: 'Digitale balie',
    organisationName: 'Berkel',
  });
  entry = x.entry;
  entrant = x.submitter;
  const juror = await createSeatedJuror(w.t, { edition, name: 'Anna Aalders', invitedBy: admin });
  await writeSheet(w.t, {
    edition,
    criteria: made.criteria,
    juror,
    entry: x.entry,
    values: 8,
    motivation: 'Anna Aalders vindt dit een voorbeeld voor andere gemeenten.',
  });
  await writeSheet(w.t, { edition, criteria: made.criteria, juror, entry: y.entry, values: 6 });
  // Deliberation and the announcement through the organiser's forms (the browser part starts after it).
  const organiser = await loggedIn(w.t.app, admin);
  const results = `/admin/editions/${edition.id}/results`;
  await organiser.submit(`${results}/entries/${x.entry.id}`, `${results}/entries/${x.entry.id}/nomination`, {
    kind: 'nominee',
  });
  await organiser.submit(results, `${results}/decision`, {
    winnerEntryId: String(x.entry.id),
    motivation: 'Een voorbeeld voor iedereen.',
  });
  const announced = await organiser.submit(
    `/admin/editions/${edition.id}/announce`,
    `/admin/editions/${edition.id}/announce`,
    {},
  );
  expect(announced.status).toBe(303);
});
afterAll(() => w?.close());

async function login(page: Page, user: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('E-mailadres').fill(user.email);
  await page.getByLabel('Wachtwoord').fill(user.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

describe('feedback letters in a real browser', () => {
  it('the organiser releases a letter and the entrant reads it', async () => {
    const { page } = await w.newPage();
    await login(page, admin);
    await page.goto(`/admin/editions/${edition.id}/results`);
    await page.getByRole('link', { name: 'Feedbackbrieven aan inzenders' }).click();
    await page.getByRole('heading', { name: 'Feedbackbrieven', level: 1 }).waitFor();
    await checkPage(page, 'nl-feedback-empty');
    await page.getByRole('button', { name: 'Brieven voorbereiden' }).click();
    await page.getByText('De conceptbrieven zijn voorbereid').waitFor();
    await checkPage(page, 'nl-feedback-list');

    const label = `${edition.year}-001 Slim inkopen`;
    await page.getByRole('link', { name: `Brief aan ${label} bewerken` }).click();
    await page.getByRole('heading', { name: `Feedbackbrief: ${label}` }).waitFor();
    await checkPage(page, 'nl-feedback-letter');
    const text = page.getByLabel('Tekst van de brief');
    expect(await text.inputValue()).not.toContain('Aalders');
    await text.fill(`${await text.inputValue()}\n\nPS: graag tot op de kennisdag.`);
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('De brief is opgeslagen.').waitFor();

    await page.getByRole('link', { name: 'Deze brief vrijgeven' }).click();
    await page.getByRole('heading', { name: 'Brieven vrijgeven' }).waitFor();
    await checkPage(page, 'nl-feedback-release');
    await page.getByRole('button', { name: 'Geef 1 brief vrij' }).click();
    await page.getByRole('link', { name: 'Bevestig het vrijgeven met het vinkje' }).waitFor();
    await checkPage(page, 'nl-feedback-release-error');
    await page.getByLabel('Ik wil deze brief nu vrijgeven').check();
    await page.getByRole('button', { name: 'Geef 1 brief vrij' }).click();
    await page.getByText('De brieven zijn vrijgegeven').waitFor();
    await checkPage(page, 'nl-feedback-released');
    expect(await page.getByText('Vrijgegeven', { exact: true }).count()).toBe(1);

    const reader = (await w.newPage()).page;
    await login(reader, entrant);
    await reader.goto(`/entries/${entry.id}`);
    await reader.getByRole('link', { name: 'Lees de feedback van de jury' }).click();
    await reader.getByRole('heading', { name: 'Feedback van de jury', level: 1 }).waitFor();
    await reader.getByText('PS: graag tot op de kennisdag.').waitFor();
    expect(await reader.content()).not.toContain('Aalders');
    await checkPage(reader, 'nl-feedback-entrant');
    const [download] = await Promise.all([
      reader.waitForEvent('download'),
      reader.getByRole('link', { name: 'Download de brief als PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(
      `innovatieprijs-${edition.year}-feedback-${edition.year}-001.pdf`,
    );
  });
});
