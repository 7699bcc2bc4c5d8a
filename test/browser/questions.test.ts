import type { Page } from 'playwright-core';
import { forcePhaseForTest } from '../helpers/editions';
import { checkPage, startBrowserWorld, type BrowserWorld } from '../helpers/browser';
import { createEntrant, createEntry, createOpenEdition } from '../helpers/entries';
import { createUser, type TestUser } from '../helpers/factories';
import { assign, createJuror } from '../helpers/jury';
import type { Edition } from '../../src/editions/edition.types';
import { findEntry } from '../../src/entries/entry.repo';

/** An organiser adds a number question; an entrant answers it; a juror reads the answer. Every page passes axe. */
let w: BrowserWorld;
let edition: Edition;
let admin: TestUser;
let submitter: TestUser;
let entryId: number;

beforeAll(async () => {
  w = await startBrowserWorld();
  ({ edition } = await createOpenEdition(w.t));
  admin = await createUser(w.t.db, { role: 'admin' });
  const entrant = await createEntrant(w.t, { organisationName: 'Heuvelrug' });
  submitter = entrant.submitter;
  const categoryId = (await w.t.db('categories').where({ edition_id: edition.id }).first()).id;
  entryId = (
    await createEntry(w.t, {
      edition,
      organisationId: entrant.organisation.id,
      userId: submitter.id,
      title: 'Samen slimmer inkopen',
      categoryId,
    })
  ).id;
});
afterAll(() => w?.close());

async function login(page: Page, user: TestUser) {
  await page.goto('/login');
  await page.getByLabel('E-mailadres').fill(user.email);
  await page.getByLabel('Wachtwoord').fill(user.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForLoadState('load');
}

// Three people, ten pages, axe on each: longer than one page's test on a shared machine.
jest.setTimeout(240_000);

it('an organiser adds a number question, an entrant answers it, a juror sees it', async () => {
  const organiser = (await w.newPage()).page;
  await login(organiser, admin);
  await organiser.goto(`/admin/editions/${edition.id}`);
  await organiser.getByRole('link', { name: 'Vragen van het inzendformulier bekijken en wijzigen' }).click();
  await organiser.getByRole('heading', { name: /Inzendformulier/ }).waitFor();
  await checkPage(organiser, 'nl-questions');
  await organiser.getByRole('link', { name: 'Vraag toevoegen' }).click();
  await checkPage(organiser, 'nl-question-new');
  // A mistake first: the error summary, then the fix.
  await organiser.getByLabel('Soort vraag').selectOption({ label: 'Getal' });
  await organiser.getByLabel('Kleinste toegestane getal').fill('veel');
  await organiser.getByRole('button', { name: 'Vraag opslaan' }).click();
  await organiser.getByText('Er ging iets mis').or(organiser.locator('.ip-error-summary')).first().waitFor();
  await checkPage(organiser, 'nl-question-errors');
  await organiser.getByLabel('Vraag (Nederlands)').fill('Bespaarde formatie');
  await organiser.getByLabel('Vraag (Engels)').fill('Staff saved');
  await organiser.getByLabel('Toelichting (Nederlands)').fill('In FTE per jaar, één cijfer achter de komma.');
  await organiser.getByLabel('Eenheid').fill('FTE');
  await organiser.getByLabel('Cijfers achter de komma').fill('1');
  await organiser.getByLabel('Kleinste toegestane getal').fill('0');
  await organiser.getByLabel('Verplicht om in te dienen').check();
  await organiser.getByRole('button', { name: 'Vraag opslaan' }).click();
  await organiser.getByText('De vraag is toegevoegd.').waitFor();
  await checkPage(organiser, 'nl-questions-added');

  const entrant = (await w.newPage()).page;
  await login(entrant, submitter);
  await entrant.goto(`/entries/${entryId}/edit`);
  await entrant.getByLabel('Bespaarde formatie').fill('2,55');
  await entrant.getByRole('button', { name: 'Opslaan als concept' }).click();
  await entrant.getByText('Gebruik hoogstens 1 cijfer achter de komma').first().waitFor();
  await checkPage(entrant, 'nl-entry-form-number-error');
  await entrant.getByLabel('Bespaarde formatie').fill('2,5');
  await entrant.getByRole('button', { name: 'Opslaan als concept' }).click();
  await entrant.getByText('Uw inzending is opgeslagen.').waitFor();
  await checkPage(entrant, 'nl-entry-form-number');
  await entrant.getByRole('button', { name: 'Opslaan en verder naar indienen' }).click();
  await entrant.waitForURL(/\/submit$/);
  await entrant.getByRole('button', { name: 'Inzending indienen' }).click();
  await entrant.waitForURL(/\/submitted$/);

  // The organiser admits it from the list (the bulk form); the form is now locked.
  await organiser.goto(`/admin/entries?edition=${edition.id}`);
  await checkPage(organiser, 'nl-admin-entries-bulk');
  await organiser.getByRole('checkbox', { name: /^Inzending \d{4}-001 selecteren$/ }).check();
  await organiser.getByLabel('Actie', { exact: true }).selectOption({ label: 'Toelaten' });
  await organiser.getByRole('button', { name: 'Uitvoeren' }).click();
  await organiser.getByText('De geselecteerde inzendingen zijn toegelaten.').waitFor();
  await organiser.goto(`/admin/editions/${edition.id}/questions`);
  await organiser.getByText('Er is al een inzending ingediend').waitFor();

  // Judging: the juror assigned to the entry reads the answer in the form's order.
  await forcePhaseForTest(w.t.db, edition.id, 'judging', w.t.clock.now());
  const juror = await createJuror(w.t, { edition });
  await assign(w.t, edition, [[juror, (await findEntry(w.t.db, entryId))!]]);
  const jurorPage = (await w.newPage()).page;
  await login(jurorPage, juror);
  await jurorPage.goto(`/jury/entries/${entryId}`);
  await jurorPage.getByText('2,5 FTE').waitFor();
  await checkPage(jurorPage, 'nl-jury-entry-number');
  expect(await jurorPage.locator('dt', { hasText: 'Bespaarde formatie' }).count()).toBe(1);
});

it('an organiser writes to the entrants of the ticked entries from the list', async () => {
  const organiser = (await w.newPage()).page;
  await login(organiser, admin);
  await organiser.goto(`/admin/entries?edition=${edition.id}`);
  await organiser.getByRole('checkbox', { name: /^Inzending \d{4}-001 selecteren$/ }).check();
  await organiser.getByLabel('Actie', { exact: true }).selectOption({ label: 'Bericht aan de inzenders' });
  await organiser.getByRole('button', { name: 'Uitvoeren' }).click();
  await organiser
    .getByRole('heading', { name: 'Bericht aan de inzenders van geselecteerde inzendingen' })
    .waitFor();
  await organiser.getByText(/\d{4}-001 Samen slimmer inkopen \(Heuvelrug\)/).waitFor();
  await checkPage(organiser, 'nl-message-selection');
  // A mistake first: the error summary links to the field.
  await organiser.getByRole('button', { name: 'Voorbeeld bekijken' }).click();
  await organiser.locator('.ip-error-summary').waitFor();
  await checkPage(organiser, 'nl-message-selection-errors');
  await organiser.getByLabel('Onderwerp').fill('Uw inzending {inzending}');
  await organiser.getByLabel('Bericht').fill('Beste {naam},\n\nWilt u nog een foto sturen?');
  await organiser.getByRole('button', { name: 'Voorbeeld bekijken' }).click();
  await organiser.getByText('Dit bericht gaat naar 1 persoon').waitFor();
  await checkPage(organiser, 'nl-message-selection-preview');
  await organiser.getByLabel('Ik wil dit bericht nu aan 1 persoon versturen').check();
  await organiser.getByRole('button', { name: 'Verstuur aan 1 persoon' }).click();
  await organiser.getByText('Het bericht aan de inzenders is verstuurd.').waitFor();
  const mail = await w.t.sink.waitForMail(submitter.email);
  expect(mail.subject).toMatch(/^Uw inzending \d{4}-001 Samen slimmer inkopen$/);
});
