import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, loggedIn } from '../../helpers/agent';
import { createOrganisation, createUser, type TestUser } from '../../helpers/factories';
import { linkIn } from '../../helpers/smtp-sink';
import { assign, createJudgingEdition, createJuror, createJuryEntry } from '../../helpers/jury';
import type { Edition } from '../../../src/editions/edition.types';

let t: TestApp;
let admin: TestUser;
let organiser: Browser;
let edition: Edition;
let categoryId: number;
let zeist: { id: number };

const PASSWORD = 'een lang wachtwoord voor de jury';

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-02T09:00:00Z') });
  admin = await createUser(t.db, { role: 'admin', name: 'Olga Organisator' });
  organiser = await loggedIn(t.app, admin);
  ({ edition, categoryId } = await createJudgingEdition(t));
  zeist = await createOrganisation(t.db, { name: 'Zeist', type: 'gemeente' });
});
afterAll(() => t.close());

const jurorForm = (overrides: Record<string, string | string[]> = {}) => ({
  name: 'Jan Jurylid',
  email: 'jan@example.nl',
  jobTitle: 'Directeur',
  employerId: String(zeist.id),
  employerName: '',
  ...overrides,
});

const addJuror = (fields: Record<string, string | string[]>, editionId = edition.id) =>
  organiser.submit(`/admin/editions/${editionId}/jury/new`, `/admin/editions/${editionId}/jury`, fields);

async function acceptInvitation(link: string): Promise<Browser> {
  const browser = new Browser(t.app);
  const path = new URL(link).pathname;
  const form = await browser.get(path).expect(200);
  expect(form.text).toContain('Welkom: kies uw wachtwoord');
  const res = await browser.submit(path, path, { password: PASSWORD, passwordConfirm: PASSWORD });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/jury');
  return browser;
}

describe('inviting jurors', () => {
  it('adds a juror, mails a one-time link that works once and lands on the jury dashboard; the list shows acceptance', async () => {
    const res = await addJuror(jurorForm({ tiesBoard: [String(zeist.id)] }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/admin/editions/${edition.id}/jury?notice=invited`);
    const user = await t.db('users').where({ email: 'jan@example.nl' }).first();
    expect(user.role).toBe('juror');
    expect(user.password_hash).toBeNull();
    const seat = await t.db('edition_jurors').where({ edition_id: edition.id, user_id: user.id }).first();
    expect(seat.job_title).toBe('Directeur');
    expect(await t.db('juror_ties').where({ edition_juror_id: seat.id })).toEqual([
      { edition_juror_id: seat.id, organisation_id: zeist.id, kind: 'board' },
    ]);
    const audit = await t.db('audit_events').where({ action: 'juror.add', subject_id: user.id });
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_user_id).toBe(admin.id);

    const list = await organiser.get(`/admin/editions/${edition.id}/jury`).expect(200);
    expect(list.text).toContain('Jan Jurylid');
    expect(list.text).toContain('Uitgenodigd');
    expect(list.text).toContain('0 van 1 jurylid heeft de uitnodiging geaccepteerd');

    const mail = await t.sink.waitForMail('jan@example.nl');
    expect(mail.subject).toBe(`Uitnodiging: jurylid van ${edition.name}`);
    expect(mail.text).toContain('Olga Organisator nodigt u uit als jurylid');
    const link = linkIn(mail, '/password/set/');
    const juror = await acceptInvitation(link);
    const dashboard = await juror.get('/jury').expect(200);
    expect(dashboard.text).toContain('Jurering');
    expect(dashboard.text).toContain(edition.name);

    // The link works once.
    await new Browser(t.app).get(new URL(link).pathname).expect(410);
    const after = await organiser.get(`/admin/editions/${edition.id}/jury`).expect(200);
    expect(after.text).toContain('Geaccepteerd');
    expect(after.text).toContain('1 van 1 jurylid heeft de uitnodiging geaccepteerd');
  });

  it('refuses invalid input and the e-mail address of an organiser or submitter, keeping the input', async () => {
    const empty = await addJuror({
      name: '',
      email: 'geen-adres',
      jobTitle: '',
      employerId: '',
      employerName: '',
    });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('href="#name"');
    expect(empty.text).toContain('href="#email"');
    expect(empty.text).toContain('Vul de functie in');
    expect(empty.text).toContain('Kies de werkgever, of vul de naam in als die niet in de lijst staat');

    const submitter = await createUser(t.db, { role: 'submitter', email: 'sanne@zeist.example' });
    const bySubmitter = await addJuror(jurorForm({ name: 'Sanne <b>S</b>', email: submitter.email }));
    expect(bySubmitter.status).toBe(422);
    expect(bySubmitter.text).toContain(
      'Dit e-mailadres hoort bij een account van een organisator of inzender',
    );
    expect(bySubmitter.text).toContain('value="Sanne &lt;b&gt;S&lt;/b&gt;"');
    const byAdmin = await addJuror(jurorForm({ email: admin.email }));
    expect(byAdmin.status).toBe(422);
    expect(byAdmin.text).toContain('Dit e-mailadres hoort bij een account van een organisator of inzender');

    const unknownTie = await addJuror(jurorForm({ email: 'x@example.nl', tiesMember: ['999999'] }));
    expect(unknownTie.status).toBe(422);
    expect(unknownTie.text).toContain('href="#tiesMember"');

    const again = await addJuror(jurorForm());
    expect(again.status).toBe(422);
    expect(again.text).toContain('Deze persoon zit al in de jury van deze editie');
    expect(await t.db('users').whereIn('email', ['x@example.nl'])).toHaveLength(0);
    expect((await t.db('users').where({ email: submitter.email }).first()).role).toBe('submitter');
  });

  it('sends an existing juror of an earlier edition an "added to the jury" mail instead of an invitation', async () => {
    const { edition: next } = await createJudgingEdition(t, {
      name: 'Innovatieprijs volgend jaar',
      year: 2028,
    });
    const users = Number((await t.db('users').count({ n: '*' }).first())!.n);
    const res = await addJuror(jurorForm({ jobTitle: 'Gemeentesecretaris' }), next.id);
    expect(res.headers.location).toBe(`/admin/editions/${next.id}/jury?notice=added`);
    expect(Number((await t.db('users').count({ n: '*' }).first())!.n)).toBe(users);
    const mail = (await t.sink.waitForMail('jan@example.nl')).subject;
    expect(mail).toBe('U bent jurylid van Innovatieprijs volgend jaar');
    const text = t.sink.mailsTo('jan@example.nl').at(-1)!.text;
    expect(text).toContain('/login?next=/jury');
    expect(text).not.toContain('/password/set/');
  });

  it('resending replaces the link: the old one stops working, the new one works', async () => {
    await addJuror(jurorForm({ name: 'Rita Resend', email: 'rita@example.nl' }));
    const first = linkIn(await t.sink.waitForMail('rita@example.nl'), '/password/set/');
    const rita = await t.db('users').where({ email: 'rita@example.nl' }).first();
    const resent = await organiser.submit(
      `/admin/editions/${edition.id}/jury`,
      `/admin/editions/${edition.id}/jury/${rita.id}/resend`,
      {},
    );
    expect(resent.status).toBe(303);
    expect(resent.headers.location).toBe(`/admin/editions/${edition.id}/jury?notice=resent`);
    const mails = t.sink.mailsTo('rita@example.nl');
    expect(mails).toHaveLength(2);
    const second = linkIn(mails[1]!, '/password/set/');
    expect(second).not.toBe(first);
    await new Browser(t.app).get(new URL(first).pathname).expect(410);
    await new Browser(t.app).get(new URL(second).pathname).expect(200);
    expect(
      await t.db('audit_events').where({ action: 'juror.resend_invitation', subject_id: rita.id }),
    ).toHaveLength(1);

    // Once accepted there is nothing to resend.
    await acceptInvitation(second);
    const refused = await organiser.submit(
      `/admin/editions/${edition.id}/jury`,
      `/admin/editions/${edition.id}/jury/${rita.id}/resend`,
      {},
    );
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Dit jurylid heeft de uitnodiging al geaccepteerd.');
  });

  it('revoking blocks access at once, also a pending invitation link', async () => {
    const { entry } = await createJuryEntry(t, { edition, categoryId });
    const juror = await createJuror(t, { edition, name: 'Vera Vertrek' });
    await assign(t, edition, [[juror, entry]]);
    const session = await loggedIn(t.app, juror);
    await session.get(`/jury/entries/${entry.id}`).expect(200);

    await addJuror(jurorForm({ name: 'Piet Pending', email: 'piet@example.nl' }));
    const pending = linkIn(await t.sink.waitForMail('piet@example.nl'), '/password/set/');
    const piet = await t.db('users').where({ email: 'piet@example.nl' }).first();

    for (const userId of [juror.id, piet.id]) {
      const res = await organiser.submit(
        `/admin/editions/${edition.id}/jury`,
        `/admin/editions/${edition.id}/jury/${userId}/revoke`,
        {},
      );
      expect(res.status).toBe(303);
    }
    // The same session, the very next request.
    await session.get(`/jury/entries/${entry.id}`).expect(404);
    await session.get(`/jury/entries/${entry.id}/score`).expect(404);
    const dashboard = await session.get('/jury').expect(200);
    expect(dashboard.text).not.toContain(entry.title);
    await new Browser(t.app).get(new URL(pending).pathname).expect(410);

    const list = await organiser.get(`/admin/editions/${edition.id}/jury`).expect(200);
    expect(list.text).toContain('Ingetrokken');
    expect(await t.db('audit_events').where({ action: 'juror.revoke', subject_id: juror.id })).toHaveLength(
      1,
    );

    // Adding the same person again gives the seat back.
    const back = await addJuror(jurorForm({ name: 'Vera Vertrek', email: juror.email }));
    expect(back.headers.location).toBe(`/admin/editions/${edition.id}/jury?notice=added`);
    await session.get(`/jury/entries/${entry.id}`).expect(200);
  });

  it("changes a juror's ties, audited", async () => {
    const juror = await createJuror(t, { edition, name: 'Tim Tie' });
    const path = `/admin/editions/${edition.id}/jury/${juror.id}/edit`;
    const form = await organiser.get(path).expect(200);
    expect(form.text).toContain('Tim Tie');
    const res = await organiser.submit(path, path, {
      jobTitle: 'Wethouder',
      employerId: String(zeist.id),
      employerName: '',
      tiesMember: [String(zeist.id)],
    });
    expect(res.status).toBe(303);
    const seat = await t.db('edition_jurors').where({ edition_id: edition.id, user_id: juror.id }).first();
    expect(seat.job_title).toBe('Wethouder');
    expect(seat.employer_organisation_id).toBe(zeist.id);
    expect(await t.db('audit_events').where({ action: 'juror.update', subject_id: juror.id })).toHaveLength(
      1,
    );
  });

  it('the jury pages mark their tab in the sub-navigation and the editions in the main menu', async () => {
    for (const [path, tab] of [
      ['jury', 'jury'],
      ['jury/new', 'jury'],
      ['conflicts', 'conflicts'],
      ['assignment', 'assignment'],
      ['progress', 'progress'],
    ]) {
      const page = await organiser.get(`/admin/editions/${edition.id}/${path}`).expect(200);
      expect(page.text).toContain('class="ip-nav__link" href="/admin/editions" aria-current="page"');
      expect(page.text).toContain(
        `class="ip-jury-subnav__link" href="/admin/editions/${edition.id}/${tab}" aria-current="page"`,
      );
      expect(page.text.match(/ip-jury-subnav__link[^>]*aria-current/g)).toHaveLength(1);
    }
  });
});
