import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser } from '../../helpers/agent';
import { createUser } from '../../helpers/factories';
import { linkIn } from '../../helpers/smtp-sink';

// POST /register is limited to 10 an hour per IP address: this file makes 9 (the limit has its own file).
let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const PASSWORD = 'een lang wachtwoord voor de prijs';
const DAY_MS = 24 * 60 * 60 * 1000;
const pathOf = (link: string) => new URL(link).pathname;

/** The id of a body of the official register (every migrated database holds it). */
async function registerId(name: string, type = 'gemeente'): Promise<number> {
  const row = await t.db('organisations').where({ name, type, status: 'active' }).first('id');
  if (!row) throw new Error(`${type} ${name} is not in the register`);
  return Number(row.id);
}

function registration(email: string, fields: Record<string, string | string[]> = {}) {
  return {
    name: 'Ria Registreer',
    email,
    password: PASSWORD,
    passwordConfirm: PASSWORD,
    organisationChoice: 'register',
    ...fields,
  };
}

async function register(email: string, organisation: string, fields: Record<string, string | string[]> = {}) {
  const browser = new Browser(t.app);
  const organisationId = String(await registerId(organisation));
  const res = await browser.submit(
    '/register',
    '/register',
    registration(email, { organisationId, ...fields }),
  );
  return { browser, res };
}

describe('registration of a submitter', () => {
  it('offers the register, never which organisations take part, and creates no organisation from a name', async () => {
    const form = await new Browser(t.app).get('/register').expect(200);
    expect(form.text).toContain('Registreren als inzender');
    // The whole register: all 342 gemeenten, the provinces and the waterschappen.
    expect(form.text).toContain(`<option value="${await registerId('Zeist')}">Zeist</option>`);
    expect(form.text).toContain(
      `<option value="${await registerId('Utrecht', 'provincie')}">Utrecht</option>`,
    );
    expect(form.text).toContain('Wetterskip Fryslân');
    expect(form.text).not.toContain('name="organisationName"');
    expect(form.text).not.toContain('name="otherOwners"');
  });

  it('registers a clerk of a gemeente as a request, logs in, and verifies through the mailed link once', async () => {
    const zeist = await registerId('Zeist');
    const organisations = Number((await t.db('organisations').count({ n: '*' }).first())?.n);
    const { browser, res } = await register('Ria@Zeist.example', 'Zeist');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/register/check-email');
    expect(Number((await t.db('organisations').count({ n: '*' }).first())?.n)).toBe(organisations);

    const sent = await browser.get('/register/check-email').expect(200);
    expect(sent.text).toContain('Controleer uw e-mail');
    expect(sent.text).toContain('ria@zeist.example');

    const user = await t.db('users').where({ email: 'ria@zeist.example' }).first();
    expect(user).toMatchObject({ role: 'submitter', name: 'Ria Registreer', language: 'nl' });
    expect(user.email_verified_at).toBeNull();
    const membership = await t.db('memberships').where({ user_id: user.id }).first();
    expect(membership).toMatchObject({ organisation_id: zeist, status: 'requested' });
    const audit = await t
      .db('audit_events')
      .whereIn('action', ['user.register', 'membership.request'])
      .where({ actor_user_id: user.id })
      .orderBy('id');
    expect(audit.map((a) => [a.action, a.subject_id])).toEqual([
      ['user.register', user.id],
      ['membership.request', zeist],
    ]);

    const account = await browser.get('/account').expect(200);
    expect(account.text).toContain('Gemeente Zeist');
    expect(account.text).toContain('aanvraag wacht op goedkeuring');
    expect(account.text).toContain('Nog niet.');
    expect(account.text).toContain('Stuur de e-mail opnieuw');

    const mail = await t.sink.waitForMail('ria@zeist.example');
    expect(mail.subject).toBe('Bevestig uw e-mailadres voor de Innovatieprijs');
    expect(mail.text).toContain('Beste Ria Registreer');
    const link = pathOf(linkIn(mail, '/register/verify/'));

    // The link works without being logged in (another device), and only once.
    const verified = await new Browser(t.app).get(link).expect(200);
    expect(verified.text).toContain('Uw e-mailadres is bevestigd');
    expect(verified.text).toContain('Uw aanvraag om lid te worden van Gemeente Zeist is doorgestuurd');
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

  it('proposes a joint body with owners from the register; the organisers decide, nothing is in the register yet', async () => {
    const utrecht = await registerId('Utrecht');
    const provincie = await registerId('Utrecht', 'provincie');
    const form = await new Browser(t.app).get('/register').expect(200);
    expect(form.text).toContain(`id="ownerIds-${utrecht}"`);
    expect(form.text).toContain(`id="ownerIds-${provincie}"`);

    const browser = new Browser(t.app);
    const res = await browser.submit(
      '/register',
      '/register',
      registration('sam@ssc.example', {
        organisationChoice: 'propose',
        proposedType: 'ssc',
        proposedName: 'SSC  Kromme Rijn',
        ownerIds: [String(utrecht), String(provincie)],
      }),
    );
    expect(res.status).toBe(303);

    const ssc = await t.db('organisations').where({ type: 'ssc', name: 'SSC Kromme Rijn' }).first();
    expect(ssc).toMatchObject({ status: 'proposed', source: 'entrant' });
    const owners = await t.db('organisation_owners').where('ssc_id', ssc.id).orderBy('owner_id');
    expect(owners.map((o) => o.owner_id)).toEqual([utrecht, provincie].sort((a, b) => a - b));
    const user = await t.db('users').where({ email: 'sam@ssc.example' }).first();
    expect(ssc.proposed_by_user_id).toBe(user.id);
    expect(await t.db('memberships').where({ user_id: user.id }).first()).toMatchObject({
      organisation_id: ssc.id,
      status: 'requested',
    });
    // Not selectable by anyone else until an organiser approves it.
    expect((await new Browser(t.app).get('/register')).text).not.toContain(`value="${ssc.id}"`);
  });

  it('refuses owners that are not bodies of the register, and a joint body without owners', async () => {
    const ssc = await t.db('organisations').where({ type: 'ssc', name: 'SSC Kromme Rijn' }).first();
    const base = { organisationChoice: 'propose', proposedType: 'ssc', proposedName: 'SSC Lek' };
    const browser = new Browser(t.app);
    const withSsc = await browser.submit(
      '/register',
      '/register',
      registration('x@lek.example', { ...base, ownerIds: [String(ssc.id)] }),
    );
    expect(withSsc.status).toBe(422);
    expect(withSsc.text).toContain('Kies de eigenaren uit het register');
    const none = await browser.submit('/register', '/register', registration('x@lek.example', base));
    expect(none.status).toBe(422);
    expect(none.text).toContain('Kies minstens één eigenaar uit het register');
    expect(await t.db('users').where({ email: 'x@lek.example' }).first()).toBeUndefined();
    expect(await t.db('organisations').where({ name: 'SSC Lek' }).first()).toBeUndefined();
  });

  it('expires the link after 7 days; a new link from the account page works and replaces the old one', async () => {
    const { browser } = await register('vera@vianen.example', 'Vijfheerenlanden');
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
    const { browser } = await register('rob@rhenen.example', 'Rhenen');
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
      registration('emma@example.org', { organisationId: String(await registerId('Eemnes')) }),
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
    await register('piet@putten.example', 'Putten');
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
