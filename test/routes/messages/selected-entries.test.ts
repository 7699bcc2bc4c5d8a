/**
 * "Message the entrants" as a bulk action on the organisers' list (issue #19): the ticked entries lead to the group
 * message form of issue #13 (messages/), whose group "selectedEntries" carries their ids through the preview and the
 * confirmation; one mail per member of each selected entry's organisation goes through the outbox, with {naam},
 * {editie} and {inzending} filled in, and nobody of an unselected entry gets one. The selection is checked on the
 * server at every step; only organisers may use any of it.
 */
import type { Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';
import { Browser, loggedIn } from '../../helpers/agent';
import { createEntrant, createEntry, createOpenEdition } from '../../helpers/entries';
import { createUser, type TestUser } from '../../helpers/factories';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

let t: TestApp;
let organiser: Browser;
let edition: Edition;
let stranger: Entry;
const entry: Record<'appel1' | 'appel2' | 'berkel' | 'cranendonck', Entry> = {} as never;
const member: Record<'anna' | 'arie' | 'bea' | 'cor', TestUser> = {} as never;
let jurorUser: TestUser;

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-03-01T10:00:00Z') });
  const open = await createOpenEdition(t);
  edition = open.edition;
  const categoryId = open.categories[0]!.id;
  const entrant = async (organisationName: string, names: string[]) => {
    const { organisation, submitter } = await createEntrant(t, { organisationName });
    await t.db('users').where({ id: submitter.id }).update({ name: names[0] });
    const users = [{ ...submitter, name: names[0]! }];
    for (const name of names.slice(1))
      users.push(await createUser(t.db, { role: 'submitter', name, organisationId: organisation.id }));
    return { organisation, users };
  };
  const appel = await entrant('Gemeente Appeldorp', ['Anna Appel', 'Arie Appel']);
  const berkel = await entrant('Gemeente Berkel', ['Bea Berkel']);
  const cranendonck = await entrant('Gemeente Cranendonck', ['Cor Cranen']);
  [member.anna, member.arie] = appel.users as [TestUser, TestUser];
  member.bea = berkel.users[0]!;
  member.cor = cranendonck.users[0]!;
  const make = (org: typeof appel, title: string, status: 'submitted' | 'draft') =>
    createEntry(t, {
      edition,
      organisationId: org.organisation.id,
      userId: org.users[0]!.id,
      title,
      categoryId,
      status,
    });
  entry.appel1 = await make(appel, 'Slim inkopen', 'submitted');
  entry.appel2 = await make(appel, 'Digitale balie', 'draft');
  entry.berkel = await make(berkel, 'Wijkteams', 'submitted');
  entry.cranendonck = await make(cranendonck, 'Groen dak', 'submitted');

  const other = (await createOpenEdition(t, { year: 2031 } as never)).edition;
  stranger = await createEntry(t, {
    edition: other,
    organisationId: cranendonck.organisation.id,
    userId: member.cor.id,
    title: 'Van een andere editie',
    status: 'submitted',
  });

  organiser = await loggedIn(t.app, await createUser(t.db, { role: 'admin' }));
  jurorUser = await createUser(t.db, { role: 'juror', name: 'Jan Jurylid' });
});
afterAll(() => t.close());
beforeEach(() => {
  t.sink.mails.length = 0;
});

const list = () => `/admin/entries?edition=${edition.id}`;
const ids = (...entries: Entry[]) => entries.map((e) => String(e.id));
const bulkMessage = (entryIds: string[]) =>
  organiser.submit(list(), '/admin/entries/bulk', {
    edition: String(edition.id),
    action: 'message',
    entryIds,
  });
const previewUrl = () => `/admin/editions/${edition.id}/messages/preview`;
const sendUrl = () => `/admin/editions/${edition.id}/messages`;
const draft = (entryIds: string[]) => ({
  group: 'selectedEntries',
  entryIds,
  subject: 'Uw inzending {inzending}',
  body: 'Beste {naam},\n\nOver {inzending} in {editie}: stuur ons nog een foto.',
});
const outbox = () => t.db('mail_outbox').where({ template: 'messages.selectedEntries' });

describe('the bulk action leads to the message form for the selection', () => {
  it('is offered on the list and shows the selected entries, carried as hidden fields', async () => {
    const page = await organiser.get(list()).expect(200);
    expect(page.text).toContain('<option value="message">Bericht aan de inzenders</option>');

    const res = await bulkMessage(ids(entry.berkel, entry.appel1));
    expect(res.status).toBe(200);
    expect(res.text).toContain('Bericht aan de inzenders van geselecteerde inzendingen');
    expect(res.text).toContain('Over 2 inzendingen');
    // In entry-number order, with their organisation, each id a hidden field of the form.
    expect(res.text.indexOf('2027-001 Slim inkopen (Gemeente Appeldorp)')).toBeLessThan(
      res.text.indexOf('2027-003 Wijkteams (Gemeente Berkel)'),
    );
    expect(res.text).toContain(`<input type="hidden" name="entryIds" value="${entry.appel1.id}">`);
    expect(res.text).toContain(`<input type="hidden" name="entryIds" value="${entry.berkel.id}">`);
    expect(res.text).not.toContain('Groen dak');
    expect(res.text).toContain('action="/admin/editions/' + edition.id + '/messages/preview"');
    expect(res.text).toContain('{inzending}');
    expect(t.sink.mails).toHaveLength(0);
  });

  it('refuses an empty selection, an entry of another edition and an id that is no number (422, clear message)', async () => {
    const none = await bulkMessage([]);
    expect(none.status).toBe(422);
    expect(none.text).toContain('Selecteer ten minste één inzending');

    const foreign = await bulkMessage(ids(entry.appel1, stranger));
    expect(foreign.status).toBe(422);
    expect(foreign.text).toContain('horen niet bij deze editie');
    expect(foreign.text).not.toContain('Bericht aan de inzenders van geselecteerde inzendingen');

    const junk = await bulkMessage([String(entry.appel1.id), '12abc']);
    expect(junk.status).toBe(422);
    expect(junk.text).toContain('De selectie is niet leesbaar');
  });
});

describe('preview, confirmation and sending', () => {
  it('previews with the count and the first mail filled in, and sends nothing without confirmation', async () => {
    const form = await bulkMessage(ids(entry.appel1, entry.berkel));
    expect(form.status).toBe(200);
    const preview = await organiser.submit(list(), previewUrl(), draft(ids(entry.appel1, entry.berkel)));
    expect(preview.status).toBe(200);
    // Anna and Arie (Appeldorp) and Bea (Berkel); not Cor, whose entry was not selected.
    expect(preview.text).toContain('Dit bericht gaat naar 3 personen');
    expect(preview.text).toContain('Uw inzending 2027-001 Slim inkopen');
    expect(preview.text).toContain(`Over 2027-001 Slim inkopen in ${edition.name}: stuur ons nog een foto.`);
    expect(preview.text).toContain(`<input type="hidden" name="entryIds" value="${entry.berkel.id}">`);

    const unconfirmed = await organiser.submit(list(), sendUrl(), draft(ids(entry.appel1, entry.berkel)));
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.text).toContain('Vink aan dat u het bericht wilt versturen');
    expect(t.sink.mails).toHaveLength(0);
    expect(await outbox()).toHaveLength(0);
  });

  it('refuses a placeholder nobody fills in, and {inzending} outside a selection', async () => {
    const typo = await organiser.submit(list(), previewUrl(), {
      ...draft(ids(entry.appel1)),
      body: 'Beste {nam}',
    });
    expect(typo.status).toBe(422);
    expect(typo.text).toContain('Onbekende invulplek: {nam}. Gebruik {naam}, {editie} of {inzending}.');
    const outside = await organiser.submit(`/admin/editions/${edition.id}/messages/new`, previewUrl(), {
      group: 'entrants',
      subject: 'x',
      body: 'Over {inzending}',
    });
    expect(outside.status).toBe(422);
    expect(outside.text).toContain('Onbekende invulplek: {inzending}');
  });

  it('checks the selection again at the preview and at sending: other editions’ and malformed ids are refused', async () => {
    for (const url of [previewUrl(), sendUrl()]) {
      const foreign = await organiser.submit(list(), url, {
        ...draft(ids(entry.appel1, stranger)),
        confirm: 'yes',
      });
      expect(foreign.status).toBe(422);
      expect(foreign.text).toContain('Een of meer geselecteerde inzendingen horen niet bij deze editie');
      expect(foreign.text).toContain('href="#entryIds"');
      const junk = await organiser.submit(list(), url, {
        ...draft(['1; DROP TABLE entries']),
        confirm: 'yes',
      });
      expect(junk.status).toBe(422);
      const none = await organiser.submit(list(), url, { ...draft([]), confirm: 'yes' });
      expect(none.status).toBe(422);
      expect(none.text).toContain('Selecteer ten minste één inzending');
    }
    expect(t.sink.mails).toHaveLength(0);
    expect(await outbox()).toHaveLength(0);
    expect(await t.db('audit_events').where({ action: 'message.send' })).toHaveLength(0);
  });

  it('sends one mail per member of each selected entry’s organisation, filled in per person, and audits it', async () => {
    const sent = await organiser.submit(list(), sendUrl(), {
      ...draft(ids(entry.appel1, entry.berkel)),
      confirm: 'yes',
    });
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe(`/admin/entries?edition=${edition.id}&notice=bulk-message`);

    const anna = await t.sink.waitForMail(member.anna.email);
    expect(anna.subject).toBe('Uw inzending 2027-001 Slim inkopen');
    expect(anna.text).toContain('Beste Anna Appel,');
    expect(anna.text).toContain(`Over 2027-001 Slim inkopen in ${edition.name}: stuur ons nog een foto.`);
    const arie = await t.sink.waitForMail(member.arie.email);
    expect(arie.text).toContain('Beste Arie Appel,');
    const bea = await t.sink.waitForMail(member.bea.email);
    expect(bea.subject).toBe('Uw inzending 2027-003 Wijkteams');
    expect(bea.text).toContain('Beste Bea Berkel,');
    expect(bea.text).not.toContain('Slim inkopen');
    // Exactly these three: nobody of the unselected entry, no organiser, no juror.
    expect(t.sink.mails).toHaveLength(3);
    expect(t.sink.mailsTo(member.cor.email)).toHaveLength(0);
    expect(t.sink.mailsTo(jurorUser.email)).toHaveLength(0);
    expect(await outbox()).toHaveLength(3);

    const audits = await t.db('audit_events').where({ action: 'message.send' });
    expect(audits).toHaveLength(1);
    const after = JSON.parse(String(audits[0].after_json)) as Record<string, unknown>;
    expect(after).toMatchObject({ group: 'selectedEntries', recipients: 3 });
    expect((after.entryIds as number[]).sort((a, b) => a - b)).toEqual(
      [entry.appel1.id, entry.berkel.id].sort((a, b) => a - b),
    );

    const back = await organiser.get(sent.headers.location!).expect(200);
    expect(back.text).toContain('Het bericht aan de inzenders is verstuurd.');
  });

  it('writes once to a member whose organisation has two selected entries, naming both', async () => {
    const sent = await organiser.submit(list(), sendUrl(), {
      ...draft(ids(entry.appel2, entry.appel1)),
      confirm: 'yes',
    });
    expect(sent.status).toBe(303);
    const anna = await t.sink.waitForMail(member.anna.email);
    await t.sink.waitForMail(member.arie.email);
    expect(anna.text).toContain('Over 2027-001 Slim inkopen, 2027-002 Digitale balie in');
    expect(t.sink.mailsTo(member.anna.email)).toHaveLength(1);
    expect(t.sink.mails).toHaveLength(2);
  });
});

describe('only organisers', () => {
  it('answers a juror and an entrant 403 at every step and sends nothing; a visitor goes to the login page', async () => {
    const audits = async () => (await t.db('audit_events').where({ action: 'message.send' })).length;
    const before = await audits();
    const juror = await loggedIn(t.app, jurorUser);
    const entrant = await loggedIn(t.app, member.cor);
    for (const person of [juror, entrant]) {
      const bulk = await person.submit('/account', '/admin/entries/bulk', {
        edition: String(edition.id),
        action: 'message',
        entryIds: ids(entry.appel1),
      });
      expect(bulk.status).toBe(403);
      for (const url of [previewUrl(), sendUrl()]) {
        const res = await person.submit('/account', url, { ...draft(ids(entry.appel1)), confirm: 'yes' });
        expect(res.status).toBe(403);
      }
    }
    const visitor = new Browser(t.app);
    for (const url of ['/admin/entries/bulk', previewUrl(), sendUrl()]) {
      const res = await visitor.submit('/login', url, {
        edition: String(edition.id),
        action: 'message',
        ...draft(ids(entry.appel1)),
        confirm: 'yes',
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/login');
    }
    expect(t.sink.mails).toHaveLength(0);
    expect(await audits()).toBe(before);
  });
});
