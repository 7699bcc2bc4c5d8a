import type { Page } from 'playwright-core';
import { startBrowserWorld, checkPage, type BrowserWorld } from '../helpers/browser';
import { createOrganisation, createUser } from '../helpers/factories';
import { linkIn } from '../helpers/smtp-sink';
import { createJudgingEdition, createJuryEntry, setPhase } from '../helpers/jury';
import type { Edition } from '../../src/editions/edition.types';

let w: BrowserWorld;
let edition: Edition;
const ADMIN = { email: 'olga@example.nl', password: 'een lang wachtwoord voor olga' };
const JUROR = {
  name: 'Jan de Jurylid',
  email: 'jan.jurylid@example.nl',
  password: 'een lang wachtwoord voor jan',
};

beforeAll(async () => {
  w = await startBrowserWorld();
  await createUser(w.t.db, { role: 'admin', name: 'Olga Organisator', ...ADMIN });
  const world = await createJudgingEdition(w.t, { name: 'Innovatieprijs 2027' });
  edition = world.edition;
  const zeist = await createOrganisation(w.t.db, { name: 'Zeist', type: 'gemeente' });
  const bunnik = await createOrganisation(w.t.db, { name: 'Bunnik', type: 'gemeente' });
  await createOrganisation(w.t.db, { name: 'Utrecht', type: 'gemeente' });
  await createOrganisation(w.t.db, { name: 'SSC Kromme Rijn', type: 'ssc', ownerIds: [zeist.id, bunnik.id] });
  await createJuryEntry(w.t, {
    edition,
    categoryId: world.categoryId,
    organisation: zeist,
    title: 'Samen slimmer inkopen in de regio',
  });
  await createJuryEntry(w.t, {
    edition,
    categoryId: world.categoryId,
    organisation: bunnik,
    title: 'Bunnik belt terug',
  });
});
afterAll(() => w?.close());

async function login(page: Page, user: { email: string; password: string }, url: string) {
  await page.goto('/login');
  await page.getByLabel('E-mailadres').fill(user.email);
  await page.getByLabel('Wachtwoord').fill(user.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(url);
}

/** Presses Tab until the focused element matches `test` (a JavaScript expression on `el`): keyboard only. */
async function tabTo(page: Page, test: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`(() => { const el = document.activeElement; return Boolean(${test}); })()`))
      return;
  }
  throw new Error(`Tab never reached an element where ${test}`);
}

const focusedValue = (page: Page) => page.evaluate('document.activeElement.value') as Promise<string>;

/** Moves focus into a criterion's radio group and picks `value` with the arrow keys, as a keyboard user does. */
async function chooseScore(page: Page, criterionIndex: number, value: number): Promise<void> {
  await tabTo(
    page,
    `el.type === 'radio' && el.closest('section') === document.querySelectorAll('section.ip-jury-criterion')[${criterionIndex}]`,
  );
  let current = Number(await focusedValue(page));
  if (!(await page.evaluate('document.activeElement.checked'))) {
    // Tabbing into a group where nothing is chosen focuses the first radio without choosing it.
    await page.keyboard.press('Space');
  }
  while (current !== value) {
    await page.keyboard.press(current < value ? 'ArrowRight' : 'ArrowLeft');
    current = Number(await focusedValue(page));
  }
}

describe('the jury in a real browser', () => {
  it('the organiser adds a juror with ties, sees the conflict it causes, and assigns the entries', async () => {
    const { page } = await w.newPage();
    await login(page, ADMIN, '**/admin');
    await page.goto(`/admin/editions/${edition.id}`);
    await page.getByRole('link', { name: 'Juryleden' }).click();
    await page.waitForURL(`**/admin/editions/${edition.id}/jury`);
    await checkPage(page, 'nl-jury-admin-jurors-empty');

    await page.getByRole('link', { name: 'Jurylid toevoegen' }).click();
    await checkPage(page, 'nl-jury-admin-juror-new');
    await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
    await page.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    await checkPage(page, 'nl-jury-admin-juror-errors');

    await page.getByLabel('Naam', { exact: true }).fill(JUROR.name);
    await page.getByLabel('E-mailadres').fill(JUROR.email);
    await page.getByLabel('Functie').fill('Directeur bedrijfsvoering');
    await page.getByLabel('Werkgever', { exact: true }).selectOption({ label: 'Gemeente Utrecht' });
    await page
      .getByRole('group', { name: 'Bestuurs- of toezichtsfunctie bij' })
      .getByLabel('Gemeente Bunnik')
      .check();
    await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
    await page.getByText('Het jurylid is toegevoegd en heeft een uitnodiging per e-mail gekregen.').waitFor();
    expect(await page.getByRole('cell', { name: 'Uitgenodigd' }).count()).toBe(1);
    await checkPage(page, 'nl-jury-admin-jurors');

    await page.getByRole('link', { name: 'Belangenconflicten' }).click();
    await page.getByText('Band: Gemeente Bunnik is de inzender.').waitFor();
    await checkPage(page, 'nl-jury-admin-conflicts');
    await page
      .getByRole('link', { name: /Bekijken|Opheffen/ })
      .first()
      .click();
    await page.getByRole('heading', { name: /Belangenconflict: Jan de Jurylid/ }).waitFor();
    await checkPage(page, 'nl-jury-admin-conflict');

    await page.getByRole('link', { name: 'Verdeling' }).click();
    await checkPage(page, 'nl-jury-admin-assignment-empty');
    await page.getByRole('button', { name: 'Verdeling maken' }).click();
    await page.getByText('De verdeling is gemaakt. Toegevoegd: 1, verwijderd: 0').waitFor();
    await checkPage(page, 'nl-jury-admin-assignment');
  });

  it('the juror accepts the invitation from the mail and scores an entry with the keyboard only', async () => {
    const link = linkIn(await w.t.sink.waitForMail(JUROR.email), '/password/set/');
    const { page } = await w.newPage();
    await page.goto(link);
    await checkPage(page, 'nl-jury-accept-invitation');
    await page.getByLabel('Nieuw wachtwoord').fill(JUROR.password);
    await page.getByLabel('Herhaal het wachtwoord').fill(JUROR.password);
    await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
    await page.waitForURL('**/jury');
    await page.getByRole('heading', { name: 'Jurering', level: 1 }).waitFor();
    await checkPage(page, 'nl-jury-dashboard-start');
    // The entry of Bunnik, where the juror sits on the board, is not theirs to score: it is not on the list.
    expect(await page.getByText('Bunnik belt terug').count()).toBe(0);

    // From here on: keyboard only.
    await tabTo(page, `el.tagName === 'A' && el.textContent.includes('Samen slimmer inkopen')`);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/jury\/entries\/\d+$/);
    await checkPage(page, 'nl-jury-entry');
    await tabTo(page, `el.tagName === 'A' && el.textContent.trim() === 'Beoordelen'`);
    await page.keyboard.press('Enter');
    // The first sheet opens only after the jury declaration is accepted.
    await page.waitForURL(/\/declaration\?next=/);
    await checkPage(page, 'nl-jury-declaration');
    await tabTo(page, `el.tagName === 'INPUT' && el.name === 'accept'`);
    await page.keyboard.press('Space');
    await tabTo(page, `el.tagName === 'BUTTON' && el.textContent.trim() === 'Verklaring aanvaarden'`);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/score$/);
    await checkPage(page, 'nl-jury-score-empty');

    await chooseScore(page, 0, 8);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Nieuw voor gemeenten van deze omvang.');
    await chooseScore(page, 1, 6);
    await tabTo(page, `el.tagName === 'BUTTON' && el.value === 'draft'`);
    await page.keyboard.press('Enter');
    await page.waitForURL(/notice=draftSaved/);
    await page.getByText('Uw concept is opgeslagen.').waitFor();
    await checkPage(page, 'nl-jury-score-draft-saved');

    // Later: back to the dashboard, where the entry is a draft, and on with the keyboard.
    await page.goto('/jury');
    expect(await page.getByRole('cell', { name: 'Concept' }).count()).toBe(1);
    await tabTo(page, `el.tagName === 'A' && el.textContent.includes('Samen slimmer inkopen')`);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/jury\/entries\/\d+$/);
    await tabTo(page, `el.tagName === 'A' && el.textContent.trim() === 'Verder met beoordelen'`);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/score$/);
    expect(await page.getByLabel('8', { exact: false }).first().isChecked()).toBe(true);
    expect(await page.getByLabel('Toelichting bij Innovatiekracht (niet verplicht)').inputValue()).toBe(
      'Nieuw voor gemeenten van deze omvang.',
    );

    await chooseScore(page, 2, 7);
    await chooseScore(page, 3, 5);
    // Submitting as final without a motivation: the error summary takes the focus.
    await tabTo(page, `el.tagName === 'BUTTON' && el.value === 'final'`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    expect(await page.evaluate('document.activeElement.classList.contains("ip-error-summary")')).toBe(true);
    await checkPage(page, 'nl-jury-score-errors');

    await chooseScore(page, 4, 9);
    await tabTo(page, `el.id === 'motivation'`);
    await page.keyboard.type('Een overtuigende aanpak die andere regio’s zo kunnen overnemen.');
    await tabTo(page, `el.tagName === 'BUTTON' && el.value === 'final'`);
    await page.keyboard.press('Space');
    await page.waitForURL(/\/jury\?notice=final/);
    await page.getByText('Uw beoordeling is definitief ingediend.').waitFor();
    expect(await page.getByRole('cell', { name: 'Definitief' }).count()).toBe(1);
    await checkPage(page, 'nl-jury-dashboard-done');

    const sheet = await w.t.db('score_sheets').where({ status: 'final' }).first();
    const values = (await w.t.db('scores').where({ sheet_id: sheet.id }).orderBy('criterion_id')).map(
      (s) => s.value,
    );
    expect(values).toEqual([8, 6, 7, 5, 9]);

    await page.goto(`/jury/entries/${sheet.entry_id}/score`);
    await page.getByRole('button', { name: 'Beoordeling heropenen' }).waitFor();
    await checkPage(page, 'nl-jury-score-final');
    await page.goto(`/jury/entries/${sheet.entry_id}/abstain`);
    await checkPage(page, 'nl-jury-abstain');
    await page.getByRole('button', { name: 'Niet beoordelen' }).click();
    await page.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    await checkPage(page, 'nl-jury-abstain-errors');
    await page.goto(`/jury/entries/${sheet.entry_id}/conflict`);
    await checkPage(page, 'nl-jury-declare');
  });

  it('the organiser follows the progress; in English too', async () => {
    const { page } = await w.newPage();
    await login(page, ADMIN, '**/admin');
    await page.goto(`/admin/editions/${edition.id}/progress`);
    await page.getByText('Klaar: 1 van 1 beoordelingen (100%)').waitFor();
    await checkPage(page, 'nl-jury-admin-progress');
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Judging progress' }).waitFor();
    await checkPage(page, 'en-jury-admin-progress');
  });

  it("the juror in English, and in deliberation with the jury's scores", async () => {
    const { page } = await w.newPage({ locale: 'en-GB' });
    await page.goto('/login');
    await page.getByLabel('Email address').fill(JUROR.email);
    await page.getByLabel('Password').fill(JUROR.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/jury');
    await page.getByRole('heading', { name: 'Judging', level: 1 }).waitFor();
    await checkPage(page, 'en-jury-dashboard');
    await page.getByRole('link', { name: 'Samen slimmer inkopen in de regio' }).click();
    await checkPage(page, 'en-jury-entry');
    await page.getByRole('link', { name: 'View your assessment' }).click();
    await checkPage(page, 'en-jury-score-final');

    await setPhase(w.t, edition, 'deliberation');
    await page.getByRole('link', { name: /Back to entry/ }).click();
    await page.getByRole('heading', { name: "The jury's assessments" }).waitFor();
    await checkPage(page, 'en-jury-entry-deliberation');
  });
});
