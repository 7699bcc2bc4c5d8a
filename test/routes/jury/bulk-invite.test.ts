import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { loggedIn, type Browser } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';
import { createJudgingEdition, createJuror } from '../../helpers/jury';
import type { Edition } from '../../../src/editions/edition.types';

let t: TestApp;
let edition: Edition;
let admin: TestUser;
let organiser: Browser;
beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-02T09:00:00Z') });
  ({ edition } = await createJudgingEdition(t));
  admin = await createUser(t.db, { role: 'admin' });
  organiser = await loggedIn(t.app, admin);
});
afterAll(() => t.close());

describe('bulk invitations', () => {
  it('shows per line what will happen, then sends exactly the valid new ones (50 lines, duplicates, bad addresses)', async () => {
    const seated = await createJuror(t, { edition, email: 'zit.al@example.nl', invitedBy: admin });
    const entrant = await createUser(t.db, { role: 'submitter', email: 'inzender@example.nl' });
    const lines: string[] = ['Naam;E-mail;Functie;Werkgever'];
    const expectedNew: string[] = [];
    for (let i = 1; i <= 40; i++) {
      lines.push(`Jurylid ${i};jurylid${i}@example.nl;Adviseur;Gemeente ${i}`);
      expectedNew.push(`jurylid${i}@example.nl`);
    }
    lines.push('Dubbel 1;JURYLID1@example.nl;;'); // duplicate (case differs)
    lines.push('Dubbel 2;jurylid2@example.nl'); // duplicate
    lines.push('Geen adres;geen-adres'); // bad
    lines.push('Spatie;iemand @example.nl'); // bad
    lines.push('Twee apenstaartjes;a@@example.nl'); // bad
    lines.push(';naamloos@example.nl'); // no name
    lines.push(`Al jurylid;${seated.email}`);
    lines.push(`Inzender;${entrant.email}`);
    lines.push('te veel;velden;in;deze;regel');
    lines.push('Jurylid 41,jurylid41@example.nl,Raadslid,"Provincie Utrecht, afdeling I"');
    expectedNew.push('jurylid41@example.nl');
    expect(lines.length - 1).toBe(50);
    const list = lines.join('\n');
    const bulkPage = `/admin/editions/${edition.id}/jury/bulk`;
    await organiser.get(bulkPage).expect(200);

    const empty = await organiser.submit(bulkPage, `${bulkPage}/preview`, { list: '  \n ' });
    expect(empty.status).toBe(422);

    const preview = await organiser.submit(bulkPage, `${bulkPage}/preview`, { list });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('41 nieuw, 1 al jurylid, 8 ongeldig.');
    const verdictOf = (line: number) =>
      new RegExp(`data-line="${line}" data-verdict="([a-zA-Z]+)"`).exec(preview.text)?.[1];
    expect(verdictOf(2)).toBe('new');
    expect(verdictOf(42)).toBe('invalid');
    expect(preview.text).toContain('dit adres staat al eerder in de lijst');
    expect(preview.text).toContain('geen geldig e-mailadres');
    expect(preview.text).toContain('naam ontbreekt');
    expect(preview.text).toContain('dit adres hoort bij een organisator of inzender');
    expect(preview.text).toContain('verwacht 2 tot 4 velden');
    expect(verdictOf(48)).toBe('alreadyJuror');
    // Previewing stores and sends nothing.
    expect(await t.db('users').where('email', 'like', 'jurylid%')).toHaveLength(0);
    expect(t.sink.mails).toHaveLength(0);

    const sent = await organiser.submit(bulkPage, `/admin/editions/${edition.id}/jury/bulk`, { list });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain(
      'Uitgenodigd: 41, toegevoegd met een bestaand account: 0, overgeslagen: 9, geweigerd: 0.',
    );
    for (const address of expectedNew) await t.sink.waitForMail(address);
    expect(new Set(t.sink.mails.flatMap((m) => m.to))).toEqual(new Set(expectedNew));
    expect(t.sink.mails).toHaveLength(41);
    expect(await t.db('mail_outbox').where({ template: 'jury.mail.invite' })).toHaveLength(41);
    const seats = await t.db('edition_jurors').where({ edition_id: edition.id }).whereNull('revoked_at');
    expect(seats).toHaveLength(42);
    const last = await t
      .db('edition_jurors as ej')
      .join('users as u', 'u.id', 'ej.user_id')
      .where('u.email', 'jurylid41@example.nl')
      .first();
    expect(last).toMatchObject({ job_title: 'Raadslid', employer_name: 'Provincie Utrecht, afdeling I' });

    // Sending the same list again invites nobody twice.
    t.sink.mails.length = 0;
    const again = await organiser.submit(bulkPage, `${bulkPage}/preview`, { list });
    expect(again.text).toContain('0 nieuw, 42 al jurylid, 8 ongeldig.');
    await organiser.submit(bulkPage, `/admin/editions/${edition.id}/jury/bulk`, { list });
    expect(t.sink.mails).toHaveLength(0);
  });

  it('reads an uploaded CSV file (Windows-1252 too), with the CSRF token checked after the upload', async () => {
    const bulkPage = `/admin/editions/${edition.id}/jury/bulk`;
    const csv = Buffer.from(
      'naam;e-mail;functie;werkgever\r\nZoë Ünal;zoe@example.nl;Adviseur;Gemeente Bergen\r\n',
      'latin1',
    );
    const forged = await organiser.agent
      .post(`${bulkPage}/preview`)
      .field('_csrf', 'not-the-token')
      .attach('file', csv, { filename: 'jury.csv', contentType: 'text/csv' });
    expect(forged.status).toBe(403);
    const token = await organiser.csrf(bulkPage);
    const preview = await organiser.agent
      .post(`${bulkPage}/preview`)
      .field('_csrf', token)
      .field('list', '')
      .attach('file', csv, { filename: 'jury.csv', contentType: 'text/csv' });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('1 nieuw, 0 al jurylid, 0 ongeldig.');
    expect(preview.text).toContain('Zoë Ünal');
    expect(preview.text).toContain('zoe@example.nl');
  });
});
