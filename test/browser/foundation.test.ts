import { startBrowserWorld, checkPage, type BrowserWorld } from '../helpers/browser';
import { linkIn } from '../helpers/smtp-sink';
import { createUser } from '../helpers/factories';

let w: BrowserWorld;
beforeAll(async () => {
  w = await startBrowserWorld();
});
afterAll(() => w?.close());

const ADMIN = {
  name: 'Olga Organisator',
  email: 'olga@example.nl',
  password: 'een lang wachtwoord voor olga',
};

describe('foundation in a real browser', () => {
  it('first run: the home page points to setup, the admin is created, logs out and in again', async () => {
    const { page } = await w.newPage();
    await page.goto('/');
    await checkPage(page, 'nl-home-first-run');
    await page.getByRole('link', { name: 'Maak het eerste organisatoraccount aan' }).click();
    await page.waitForURL('**/setup');

    // Submitting the empty form shows the error summary with links to the fields.
    await page.getByRole('button', { name: 'Account aanmaken' }).click();
    await page.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    await checkPage(page, 'nl-setup-errors');

    await page.getByLabel('Naam').fill(ADMIN.name);
    await page.getByLabel('E-mailadres').fill(ADMIN.email);
    await page.getByLabel('Nieuw wachtwoord').fill(ADMIN.password);
    await page.getByLabel('Herhaal het wachtwoord').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Account aanmaken' }).click();
    await page.waitForURL('**/admin');
    expect(await page.getByText(`Ingelogd als ${ADMIN.name}`).isVisible()).toBe(true);
    await checkPage(page, 'nl-admin-home');

    await page.getByRole('link', { name: 'Gebruikers', exact: true }).first().click();
    await page.waitForURL('**/admin/users');
    await checkPage(page, 'nl-admin-users');
    await page.getByRole('link', { name: 'Organisator uitnodigen' }).click();
    await checkPage(page, 'nl-admin-invite');

    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.waitForURL('**/?uitgelogd=1');
    expect(await page.getByText('U bent uitgelogd.').isVisible()).toBe(true);
    await checkPage(page, 'nl-home-logged-out');

    await page.goto('/login');
    await page.getByLabel('E-mailadres').fill(ADMIN.email);
    await page.getByLabel('Wachtwoord').fill('fout wachtwoord');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByText('Het e-mailadres of het wachtwoord klopt niet').first().waitFor();
    await checkPage(page, 'nl-login-error');
    await page.getByLabel('Wachtwoord').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL('**/admin');
  });

  it('resets a forgotten password through the link in the mail', async () => {
    const juror = await createUser(w.t.db, { role: 'juror', name: 'Jet Jurylid', email: 'jet@example.nl' });
    const { page } = await w.newPage();
    await page.goto('/login');
    await checkPage(page, 'nl-login');
    await page.getByRole('link', { name: 'Wachtwoord vergeten?' }).click();
    await checkPage(page, 'nl-forgot');
    await page.getByLabel('E-mailadres').fill(juror.email);
    await page.getByRole('button', { name: 'Stuur mij een link' }).click();
    await page.getByRole('heading', { name: 'Controleer uw e-mail' }).waitFor();
    await checkPage(page, 'nl-forgot-sent');

    const mail = await w.t.sink.waitForMail(juror.email);
    await page.goto(linkIn(mail, '/password/set/'));
    await checkPage(page, 'nl-set-password');
    await page.getByLabel('Nieuw wachtwoord').fill('mijn nieuwe lange wachtwoord');
    await page.getByLabel('Herhaal het wachtwoord').fill('mijn nieuwe lange wachtwoord');
    await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
    // Logged in with the new password, the juror lands on the jury's start page.
    await page.waitForURL('**/jury');
    await page.goto('/account');
    await checkPage(page, 'nl-account');

    await page.goto(linkIn(mail, '/password/set/'));
    await page.getByRole('heading', { name: 'Deze link werkt niet meer' }).waitFor();
    await checkPage(page, 'nl-link-invalid');
  });

  it('switches language with the link in the header, and the choice sticks', async () => {
    const { page } = await w.newPage();
    await page.goto('/login');
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await checkPage(page, 'en-login');
    for (const [path, name] of [
      ['/', 'en-home'],
      ['/password/forgot', 'en-forgot'],
      ['/does-not-exist', 'en-404'],
    ] as const) {
      await page.goto(path);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await checkPage(page, name);
    }
    await page.getByRole('link', { name: 'Nederlands' }).click();
    await page.waitForURL('**/does-not-exist');
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await checkPage(page, 'nl-404');
  });

  it('English pages for a logged-in organiser pass axe too', async () => {
    const { page } = await w.newPage({ locale: 'en-GB' });
    await page.goto('/login');
    await page.getByLabel('Email address').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/admin');
    await checkPage(page, 'en-admin-home');
    for (const [path, name] of [
      ['/admin/users', 'en-admin-users'],
      ['/admin/users/invite', 'en-admin-invite'],
      ['/account', 'en-account'],
    ] as const) {
      await page.goto(path);
      await checkPage(page, name);
    }
    const juror = await w.t.db('users').where({ email: 'jet@example.nl' }).first();
    await page.goto(`/admin/users/${juror.id}/deactivate`);
    await checkPage(page, 'en-confirm-deactivate');
    await page.getByRole('button', { name: 'Yes, deactivate this account' }).click();
    await page.waitForURL('**/admin/users?notice=deactivated');
    await checkPage(page, 'en-admin-users-deactivated');
  });
});
