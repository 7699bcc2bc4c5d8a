/**
 * The receipt of an entry and the "judging opens" mail carry the moments that matter to their reader as one
 * calendar file (issue #13), read back from the SMTP sink: the deadline and the conference for entrants, the scoring
 * deadline and the conference for jurors, each in the reader's language.
 */
import { loggedIn, type Browser } from '../../helpers/agent';
import { createEntrant, createEntry, createOpenEdition } from '../../helpers/entries';
import { createUser, type TestUser } from '../../helpers/factories';
import { assign, createJuror, createJuryEntry } from '../../helpers/jury';
import type { SunkMail } from '../../helpers/smtp-sink';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

let t: TestApp;
let admin: TestUser;
let organiser: Browser;
beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-09-02T09:00:00Z') });
  admin = await createUser(t.db, { role: 'admin' });
  organiser = await loggedIn(t.app, admin);
});
afterAll(() => t.close());
beforeEach(() => {
  t.sink.mails.length = 0;
});

/** The calendar attachment of a mail, unfolded (RFC 5545 continuation lines joined). */
function calendarOf(mail: SunkMail) {
  expect(mail.attachments).toHaveLength(1);
  const [file] = mail.attachments;
  expect(file!.contentType).toBe('text/calendar');
  return { filename: file!.filename, text: file!.content.replace(/\r\n /g, ''), raw: file!.content };
}

describe('calendar files in mails', () => {
  it('the receipt carries the entry deadline and the conference, in each member’s language', async () => {
    const { edition, categories } = await createOpenEdition(t, {
      closesAt: new Date('2027-10-01T10:00:00Z'),
      conferenceAt: new Date('2027-11-25T08:30:00Z'),
      conferencePlace: 'Jaarbeurs, Utrecht',
    });
    const { organisation, submitter } = await createEntrant(t);
    const colleague = await createUser(t.db, { role: 'submitter', organisationId: organisation.id });
    await t.db('users').where({ id: colleague.id }).update({ language: 'en' });
    const entry = await createEntry(t, {
      edition,
      organisationId: organisation.id,
      userId: submitter.id,
      categoryId: categories[0]!.id,
    });
    const session = await loggedIn(t.app, submitter);
    const res = await session.submit(`/entries/${entry.id}/submit`, `/entries/${entry.id}/submit`, {});
    expect(res.status).toBe(303);

    const nl = calendarOf(await t.sink.waitForMail(submitter.email));
    expect(nl.filename).toBe(`innovatieprijs-${edition.year}-inzending.ics`);
    expect(nl.raw.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(nl.text.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(nl.text).toContain('DTSTART:20271001T100000Z');
    expect(nl.text).toContain(`SUMMARY:Deadline inzendingen ${edition.name}`);
    expect(nl.text).toContain('DTSTART:20271125T083000Z');
    expect(nl.text).toContain('LOCATION:Jaarbeurs\\, Utrecht');
    const en = calendarOf(await t.sink.waitForMail(colleague.email));
    expect(en.text).toContain(`SUMMARY:Entry deadline ${edition.name}`);
    expect(en.text).toContain(`SUMMARY:Conference and award ${edition.name}`);

    // Only the receipt: a withdrawal carries no calendar.
    t.sink.mails.length = 0;
    await session.submit(`/entries/${entry.id}`, `/entries/${entry.id}/withdraw`, {});
    expect((await t.sink.waitForMail(submitter.email)).attachments).toEqual([]);
  });

  it('"judging opens" carries the scoring deadline and the conference; without dates, no attachment', async () => {
    const { edition, categories } = await createOpenEdition(t, {
      phase: 'closed',
      opensAt: new Date('2027-08-01T08:00:00Z'),
      closesAt: new Date('2027-09-01T08:00:00Z'),
      scoringDeadline: new Date('2027-10-20T16:00:00Z'),
      conferenceAt: new Date('2027-11-25T08:30:00Z'),
    });
    const a = await createJuryEntry(t, { edition, categoryId: categories[0]!.id });
    const anna = await createJuror(t, { edition, invitedBy: admin });
    await t.db('users').where({ id: anna.id }).update({ language: 'en' });
    await assign(t, edition, [[anna, a.entry]]);
    const moved = await organiser.submit(
      `/admin/editions/${edition.id}`,
      `/admin/editions/${edition.id}/phase`,
      {
        to: 'judging',
        reason: '',
      },
    );
    expect(moved.status).toBe(303);
    const mail = await t.sink.waitForMail(anna.email);
    const file = calendarOf(mail);
    expect(file.filename).toBe(`innovatieprijs-${edition.year}-jurering.ics`);
    expect(file.text).toContain('DTSTART:20271020T160000Z');
    expect(file.text).toContain(`SUMMARY:Scoring deadline ${edition.name}`);
    expect(file.text).toContain('URL:http://127.0.0.1/jury');
    expect(file.text).toContain('DTSTART:20271125T083000Z');
    // The outbox keeps it with the mail, so a retry sends it too.
    const [row] = await t
      .db('mail_outbox')
      .where({ to_address: anna.email, template: 'notifications.mail.judgingOpens' });
    expect(row.attachments_json).toContain('BEGIN:VCALENDAR');

    // An edition without a scoring deadline or conference date: the mail goes without a calendar.
    t.sink.mails.length = 0;
    const bare = await createOpenEdition(t, {
      phase: 'closed',
      name: 'Zonder data',
      year: 2031,
      opensAt: new Date('2027-08-01T08:00:00Z'),
      closesAt: new Date('2027-09-01T08:00:00Z'),
      scoringDeadline: null,
      conferenceAt: null,
    });
    const b = await createJuryEntry(t, { edition: bare.edition, categoryId: bare.categories[0]!.id });
    const bert = await createJuror(t, { edition: bare.edition, invitedBy: admin });
    await assign(t, bare.edition, [[bert, b.entry]]);
    await organiser.submit(`/admin/editions/${bare.edition.id}`, `/admin/editions/${bare.edition.id}/phase`, {
      to: 'judging',
      reason: '',
    });
    expect((await t.sink.waitForMail(bert.email)).attachments).toEqual([]);
  });
});
