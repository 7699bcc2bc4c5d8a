import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, loggedIn } from '../../helpers/agent';
import { createOrganisation, createUser } from '../../helpers/factories';

// POST /register is limited to 10 an hour per IP address: this file makes 9 (the limit has its own file).
let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const PASSWORD = 'een lang wachtwoord voor de prijs';
const count = async (table: string) => Number((await t.db(table).count({ n: '*' }).first())?.n);

function post(fields: Record<string, string | string[]>) {
  return new Browser(t.app).submit('/register', '/register', fields);
}

/** The hrefs of the error summary, in order. */
const summaryLinks = (html: string) =>
  [
    ...(html.match(/<div class="ip-error-summary"[\s\S]*?<\/div>/)?.[0] ?? '').matchAll(/href="#([\w-]+)"/g),
  ].map((m) => m[1]);

const gemeente = async (name: string) =>
  Number((await t.db('organisations').where({ name, type: 'gemeente' }).first('id')).id);

describe('registration form errors', () => {
  it('shows every problem at once, in the order of the form, with 422', async () => {
    const res = await post({
      name: '',
      email: 'geen-adres',
      password: 'kort',
      passwordConfirm: 'anders',
      organisationChoice: 'propose',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Er is een probleem');
    expect(summaryLinks(res.text)).toEqual([
      'name',
      'email',
      'password',
      'passwordConfirm',
      'proposedType',
      'proposedName',
    ]);
    expect(res.text).toContain('Vul uw naam in');
    expect(res.text).toContain('Vul een geldig e-mailadres in');
    expect(res.text).toContain('Het wachtwoord moet minimaal 12 tekens hebben');
    expect(res.text).toContain('De wachtwoorden zijn niet hetzelfde');
    expect(res.text).toContain('Kies de soort organisatie');
    expect(res.text).toContain('Vul de naam van de organisatie in');
    expect(res.text).toContain('<title>Fout: ');
    expect(await count('users')).toBe(0);
  });

  it('asks where the person works, and for an organisation from the register', async () => {
    const zeist = await gemeente('Zeist');
    const noChoice = await post({
      name: 'A',
      email: 'a@example.nl',
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
    expect(noChoice.status).toBe(422);
    expect(summaryLinks(noChoice.text)).toEqual(['organisationChoice']);
    expect(noChoice.text).toContain('Kies of uw organisatie in het register staat');
    expect(noChoice.text).toContain(`<option value="${zeist}">Zeist</option>`);

    const noOrganisation = await post({
      name: 'A',
      email: 'a@example.nl',
      password: PASSWORD,
      passwordConfirm: PASSWORD,
      organisationChoice: 'register',
      organisationId: '999999',
    });
    expect(noOrganisation.status).toBe(422);
    expect(noOrganisation.text).toContain('Kies uw organisatie uit het register');
    expect(await count('users')).toBe(0);
  });

  it('refuses an address that has an account with 422, keeping the input but never the password', async () => {
    const existing = await createUser(t.db, { role: 'juror', email: 'jan@example.nl' });
    const nieuwegein = await gemeente('Nieuwegein');
    const res = await post({
      name: 'Jan Tweede',
      email: 'JAN@example.nl',
      password: PASSWORD,
      passwordConfirm: PASSWORD,
      organisationChoice: 'register',
      organisationId: String(nieuwegein),
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain(
      'Er bestaat al een account met dit e-mailadres. Log in, of vraag een nieuw wachtwoord aan',
    );
    expect(res.text).toContain('value="Jan Tweede"');
    expect(res.text).toContain('value="JAN@example.nl"');
    expect(res.text).toContain(`<option value="${nieuwegein}" selected>Nieuwegein</option>`);
    expect(res.text).not.toContain(PASSWORD);
    // Nothing was created: not a request, not a second account.
    expect(await t.db('memberships').where({ organisation_id: nieuwegein })).toHaveLength(0);
    expect(await t.db('users').where({ email: existing.email })).toHaveLength(1);
  });

  it('points to the register when a proposed joint body has the name of one already in it', async () => {
    const owner = await gemeente('Zeist');
    await createOrganisation(t.db, { name: 'SSC Heuvelrug', type: 'ssc', ownerIds: [owner] });
    const res = await post({
      name: 'Z',
      email: 'z@example.nl',
      password: PASSWORD,
      passwordConfirm: PASSWORD,
      organisationChoice: 'propose',
      proposedType: 'ssc',
      proposedName: 'ssc  HEUVELRUG',
      ownerIds: [String(owner)],
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('SSC Heuvelrug staat al in het register');
    expect(await count('users')).toBe(1);
    expect(
      await t.db('organisations').where({ type: 'ssc' }).whereRaw('lower(name) = ?', ['ssc heuvelrug']),
    ).toHaveLength(1);
  });

  it('needs at least one owner from the register for a proposed joint body, and writes nothing when refused', async () => {
    const base = {
      name: 'S',
      email: 's@example.nl',
      password: PASSWORD,
      passwordConfirm: PASSWORD,
      organisationChoice: 'propose',
      proposedType: 'ssc',
      proposedName: 'SSC Lekstroom',
    };
    const none = await post(base);
    expect(none.status).toBe(422);
    expect(summaryLinks(none.text)).toEqual(['ownerIds']);
    expect(none.text).toContain('Kies minstens één eigenaar uit het register');

    const before = await count('organisations');
    const bad = await post({ ...base, ownerIds: ['999999'] });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Kies de eigenaren uit het register');
    expect(bad.text).toContain('value="SSC Lekstroom"');
    expect(await count('organisations')).toBe(before);
    expect(await t.db('users').where({ email: 's@example.nl' })).toHaveLength(0);
  });

  it('renders names with markup as text everywhere (form, pages, admin list)', async () => {
    const evilName = '<script>alert("naam")</script>';
    const evilOrganisation = '"><img src=x onerror=alert(1)>';
    const invalid = await post({
      name: evilName,
      email: '"><b>x',
      proposedName: evilOrganisation,
      organisationChoice: 'propose',
    });
    expect(invalid.status).toBe(422);
    expect(invalid.text).not.toContain(evilName);
    expect(invalid.text).not.toContain('<img src=x');
    expect(invalid.text).toContain('&lt;script&gt;');

    const browser = new Browser(t.app);
    const res = await browser.submit('/register', '/register', {
      name: evilName,
      email: 'x@example.nl',
      password: PASSWORD,
      passwordConfirm: PASSWORD,
      organisationChoice: 'propose',
      proposedType: 'overig',
      proposedName: evilOrganisation,
    });
    expect(res.status).toBe(303);
    for (const page of ['/register/check-email', '/account']) {
      const html = (await browser.get(page).expect(200)).text;
      expect(html).not.toContain(evilName);
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('&lt;script&gt;alert(&#34;naam&#34;)&lt;/script&gt;');
    }
    const admin = await loggedIn(t.app, await createUser(t.db, { role: 'admin' }));
    const list = (await admin.get('/admin/organisations?status=proposed').expect(200)).text;
    expect(list).not.toContain('<img src=x');
    expect(list).toContain('&#34;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });
});
