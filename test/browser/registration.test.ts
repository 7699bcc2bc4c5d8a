import { startBrowserWorld, checkPage, type BrowserWorld } from '../helpers/browser';
import { linkIn } from '../helpers/smtp-sink';
import { createUser } from '../helpers/factories';

let w: BrowserWorld;
beforeAll(async () => {
  w = await startBrowserWorld();
});
afterAll(() => w?.close());

const PASSWORD = 'een lang wachtwoord voor de prijs';

describe('registration in a real browser', () => {
  it('registers a new gemeente, verifies the e-mail through the mailed link and sees it on the account page', async () => {
    const { page } = await w.newPage();
    await page.goto('/');
    await page.getByRole('link', { name: 'Nog geen account? Registreer uw organisatie' }).click();
    await page.waitForURL('**/register');
    await checkPage(page, 'nl-register-first');

    await page.getByRole('button', { name: 'Account aanmaken' }).click();
    await page.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    await checkPage(page, 'nl-register-errors');

    await page.getByLabel('Uw naam').fill('Ria Registreer');
    await page.getByLabel('E-mailadres').fill('ria@zeist.example');
    await page.getByLabel('Wachtwoord', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Herhaal het wachtwoord').fill(PASSWORD);
    await page.getByLabel('Gemeente', { exact: true }).check();
    // Owners are asked only for an SSC.
    expect(await page.getByRole('group', { name: 'Eigenaren van het SSC' }).isVisible()).toBe(false);
    await page.getByLabel('Naam van de organisatie').fill('Zeist');
    await page.getByRole('button', { name: 'Account aanmaken' }).click();
    await page.waitForURL('**/register/check-email');
    expect(await page.getByText('Ingelogd als Ria Registreer').isVisible()).toBe(true);
    await checkPage(page, 'nl-register-check-email');

    await page.getByRole('link', { name: 'Naar mijn account' }).click();
    await page.waitForURL('**/account');
    expect(await page.getByText('Nog niet.').isVisible()).toBe(true);
    await checkPage(page, 'nl-account-unverified');

    const link = linkIn(await w.t.sink.waitForMail('ria@zeist.example'), '/register/verify/');
    await page.goto(link);
    await page.getByRole('heading', { name: 'Uw e-mailadres is bevestigd' }).waitFor();
    await checkPage(page, 'nl-register-verified');
    await page.getByRole('link', { name: 'Naar mijn account' }).click();
    await page.waitForURL('**/account');
    expect(await page.getByText('Gemeente Zeist').isVisible()).toBe(true);
    expect(await page.locator('dd', { hasText: 'Ja, op' }).isVisible()).toBe(true);
    await checkPage(page, 'nl-account-verified');

    await page.goto(link);
    await page.getByRole('heading', { name: 'Deze link werkt niet meer' }).waitFor();
    await checkPage(page, 'nl-register-link-used');
  });

  it('registers a new SSC, picking owners from the list and typing one that is missing', async () => {
    const { page } = await w.newPage();
    await page.goto('/register');
    await page.getByLabel('Nee, ik meld een nieuwe organisatie aan').check();
    await page.getByLabel('Shared service center (SSC)').check();
    await page.getByRole('group', { name: 'Eigenaren van het SSC' }).waitFor();
    await page.getByLabel('Uw naam').fill('Sam SSC');
    await page.getByLabel('E-mailadres').fill('sam@ssc.example');
    await page.getByLabel('Wachtwoord', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Herhaal het wachtwoord').fill(PASSWORD);
    await page.getByLabel('Naam van de organisatie').fill('SSC Heuvelrug');
    await page.getByLabel('Zeist', { exact: true }).check();
    await page
      .getByLabel('Eigenaren die niet in de lijst staan')
      .fill('Gemeente Utrechtse Heuvelrug\nProvincie Utrecht');
    await checkPage(page, 'nl-register-ssc');
    await page.getByRole('button', { name: 'Account aanmaken' }).click();
    await page.waitForURL('**/register/check-email');
    const ssc = await w.t.db('organisations').where({ name: 'SSC Heuvelrug', type: 'ssc' }).first();
    expect(await w.t.db('organisation_owners').where({ ssc_id: ssc.id })).toHaveLength(3);
  });

  it('in English: joins an organisation from the list', async () => {
    const { page } = await w.newPage({ locale: 'en-GB' });
    await page.goto('/login');
    await page.getByRole('link', { name: 'No account yet? Register your organisation' }).click();
    await page.waitForURL('**/register');
    await checkPage(page, 'en-register');
    await page.getByLabel('Yes, I choose my organisation from the list').check();
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await checkPage(page, 'en-register-errors');

    await page.getByLabel('Your name').fill('Emma English');
    await page.getByLabel('Email address').fill('emma@example.org');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByLabel('Your organisation', { exact: true }).selectOption({ label: 'Zeist' });
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/register/check-email');
    await checkPage(page, 'en-register-check-email');

    const mail = await w.t.sink.waitForMail('emma@example.org');
    expect(mail.subject).toBe('Confirm your email address for the Innovation Prize');
    await page.goto(linkIn(mail, '/register/verify/'));
    await checkPage(page, 'en-register-verified');
    await page.goto('/account');
    expect(await page.getByText('Municipality of Zeist').isVisible()).toBe(true);
    await checkPage(page, 'en-account-verified');
  });

  it('organisers see and edit the organisations', async () => {
    const admin = await createUser(w.t.db, { role: 'admin', name: 'Olga Organisator' });
    const { page } = await w.newPage();
    await page.goto('/login');
    await page.getByLabel('E-mailadres').fill(admin.email);
    await page.getByLabel('Wachtwoord').fill(admin.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL('**/admin');
    await page.getByRole('link', { name: 'Organisaties', exact: true }).first().click();
    await page.waitForURL('**/admin/organisations');
    await checkPage(page, 'nl-admin-organisations');
    await page.getByLabel('Soort organisatie').selectOption('ssc');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.waitForURL('**/admin/organisations?type=ssc*');
    await checkPage(page, 'nl-admin-organisations-ssc');
    await page.getByRole('link', { name: 'Wijzigen SSC Heuvelrug' }).click();
    await page.getByRole('heading', { name: 'Organisatie wijzigen' }).waitFor();
    await checkPage(page, 'nl-admin-organisation-edit');
    await page.getByLabel('Naam van de organisatie').fill('SSC Utrechtse Heuvelrug');
    await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await page.waitForURL('**/admin/organisations?notice=updated');
    expect(await page.getByRole('rowheader', { name: 'SSC Utrechtse Heuvelrug' }).isVisible()).toBe(true);
    await checkPage(page, 'nl-admin-organisations-updated');
  });
});
