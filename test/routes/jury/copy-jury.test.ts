import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { loggedIn } from '../../helpers/agent';
import { createOrganisation, createUser } from '../../helpers/factories';
import { createJudgingEdition, createJuror } from '../../helpers/jury';
import { revokeJuror } from '../../helpers/results';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-02T09:00:00Z') });
});
afterAll(() => t.close());

describe('copying an edition with its jury', () => {
  it('seats the active jurors of last year with their ties and tells them; only when asked', async () => {
    const admin = await createUser(t.db, { role: 'admin' });
    const { edition } = await createJudgingEdition(t, { year: 2027, name: 'Innovatieprijs 2027' });
    const ssc = await createOrganisation(t.db, { name: 'SSC Test', type: 'ssc' });
    const stays = await createJuror(t, {
      edition,
      name: 'Blijft',
      invitedBy: admin,
      ties: [{ organisationId: ssc.id, kind: 'board' }],
    });
    const left = await createJuror(t, { edition, name: 'Vertrokken', invitedBy: admin });
    await revokeJuror(t, edition, left);
    const organiser = await loggedIn(t.app, admin);

    const plain = await organiser.submit(
      `/admin/editions/${edition.id}`,
      `/admin/editions/${edition.id}/copy`,
      {},
    );
    expect(plain.status).toBe(303);
    const plainId = Number(/\/admin\/editions\/(\d+)\//.exec(plain.headers.location!)![1]);
    expect(await t.db('edition_jurors').where({ edition_id: plainId })).toHaveLength(0);

    t.sink.mails.length = 0;
    const page = await organiser.get(`/admin/editions/${edition.id}`).expect(200);
    expect(page.text).toContain('Ook de jury van deze editie overnemen');
    const res = await organiser.submit(
      `/admin/editions/${edition.id}`,
      `/admin/editions/${edition.id}/copy`,
      {
        copyJury: 'yes',
      },
    );
    const newId = Number(/\/admin\/editions\/(\d+)\//.exec(res.headers.location!)![1]);
    const seats = await t.db('edition_jurors').where({ edition_id: newId });
    expect(seats.map((s) => s.user_id)).toEqual([stays.id]);
    expect(seats[0]).toMatchObject({ job_title: 'Directeur bedrijfsvoering', declaration_accepted_at: null });
    expect(await t.db('juror_ties').where({ edition_juror_id: seats[0].id })).toMatchObject([
      { organisation_id: ssc.id, kind: 'board' },
    ]);
    expect((await t.sink.waitForMail(stays.email)).subject).toContain('Innovatieprijs 2028');
    expect(t.sink.mailsTo(left.email)).toHaveLength(0);
  });
});
