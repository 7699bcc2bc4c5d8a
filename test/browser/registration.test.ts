import type { Page } from 'playwright-core';
import { startBrowserWorld, checkPage, type BrowserWorld } from '../helpers/browser';
import { linkIn } from '../helpers/smtp-sink';
import { createUser, type TestUser } from '../helpers/factories';
import { createEntry, createOpenEdition } from '../helpers/entries';

let w: BrowserWorld;
let admin: TestUser;
beforeAll(async () => {
  w = await startBrowserWorld();
  await createOpenEdition(w.t);
  admin = await createUser(w.t.db, { role: 'admin', name: 'Olga Organisator', email: 'olga@prijs.example' });
});
afterAll(() => w?.close());

const PASSWORD = 'een lang wachtwoord voor de prijs';

async function login(page: Page, user: { email: string; password: string }) {
  await page.getByLabel('E-mailadres').fill(user.email);
  await page.getByLabel('Wachtwoord').fill(user.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

/** Registers through the form, choosing a gemeente from the register by its name. */
async function register(page: Page, person: { name: string; email: string; gemeente: string }) {
  await page.goto('/register');
  await page.getByLabel('Uw naam').fill(person.name);
  await page.getByLabel('E-mailadres').fill(person.email);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Herhaal het wachtwoord').fill(PASSWORD);
  await page.getByLabel(/^Bij een organisatie uit het register/).check();
  await page.getByLabel('Uw organisatie', { exact: true }).selectOption({ label: person.gemeente });
  await page.getByRole('button', { name: 'Account aanmaken' }).click();
  await page.waitForURL('**/register/check-email');
}

describe('registration and membership in a real browser', () => {
  it('registers a first clerk of a gemeente, whom the organiser admits; the clerk then starts an entry', async () => {
    const { page } = await w.newPage();
    await page.goto('/');
    await page.getByRole('link', { name: 'Nog geen account? Registreer uw organisatie' }).click();
    await page.waitForURL('**/register');
    await checkPage(page, 'nl-register');

    await page.getByRole('button', { name: 'Account aanmaken' }).click();
    await page.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    await checkPage(page, 'nl-register-errors');

    await register(page, { name: 'Ria Registreer', email: 'ria@zeist.example', gemeente: 'Zeist' });
    expect(await page.getByText('Ingelogd als Ria Registreer').isVisible()).toBe(true);
    await checkPage(page, 'nl-register-check-email');
    await page.goto(linkIn(await w.t.sink.waitForMail('ria@zeist.example'), '/register/verify/'));
    await page.getByRole('heading', { name: 'Uw e-mailadres is bevestigd' }).waitFor();
    expect(
      await page.getByText('Uw aanvraag om lid te worden van Gemeente Zeist is doorgestuurd').isVisible(),
    ).toBe(true);
    await checkPage(page, 'nl-register-verified-requested');
    await page.getByRole('link', { name: 'Naar mijn account' }).click();
    expect(await page.getByText('aanvraag wacht op goedkeuring').isVisible()).toBe(true);
    await checkPage(page, 'nl-account-requested');

    // The organiser decides on a first member, from the mail's link.
    const mail = await w.t.sink.waitForMail(admin.email);
    const { page: organiser } = await w.newPage();
    await organiser.goto(linkIn(mail, '/organisations/'));
    await login(organiser, admin);
    await organiser.getByRole('heading', { name: 'Aanvraag van Ria Registreer' }).waitFor();
    await checkPage(organiser, 'nl-membership-request');
    await organiser.getByLabel('Goedkeuren: deze persoon werkt bij de organisatie').check();
    await organiser.getByRole('button', { name: 'Besluit versturen' }).click();
    await organiser.getByText('De aanvraag is goedgekeurd.').waitFor();
    await checkPage(organiser, 'nl-organisation-page-admin');

    await page.goto('/entries');
    await page.getByRole('button', { name: 'Nieuwe inzending beginnen' }).waitFor();
    await checkPage(page, 'nl-entries-member');
  });

  it('a second clerk asks to join; the first approves from the mail’s link and the second then sees the entry', async () => {
    const zeist = await w.t.db('organisations').where({ name: 'Zeist', type: 'gemeente' }).first();
    const first = await w.t.db('users').where({ email: 'ria@zeist.example' }).first();
    const edition = await w.t.db('editions').where({ is_current: true }).first();
    await createEntry(w.t, {
      edition,
      organisationId: zeist.id,
      userId: first.id,
      title: 'Digitaal loket Zeist',
      status: 'submitted',
    });

    const { page: second } = await w.newPage();
    await register(second, { name: 'Sam Tweede', email: 'sam@zeist.example', gemeente: 'Zeist' });
    await second.goto(linkIn(await w.t.sink.waitForMail('sam@zeist.example'), '/register/verify/'));
    await second.goto('/entries');
    expect(await second.getByText('wacht op goedkeuring').first().isVisible()).toBe(true);
    expect(await second.getByText('Digitaal loket Zeist').count()).toBe(0);
    await checkPage(second, 'nl-entries-requested');

    // The first clerk gets the request by mail, follows its link, logs in and approves.
    const request = (await w.t.sink
      .waitForMail('ria@zeist.example', 5000)
      .then(() => w.t.sink.mailsTo('ria@zeist.example').find((m) => m.subject.startsWith('Aanvraag'))))!;
    expect(request.text).toContain('sam@zeist.example');
    const { page: firstClerk } = await w.newPage();
    await firstClerk.goto(linkIn(request, '/organisations/'));
    await login(firstClerk, { email: 'ria@zeist.example', password: PASSWORD });
    await firstClerk.getByRole('heading', { name: 'Aanvraag van Sam Tweede' }).waitFor();
    await firstClerk.getByLabel('Goedkeuren: deze persoon werkt bij de organisatie').check();
    await firstClerk.getByRole('button', { name: 'Besluit versturen' }).click();
    await firstClerk.getByText('De aanvraag is goedgekeurd.').waitFor();
    expect(await firstClerk.getByRole('heading', { name: 'Leden' }).isVisible()).toBe(true);
    await checkPage(firstClerk, 'nl-organisation-page-member');

    await second.goto('/entries');
    await second.getByRole('link', { name: /Digitaal loket Zeist/ }).click();
    await second.getByRole('heading', { name: 'Digitaal loket Zeist' }).waitFor();
    await checkPage(second, 'nl-entry-after-approval');
  });

  it('proposes a joint body that is not in the register, picking its owners from the register', async () => {
    const { page } = await w.newPage();
    await page.goto('/register');
    await page.getByLabel('Bij een samenwerkingsverband dat niet in het register staat').check();
    await page.getByLabel('Samenwerkingsverband (SSC, gemeenschappelijke regeling)').check();
    await page.getByLabel('Uw naam').fill('Sam SSC');
    await page.getByLabel('E-mailadres').fill('sam@ssc.example');
    await page.getByLabel('Wachtwoord', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Herhaal het wachtwoord').fill(PASSWORD);
    await page.getByLabel('Naam van de organisatie').fill('SSC Heuvelrug');
    await page.getByLabel('Zeist', { exact: true }).check();
    await page.getByLabel('Utrechtse Heuvelrug', { exact: true }).check();
    await checkPage(page, 'nl-register-propose');
    await page.getByRole('button', { name: 'Account aanmaken' }).click();
    await page.waitForURL('**/register/check-email');
    const ssc = await w.t.db('organisations').where({ name: 'SSC Heuvelrug', type: 'ssc' }).first();
    expect(ssc.status).toBe('proposed');
    expect(await w.t.db('organisation_owners').where({ ssc_id: ssc.id })).toHaveLength(2);
  });

  it('in English: chooses an organisation from the register', async () => {
    const { page } = await w.newPage({ locale: 'en-GB' });
    await page.goto('/login');
    await page.getByRole('link', { name: 'No account yet? Register your organisation' }).click();
    await page.waitForURL('**/register');
    await checkPage(page, 'en-register');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await checkPage(page, 'en-register-errors');
    await page.getByLabel('Your name').fill('Emma English');
    await page.getByLabel('Email address').fill('emma@example.org');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByLabel(/^At an organisation in the register/).check();
    await page.getByLabel('Your organisation', { exact: true }).selectOption({ label: 'Bunnik' });
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/register/check-email');
    const mail = await w.t.sink.waitForMail('emma@example.org');
    expect(mail.subject).toBe('Confirm your email address for the Innovation Prize');
    await page.goto(linkIn(mail, '/register/verify/'));
    await checkPage(page, 'en-register-verified');
    await page.goto('/account');
    expect(await page.getByText('Municipality of Bunnik').isVisible()).toBe(true);
    await checkPage(page, 'en-account-requested');
  });

  it('organisers see the register, decide on a proposal and set a domain', async () => {
    const { page } = await w.newPage();
    await page.goto('/login');
    await login(page, admin);
    await page.waitForURL('**/admin');
    await page.getByRole('link', { name: 'Organisaties', exact: true }).first().click();
    await page.waitForURL('**/admin/organisations');
    await checkPage(page, 'nl-admin-organisations');
    await page.getByLabel('Status').selectOption('proposed');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.getByRole('link', { name: 'Beslissen SSC Heuvelrug' }).click();
    await page.getByRole('heading', { name: 'Besluit over SSC Heuvelrug' }).waitFor();
    await checkPage(page, 'nl-admin-organisation-resolve');
    await page.getByLabel('Opnemen in het register, met Sam SSC als eerste lid').check();
    await page.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await page.getByText('De organisatie staat nu in het register.').waitFor();

    await page.goto('/admin/organisations?q=zeist&type=gemeente');
    await page.getByRole('link', { name: 'Wijzigen Zeist' }).click();
    await checkPage(page, 'nl-admin-organisation-edit');
    await page.getByLabel('E-maildomeinen').fill('zeist.nl');
    await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await page.waitForURL('**/admin/organisations?notice=updated');
    await page.goto('/admin/organisations/requests');
    await checkPage(page, 'nl-admin-requests');
  });
});
