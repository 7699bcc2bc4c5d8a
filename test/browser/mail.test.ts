import type { Page } from 'playwright-core';
import { hashPassword } from '../../src/auth/password';
import { startBrowserWorld, checkPage, type BrowserWorld } from '../helpers/browser';
import { createUser } from '../helpers/factories';
import { assign, createJudgingEdition, createJuror, createJuryEntry } from '../helpers/jury';
import type { Edition } from '../../src/editions/edition.types';

/** The pages of issue 13 in a real browser: each one screenshotted and checked with axe (WCAG 2.1 AA). */
// Generous: the machine running these is shared and slow; a page that loads at all is what is checked.
jest.setTimeout(300_000);
let w: BrowserWorld;
let edition: Edition;
const ADMIN = { email: 'olga@example.nl', password: 'een lang wachtwoord voor olga' };
const JUROR = { email: 'jan.jurylid@example.nl', password: 'een lang wachtwoord voor jan' };

beforeAll(async () => {
  w = await startBrowserWorld();
  const admin = await createUser(w.t.db, { role: 'admin', name: 'Olga Organisator', ...ADMIN });
  const world = await createJudgingEdition(w.t, { name: 'Innovatieprijs 2027' });
  edition = world.edition;
  const { entry } = await createJuryEntry(w.t, {
    edition,
    categoryId: world.categoryId,
    title: 'Slim inkopen',
  });
  const juror = await createJuror(w.t, {
    edition,
    name: 'Jan de Jurylid',
    email: JUROR.email,
    invitedBy: admin,
  });
  await w.t.db('users').where({ id: juror.id }).update({ password_hash: null });
  await w.t.db('edition_jurors').where({ user_id: juror.id }).update({ declaration_accepted_at: null });
  await assign(w.t, edition, [[juror, entry]]);
});
afterAll(() => w?.close());

async function login(page: Page, user: { email: string; password: string }, url: string) {
  await page.goto('/login');
  await page.getByLabel('E-mailadres').fill(user.email);
  await page.getByLabel('Wachtwoord').fill(user.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(url);
}

describe('mail, declaration and invitation pages in a real browser', () => {
  it('the organiser writes the declaration, invites jurors in bulk and reads the outbox', async () => {
    const { page } = await w.newPage();
    await login(page, ADMIN, '**/admin');
    await page.goto(`/admin/editions/${edition.id}/declaration`);
    await checkPage(page, 'nl-declaration-admin');

    await page.goto(`/admin/editions/${edition.id}/jury/bulk`);
    await checkPage(page, 'nl-bulk-invite');
    await page.getByRole('button', { name: 'Controleren' }).click();
    await page.getByText('Plak ten minste één regel').first().waitFor();
    await checkPage(page, 'nl-bulk-invite-errors');
    await page
      .getByLabel('Lijst met juryleden')
      .fill('Anna de Vries; anna@example.nl; Adviseur; Gemeente Utrecht\nBert;bert@\nAnna;anna@example.nl');
    await page.getByRole('button', { name: 'Controleren' }).click();
    await page.getByText('1 nieuw, 0 al jurylid, 2 ongeldig.').waitFor();
    await checkPage(page, 'nl-bulk-invite-preview');
    await page.getByRole('button', { name: '1 uitnodiging versturen' }).click();
    await page.getByText('Uitgenodigd: 1').waitFor();
    await checkPage(page, 'nl-bulk-invite-sent');

    await page.goto('/admin/outbox');
    await page
      .getByRole('link', { name: /Uitnodiging/ })
      .first()
      .waitFor();
    await checkPage(page, 'nl-outbox');
    await page
      .getByRole('link', { name: /Uitnodiging/ })
      .first()
      .click();
    await page.getByText('/password/set/').waitFor();
    await checkPage(page, 'nl-outbox-mail');

    await page.goto(`/admin/editions/${edition.id}/mailings`);
    await checkPage(page, 'nl-mailings');
  });

  it('the juror chooses a language, changes the password and accepts the declaration', async () => {
    await w.t
      .db('users')
      .where({ email: JUROR.email })
      .update({
        password_hash: await hashPassword(JUROR.password),
      });
    const { page } = await w.newPage();
    await login(page, JUROR, '**/jury');
    await checkPage(page, 'nl-jury-dashboard-declaration');
    await page.goto('/account');
    await checkPage(page, 'nl-account');
    await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    await page.getByText('Vul uw huidige wachtwoord in').first().waitFor();
    await checkPage(page, 'nl-account-password-errors');
    await page.goto(`/jury/editions/${edition.id}/declaration`);
    await checkPage(page, 'nl-jury-declaration-page');
    await page.getByLabel('Ik heb de verklaring gelezen en aanvaard haar').check();
    await page.getByRole('button', { name: 'Verklaring aanvaarden' }).click();
    await page.waitForURL('**/jury');
    await page.goto('/account');
    await page.getByLabel("Taal van e-mails en pagina's").selectOption('en');
    await page.getByRole('button', { name: 'Taal opslaan' }).click();
    await page.getByText('Your language has been saved.').waitFor();
    await checkPage(page, 'en-account');
  });
});
