import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { csrfFrom, loggedIn, type Browser } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';
import { assign, createJudgingEdition, createJuror, createJuryEntry, scoreForm } from '../../helpers/jury';
import type { Criterion, Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';

let t: TestApp;
let edition: Edition;
let criteria: Criterion[];
let categoryId: number;
let admin: TestUser;

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-02T09:00:00Z') });
  ({ edition, criteria, categoryId } = await createJudgingEdition(t));
  admin = await createUser(t.db, { role: 'admin' });
});
afterAll(() => t.close());

/** A juror with one assigned entry who has not accepted the declaration yet, logged in. */
async function newJuror(): Promise<{ juror: TestUser; session: Browser; entry: Entry }> {
  const { entry } = await createJuryEntry(t, { edition, categoryId });
  const juror = await createJuror(t, { edition });
  await t
    .db('edition_jurors')
    .where({ edition_id: edition.id, user_id: juror.id })
    .update({ declaration_accepted_at: null, declaration_text: null });
  await assign(t, edition, [[juror, entry]]);
  return { juror, session: await loggedIn(t.app, juror), entry };
}

const seatOf = (juror: TestUser) =>
  t.db('edition_jurors').where({ edition_id: edition.id, user_id: juror.id }).first();

describe('jury declaration', () => {
  it('keeps every score sheet closed until the juror accepts it, then opens it', async () => {
    const { juror, session, entry } = await newJuror();
    const scorePath = `/jury/entries/${entry.id}/score`;
    expect((await session.get('/jury').expect(200)).text).toContain('Juryverklaring lezen en aanvaarden');

    const opened = await session.get(scorePath);
    expect(opened.status).toBe(303);
    expect(opened.headers.location).toBe(
      `/jury/editions/${edition.id}/declaration?next=${encodeURIComponent(scorePath)}`,
    );
    // Posting a sheet (with a token from a page the juror can open) is refused, and nothing is stored.
    const token = csrfFrom((await session.get('/account')).text);
    const posted = await session.agent
      .post(scorePath)
      .type('form')
      .send({ ...scoreForm(criteria, [7, 7, 7, 7]), action: 'draft', _csrf: token });
    expect(posted.status).toBe(403);
    expect(posted.text).toContain('Aanvaard eerst de juryverklaring');
    const abstain = await session.agent
      .post(`/jury/entries/${entry.id}/abstain`)
      .type('form')
      .send({ reason: 'Geen tijd', _csrf: token });
    expect(abstain.status).toBe(403);
    expect(await t.db('score_sheets').where({ juror_user_id: juror.id })).toHaveLength(0);

    const page = await session.get(opened.headers.location!).expect(200);
    expect(page.text).toContain('Vertrouwelijkheid');
    expect(page.text).toContain('Geen contact');
    // Without ticking the box nothing is accepted.
    const unticked = await session.submit(
      opened.headers.location!,
      `/jury/editions/${edition.id}/declaration`,
      {
        next: scorePath,
      },
    );
    expect(unticked.status).toBe(422);
    expect(unticked.text).toContain('Vink aan dat u de verklaring aanvaardt');
    expect((await seatOf(juror)).declaration_accepted_at).toBeNull();

    const accepted = await session.submit(
      opened.headers.location!,
      `/jury/editions/${edition.id}/declaration`,
      {
        accept: 'yes',
        next: scorePath,
      },
    );
    expect(accepted.status).toBe(303);
    expect(accepted.headers.location).toBe(scorePath);
    const seat = await seatOf(juror);
    expect(new Date(seat.declaration_accepted_at as string | number).toISOString()).toBe(
      t.clock.now().toISOString(),
    );
    expect(seat.declaration_text).toContain('Onpartijdigheid');
    expect(
      await t.db('audit_events').where({ action: 'declaration.accept', actor_user_id: juror.id }),
    ).toHaveLength(1);

    await session.get(scorePath).expect(200);
    expect((await session.get('/jury').expect(200)).text).not.toContain('Juryverklaring lezen en aanvaarden');
    const saved = await session.submit(scorePath, scorePath, {
      ...scoreForm(criteria, [7, 7, 7, 7]),
      action: 'draft',
    });
    expect(saved.status).toBe(303);
    expect(await t.db('score_sheets').where({ juror_user_id: juror.id })).toHaveLength(1);
  });

  it('is never offered for an edition the juror does not sit on', async () => {
    const { session } = await newJuror();
    const other = await createJudgingEdition(t);
    await session.get(`/jury/editions/${other.edition.id}/declaration`).expect(404);
  });

  it('is written by the organiser per edition; English readers get the English text; acceptances are listed', async () => {
    const organiser = await loggedIn(t.app, admin);
    const adminPage = `/admin/editions/${edition.id}/declaration`;
    const form = await organiser.get(adminPage).expect(200);
    expect(form.text).toContain('Vertrouwelijkheid'); // the default, to start from
    const saved = await organiser.submit(adminPage, adminPage, {
      textNl: 'Eigen verklaring.\n\nTweede alinea.',
      textEn: 'Our own declaration.',
    });
    expect(saved.status).toBe(303);
    expect(await t.db('audit_events').where({ action: 'declaration.edit' })).toHaveLength(1);

    const { juror, session } = await newJuror();
    await session.get('/lang/en');
    const page = await session.get(`/jury/editions/${edition.id}/declaration`).expect(200);
    expect(page.text).toContain('Our own declaration.');
    expect(page.text).not.toContain('Eigen verklaring');
    await session.submit(
      `/jury/editions/${edition.id}/declaration`,
      `/jury/editions/${edition.id}/declaration`,
      {
        accept: 'yes',
      },
    );
    expect((await seatOf(juror)).declaration_text).toBe('Our own declaration.');

    const waiting = await newJuror();
    const list = await organiser.get(adminPage).expect(200);
    expect(list.text).toMatch(new RegExp(`>${juror.name}</th>\\s*<td[^>]*>[^<]*2027`));
    expect(list.text).toMatch(new RegExp(`>${waiting.juror.name}</th>\\s*<td[^>]*>Nog niet`));
    // Emptying the texts falls back to the default.
    await organiser.submit(adminPage, adminPage, { textNl: '', textEn: '' });
    const back = await organiser.get(adminPage).expect(200);
    expect(back.text).toContain('Vertrouwelijkheid');
  });
});
