import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { loggedIn, type Browser } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';
import { assign, createJudgingEdition, createJuror, createJuryEntry } from '../../helpers/jury';
import { writeSheet } from '../../helpers/results';
import type { Criterion, Edition } from '../../../src/editions/edition.types';

let t: TestApp;
let edition: Edition;
let criteria: Criterion[];
let admin: TestUser;
let organiser: Browser;
let done: TestUser;
let busy: TestUser;
let entrantA: TestUser;
beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-02T09:00:00Z') });
  let categoryId: number;
  ({ edition, criteria, categoryId } = await createJudgingEdition(t));
  admin = await createUser(t.db, { role: 'admin' });
  organiser = await loggedIn(t.app, admin);
  const a = await createJuryEntry(t, { edition, categoryId });
  entrantA = a.submitter;
  await createJuryEntry(t, { edition, categoryId });
  done = await createJuror(t, { edition, name: 'Klaar Jurylid', invitedBy: admin });
  busy = await createJuror(t, { edition, name: 'Bezig Jurylid', invitedBy: admin });
  await t.db('users').where({ id: busy.id }).update({ language: 'en' });
  await assign(t, edition, [
    [done, a.entry],
    [busy, a.entry],
  ]);
  await writeSheet(t, { edition, criteria, juror: done, entry: a.entry, values: 7 });
});
afterAll(() => t.close());
beforeEach(() => {
  t.sink.mails.length = 0;
});

const form = () => `/admin/editions/${edition.id}/messages/new`;
const draft = {
  group: 'unfinishedJurors',
  subject: 'Nog even, {naam}',
  body: 'Beste {naam},\n\nDe deadline van {editie} nadert.',
};

describe('messages to a group', () => {
  it('validates, previews with the count and the first mail, and sends nothing without confirmation', async () => {
    const empty = await organiser.submit(form(), `/admin/editions/${edition.id}/messages/preview`, {});
    expect(empty.status).toBe(422);
    const typo = await organiser.submit(form(), `/admin/editions/${edition.id}/messages/preview`, {
      ...draft,
      body: 'Beste {nam}',
    });
    expect(typo.status).toBe(422);
    expect(typo.text).toContain('Onbekende invulplek: {nam}');

    const preview = await organiser.submit(form(), `/admin/editions/${edition.id}/messages/preview`, draft);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Dit bericht gaat naar 1 persoon');
    expect(preview.text).toContain('Nog even, Bezig Jurylid');
    expect(preview.text).toContain(`De deadline van ${edition.name} nadert.`);
    const unconfirmed = await organiser.submit(form(), `/admin/editions/${edition.id}/messages`, draft);
    expect(unconfirmed.status).toBe(422);
    expect(t.sink.mails).toHaveLength(0);
    expect(await t.db('mail_outbox')).toHaveLength(0);
  });

  it('sends one mail per person of the group, with their own name, and records it', async () => {
    const sent = await organiser.submit(form(), `/admin/editions/${edition.id}/messages`, {
      ...draft,
      confirm: 'yes',
    });
    expect(sent.status).toBe(303);
    const mail = await t.sink.waitForMail(busy.email);
    expect(mail.subject).toBe('Nog even, Bezig Jurylid');
    expect(t.sink.mailsTo(done.email)).toHaveLength(0);
    expect(await t.db('audit_events').where({ action: 'message.send' })).toHaveLength(1);

    t.sink.mails.length = 0;
    await organiser.submit(form(), `/admin/editions/${edition.id}/messages`, {
      group: 'jurors',
      subject: 'Aan alle juryleden',
      body: 'Beste {naam}',
      confirm: 'yes',
    });
    expect((await t.sink.waitForMail(done.email)).text).toContain('Beste Klaar Jurylid');
    expect((await t.sink.waitForMail(busy.email)).text).toContain('Beste Bezig Jurylid');
    expect(t.sink.mails).toHaveLength(2);

    t.sink.mails.length = 0;
    await organiser.submit(form(), `/admin/editions/${edition.id}/messages`, {
      group: 'entrants',
      subject: 'Aan de inzenders',
      body: 'Beste {naam}',
      confirm: 'yes',
    });
    await t.sink.waitForMail(entrantA.email);
    expect(t.sink.mails).toHaveLength(2);
    expect(await t.db('mail_outbox').where({ template: 'messages.entrants' })).toHaveLength(2);

    const nobody = await organiser.submit(form(), `/admin/editions/${edition.id}/messages/preview`, {
      group: 'nominees',
      subject: 'x',
      body: 'y',
    });
    expect(nobody.status).toBe(422);
    expect(nobody.text).toContain('Er is niemand in deze groep');
  });
});
