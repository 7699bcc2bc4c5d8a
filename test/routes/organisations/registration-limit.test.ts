import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser } from '../../helpers/agent';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const PASSWORD = 'een lang wachtwoord voor de prijs';

describe('registration rate limit', () => {
  it('refuses the 11th registration attempt from one address within an hour with a translated 429', async () => {
    const baarn = await t.db('organisations').where({ name: 'Baarn', type: 'gemeente' }).first();
    for (let i = 1; i <= 10; i++) {
      const res = await new Browser(t.app).submit('/register', '/register', { name: `Poging ${i}` });
      expect(res.status).toBe(422);
    }
    const browser = new Browser(t.app);
    const eleventh = await browser.submit('/register', '/register', {
      name: 'Geldig Persoon',
      email: 'geldig@example.nl',
      password: PASSWORD,
      passwordConfirm: PASSWORD,
      organisationChoice: 'register',
      organisationId: String(baarn.id),
    });
    expect(eleventh.status).toBe(429);
    expect(eleventh.text).toMatch(
      /Te veel registraties vanaf dit adres\. Probeer het over (59|60) minuten opnieuw/,
    );
    expect(eleventh.text).toContain('value="Geldig Persoon"');
    expect(eleventh.text).not.toContain(PASSWORD);
    expect(await t.db('users').where({ email: 'geldig@example.nl' })).toHaveLength(0);
    expect(await t.db('memberships').where({ organisation_id: baarn.id })).toHaveLength(0);
    // The form itself stays available.
    await browser.get('/register').expect(200);
  });
});
