import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser } from '../../helpers/agent';
import { createOrganisation, createUser } from '../../helpers/factories';
import { linkIn } from '../../helpers/smtp-sink';

// POST /register is limited to 10 an hour per IP address: this file makes 7 (the limit has its own file).
let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const PASSWORD = 'een lang wachtwoord voor de prijs';
const DAY_MS = 24 * 60 * 60 * 1000;
const pathOf = (link: string) => new URL(link).pathname;

function registration(email: string, fields: Record<string, string | string[]> = {}) {
  return {
    name: 'Ria Registreer',
    email,
    password: PASSWORD,
    passwordConfirm: PASSWORD,
    organisationChoice: 'new',
    organisationType: 'gemeente',
    organisationName: 'Zeist',
    ...fields,
  };
}

async function register(email: string, fields: Record<string, string | string[]> = {}) {
  const browser = new Browser(t.app);
  const res = await browser.submit('/register', '/register', registration(email, fields));
  return { browser, res };
}

describe('registration of a submitter', () => {
  it('registers a new gemeente and its first submitter, logs in, and verifies through the mailed link once', async () => {
    const form = await new Browser(t.app).get('/register').expect(200);
    expect(form.text).toContain('Registreren als inzender');

    const { browser, res } = await register('Ria@Zeist.example', { organisationName: '  Gemeente   Zeist ' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/register/check-email');

    const sent = await browser.get('/register/check-email').expect(200);
    expect(sent.text).toContain('Controleer uw e-mail');
    expect(sent.text).toContain('ria@zeist.example');

    const organisation = await t.db('organisations').where({ type: 'gemeente', name: 'Zeist' }).first();
    expect(organisation).toBeDefined();
    const user = await t.db('users').where({ email: 'ria@zeist.example' }).first();
    expect(user).toMatchObject({ role: 'submitter', name: 'Ria Registreer', language: 'nl' });
    expect(user.organisation_id).toBe(organisation.id);
    expect(user.email_verified_at).toBeNull();
    const audit = await t
      .db('audit_events')
      .whereIn('action', ['organisation.create', 'user.register'])
      .orderBy('id');
    expect(audit.map((a) => [a.action, a.subject_id, a.actor_user_id])).toEqual([
      ['organisation.create', organisation.id, user.id],
      ['user.register', user.id, user.id],
    ]);

    const account = await browser.get('/account').expect(200);
    expect(account.text).toContain('Gemeente Zeist');
    expect(account.text).toContain('Nog niet.');
    expect(account.text).toContain('Stuur de e-mail opnieuw');

    const mail = await t.sink.waitForMail('ria@zeist.example');
    expect(mail.subject).toBe('Bevestig uw e-mailadres voor de Innovatieprijs');
    expect(mail.text).toContain('Beste Ria Registreer');
    const link = pathOf(linkIn(mail, '/register/verify/'));

    // The link works without being logged in (another device), and only once.
    const verified = await new Browser(t.app).get(link).expect(200);
    expect(verified.text).toContain('Uw e-mailadres is bevestigd');
    const after = await t.db('users').where({ id: user.id }).first();
    expect(after.email_verified_at).not.toBeNull();
    expect(
      await t.db('audit_events').where({ action: 'user.verify_email', subject_id: user.id }),
    ).toHaveLength(1);
    const again = await browser.get(link).expect(410);
    expect(again.text).toContain('Deze link werkt niet meer');
    expect(again.text).toContain('Uw e-mailadres is al bevestigd');

    const verifiedAccount = await browser.get('/account').expect(200);
    expect(verifiedAccount.text).toContain('Ja, op');
    expect(verifiedAccount.text).not.toContain('Stuur de e-mail opnieuw');
    // A verified user asking for a link gets none.
    const before = t.sink.mails.length;
    const resend = await browser.submit('/account', '/account/verify/resend', {});
    expect(resend.headers.location).toBe('/account?notice=alreadyVerified');
    expect(t.sink.mails.length).toBe(before);
    await browser.get('/register/check-email').expect(303);
  });

  it('registers a new SSC with ticked owners and owners typed one per line, reusing existing ones', async () => {
    const utrecht = await createOrganisation(t.db, { name: 'Utrecht', type: 'gemeente' });
    const provincie = await createOrganisation(t.db, { name: 'Utrecht', type: 'provincie' });
    const form = await new Browser(t.app).get('/register').expect(200);
    expect(form.text).toContain(`id="ownerIds-${utrecht.id}"`);
    expect(form.text).toContain(`id="ownerIds-${provincie.id}"`);

    const { res } = await register('sam@ssc.example', {
      organisationType: 'ssc',
      organisationName: 'SSC  Kromme Rijn',
      ownerIds: [String(utrecht.id), String(provincie.id)],
      otherOwners: 'Gemeente Houten\r\nbunnik\r\n   \r\ngemeente zeist\r\nProvincie Gelderland',
    });
    expect(res.status).toBe(303);

    const ssc = await t.db('organisations').where({ type: 'ssc', name: 'SSC Kromme Rijn' }).first();
    const owners = await t
      .db('organisation_owners as oo')
      .join('organisations as o', 'o.id', 'oo.owner_id')
      .where('oo.ssc_id', ssc.id)
      .select('o.name', 'o.type');
    // Typed names are kept as typed, without "Gemeente"/"Provincie" (the type says that).
    expect(owners.map((o) => `${o.type}:${o.name}`).sort()).toEqual([
      'gemeente:Houten',
      'gemeente:Utrecht',
      'gemeente:Zeist',
      'gemeente:bunnik',
      'provincie:Gelderland',
      'provincie:Utrecht',
    ]);
    // "gemeente zeist" is the Zeist registered before, not a second one.
    expect(
      await t.db('organisations').where({ type: 'gemeente' }).whereRaw('lower(name) = ?', ['zeist']),
    ).toHaveLength(1);
    const user = await t.db('users').where({ email: 'sam@ssc.example' }).first();
    expect(user.organisation_id).toBe(ssc.id);
    const created = await t
      .db('audit_events')
      .where({ action: 'organisation.create', actor_user_id: user.id });
    expect(created).toHaveLength(4); // Houten, bunnik, Gelderland and the SSC itself
  });

  it('joins an organisation that is already on the list', async () => {
    const houten = await t.db('organisations').where({ type: 'gemeente', name: 'Houten' }).first();
    const count = async () => Number((await t.db('organisations').count({ n: '*' }).first())?.n);
    const before = await count();
    const { browser, res } = await register('henk@houten.example', {
      organisationChoice: 'existing',
      organisationId: String(houten.id),
      organisationType: '',
      organisationName: '',
    });
    expect(res.status).toBe(303);
    expect(await count()).toBe(before);
    expect((await t.db('users').where({ email: 'henk@houten.example' }).first()).organisation_id).toBe(
      houten.id,
    );
    expect((await browser.get('/account')).text).toContain('Gemeente Houten');
  });

  it('expires the link after 7 days; a new link from the account page works and replaces the old one', async () => {
    const { browser } = await register('vera@vianen.example', { organisationName: 'Vianen' });
    const first = pathOf(linkIn(await t.sink.waitForMail('vera@vianen.example'), '/register/verify/'));
    t.clock.advance(7 * DAY_MS + 1);
    const expired = await browser.get(first).expect(410);
    expect(expired.text).toContain('Stuur mij een nieuwe link');

    t.sink.mails.length = 0;
    const resend = await browser.submit('/account', '/account/verify/resend', {});
    expect(resend.status).toBe(303);
    expect(resend.headers.location).toBe('/account?notice=verificationSent');
    expect((await browser.get(resend.headers.location!)).text).toContain(
      'We hebben een nieuwe link gestuurd naar vera@vianen.example',
    );
    const second = pathOf(linkIn(await t.sink.waitForMail('vera@vianen.example'), '/register/verify/'));

    t.sink.mails.length = 0;
    await browser.submit('/account', '/account/verify/resend', {});
    const third = pathOf(linkIn(await t.sink.waitForMail('vera@vianen.example'), '/register/verify/'));
    await browser.get(second).expect(410); // replaced by the third
    await browser.get(third).expect(200);
    expect(
      (await t.db('users').where({ email: 'vera@vianen.example' }).first()).email_verified_at,
    ).not.toBeNull();
  });

  it('limits new verification links to 5 an hour per account', async () => {
    const { browser } = await register('rob@rhenen.example', { organisationName: 'Rhenen' });
    for (let i = 1; i <= 5; i++) {
      expect((await browser.submit('/account', '/account/verify/resend', {})).status).toBe(303);
    }
    const sixth = await browser.submit('/account', '/account/verify/resend', {});
    expect(sixth.status).toBe(429);
    expect(sixth.text).toMatch(
      /U heeft al veel nieuwe links gevraagd\. Probeer het over (59|60) minuten opnieuw/,
    );
  });

  it('mails in the language the person registered in', async () => {
    const browser = new Browser(t.app);
    await browser.get('/lang/en');
    const res = await browser.submit(
      '/register',
      '/register',
      registration('emma@example.org', { organisationName: 'Eemnes' }),
    );
    expect(res.status).toBe(303);
    const mail = await t.sink.waitForMail('emma@example.org');
    expect(mail.subject).toBe('Confirm your email address for the Innovation Prize');
    expect((await t.db('users').where({ email: 'emma@example.org' }).first()).language).toBe('en');
    const sent = await browser.get('/register/check-email').expect(200);
    expect(sent.text).toContain('Check your email');
  });

  it('rejects made-up tokens with 410 and lets only submitters ask for a link', async () => {
    const anonymous = await new Browser(t.app).get('/register/verify/' + 'A'.repeat(43)).expect(410);
    expect(anonymous.text).toContain('Log in. Op de pagina Mijn account');
    await new Browser(t.app).get('/register/verify/abc').expect(410);
    const juror = await createUser(t.db, { role: 'juror' });
    const browser = new Browser(t.app);
    await browser.login(juror);
    expect((await browser.submit('/account', '/account/verify/resend', {})).status).toBe(403);
    expect((await browser.get('/account')).text).not.toContain('E-mailadres bevestigd');
  });

  it('sends logged-in users away from the form', async () => {
    const submitter = await createUser(t.db, { role: 'submitter' });
    const browser = new Browser(t.app);
    await browser.login(submitter);
    const res = await browser.get('/register');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/account');
  });

  it('counts a password reset as proof of the mailbox', async () => {
    await register('piet@putten.example', { organisationName: 'Putten' });
    await t.sink.waitForMail('piet@putten.example'); // the verification mail, left unused
    t.sink.mails.length = 0;
    await new Browser(t.app).submit('/password/forgot', '/password/forgot', { email: 'piet@putten.example' });
    const mail = await t.sink.waitForMail('piet@putten.example');
    const link = pathOf(linkIn(mail, '/password/set/'));
    const other = new Browser(t.app);
    const res = await other.submit(link, link, {
      password: 'nog een lang wachtwoord',
      passwordConfirm: 'nog een lang wachtwoord',
    });
    expect(res.status).toBe(303);
    expect(
      (await t.db('users').where({ email: 'piet@putten.example' }).first()).email_verified_at,
    ).not.toBeNull();
  });
});
