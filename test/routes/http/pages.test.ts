import request from 'supertest';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser } from '../../helpers/agent';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('pages, language and errors', () => {
  it('serves the Dutch home page with security headers and a strict CSP', async () => {
    const res = await request(t.app).get('/').expect(200);
    expect(res.text).toContain('<html lang="nl"');
    expect(res.text).toContain('Innovatieprijs');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('follows Accept-Language, and the language switch wins over it', async () => {
    const en = await request(t.app).get('/').set('Accept-Language', 'en-GB,en;q=0.9').expect(200);
    expect(en.text).toContain('<html lang="en"');
    expect(en.text).toContain('Innovation Prize');
    const browser = new Browser(t.app);
    const sw = await browser.agent.get('/lang/nl?next=%2Flogin').set('Accept-Language', 'en');
    expect(sw.status).toBe(303);
    expect(sw.headers.location).toBe('/login');
    const page = await browser.agent.get('/login').set('Accept-Language', 'en').expect(200);
    expect(page.text).toContain('<html lang="nl"');
    await browser.get('/lang/fr').expect(404);
    const offsite = await browser.get('/lang/en?next=https%3A%2F%2Fevil.example');
    expect(offsite.headers.location).toBe('/');
  });

  it('renders a translated 404 page with status 404', async () => {
    const nl = await request(t.app).get('/bestaat-niet').expect(404);
    expect(nl.text).toContain('Pagina niet gevonden');
    const en = await request(t.app).get('/bestaat-niet').set('Accept-Language', 'en').expect(404);
    expect(en.text).toContain('Page not found');
  });

  it('answers an oversized form with 413 and a translated page, without a stack trace', async () => {
    const browser = new Browser(t.app);
    const token = await browser.csrf('/password/forgot');
    const res = await browser.agent
      .post('/password/forgot')
      .type('form')
      .send({ _csrf: token, email: 'x'.repeat(400_000) });
    expect(res.status).toBe(413);
    expect(res.text).toContain('Te groot');
    expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('answers a malformed body with 400, not 500', async () => {
    const res = await request(t.app)
      .post('/login')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('%E0%A4%A=1');
    expect([400, 403]).toContain(res.status);
    expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('reports health with the database', async () => {
    const res = await request(t.app).get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('serves the NL Design System stylesheets from the app itself', async () => {
    await request(t.app).get('/assets/vendor/utrecht/index.css').expect(200).expect('Content-Type', /css/);
    await request(t.app).get('/assets/vendor/tokens/index.css').expect(200).expect('Content-Type', /css/);
    await request(t.app).get('/assets/css/app.css').expect(200);
  });
});
