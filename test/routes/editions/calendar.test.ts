import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser } from '../../helpers/agent';
import { createOpenEdition } from '../../helpers/entries';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-03-01T10:00:00Z') });
});
afterAll(() => t.close());

describe('calendar files of an edition', () => {
  it('offers the deadline and the conference on the call page, in the reader language', async () => {
    const { edition } = await createOpenEdition(t, {
      closesAt: new Date('2027-04-01T10:00:00Z'),
      conferenceAt: new Date('2027-06-10T07:30:00Z'),
      conferencePlace: 'Jaarbeurs, Utrecht',
    });
    const browser = new Browser(t.app);
    const page = await browser.get(`/edities/${edition.year}`).expect(200);
    expect(page.text).toContain(`href="/edities/${edition.year}/deadline.ics"`);
    expect(page.text).toContain(`href="/edities/${edition.year}/conferentie.ics"`);

    const deadline = await browser.get(`/edities/${edition.year}/deadline.ics`).expect(200);
    expect(deadline.headers['content-type']).toMatch(/^text\/calendar/);
    expect(deadline.headers['content-disposition']).toContain(`innovatieprijs-${edition.year}-deadline.ics`);
    expect(deadline.text).toContain('DTSTART:20270401T100000Z\r\n');
    expect(deadline.text).toContain(`SUMMARY:Deadline inzendingen ${edition.name}`);
    const conference = await browser
      .get(`/edities/${edition.year}/conferentie.ics`)
      .set('Cookie', 'lang=en')
      .expect(200);
    expect(conference.text).toContain('DTSTART:20270610T073000Z');
    expect(conference.text).toContain('LOCATION:Jaarbeurs\\, Utrecht');
    expect(conference.text).toContain(`SUMMARY:Conference and award ${edition.name}`);
    await browser.get(`/edities/${edition.year}/anders.ics`).expect(404);
    await browser.get('/edities/1999/deadline.ics').expect(404);
  });
});
