import { csrfFrom, loggedIn, type Browser } from '../../helpers/agent';
import { createUser } from '../../helpers/factories';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { createVoteWorld, voteWith, type VoteWorld } from '../../helpers/vote';
import { parseEmailList } from '../../../src/vote/vote.rules';

let t: TestApp;
let organiser: Browser;
let w: VoteWorld;

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-20T19:00:00Z') });
  const admin = await createUser(t.db, { role: 'admin' });
  organiser = await loggedIn(t.app, admin);
  w = await createVoteWorld(t, { admin });
});
afterAll(() => t.close());

async function mail(emails: string) {
  const page = await organiser.get(`/admin/editions/${w.edition.id}/vote`);
  return organiser.agent
    .post(`/admin/editions/${w.edition.id}/vote/mail`)
    .type('form')
    .send({ emails, _csrf: csrfFrom(page.text) });
}

describe('mailing codes to registered attendees', () => {
  it('refuses a list with something that is not an address (422), mailing and storing nothing', async () => {
    const res = await mail('anna@example.nl\nniet-een-adres\n');
    expect(res.status).toBe(422);
    expect(res.text).toContain('Dit is geen e-mailadres: niet-een-adres');
    expect(res.text).toContain('anna@example.nl');
    expect(await t.db('audience_codes')).toHaveLength(0);
    expect((await mail('  ')).status).toBe(422);
  });

  it('mails each address once its own code, keeps no address, and each code votes', async () => {
    const res = await mail('Anna@Example.nl, bram@example.nl; carla@example.nl\nanna@example.nl');
    expect(res.status).toBe(303);
    expect(res.headers.location).toContain('notice=mailed');
    const codes: string[] = [];
    for (const to of ['anna@example.nl', 'bram@example.nl', 'carla@example.nl']) {
      const mailSent = await t.sink.waitForMail(to);
      expect(mailSent.subject).toContain('Uw stemcode voor de publieksprijs');
      const code = /\b([0-9A-Z]{5}-[0-9A-Z]{5})\b/.exec(mailSent.text)![1]!;
      expect(mailSent.text).toContain(`http://127.0.0.1/stem?code=${code.replace('-', '')}`);
      expect(mailSent.text).toContain('Your voting code');
      codes.push(code);
    }
    expect(t.sink.mailsTo('anna@example.nl')).toHaveLength(1);
    expect(new Set(codes).size).toBe(3);
    expect(await t.db('audience_codes').where({ edition_id: w.edition.id })).toHaveLength(3);
    const everything = JSON.stringify([
      await t.db('audience_codes'),
      await t.db('audit_events').where('action', 'like', 'audience.%'),
    ]);
    expect(everything).not.toMatch(/example\.nl/);
    // The outbox records that a mail went to each address, but never the code beside it.
    const outbox = await t.db('mail_outbox').where({ template: 'vote.mail' });
    expect(outbox).toHaveLength(3);
    for (const code of codes) expect(JSON.stringify(outbox)).not.toContain(code.replace('-', ''));
    for (const code of codes) expect(JSON.stringify(outbox)).not.toContain(code);

    const page = await organiser.get(`/admin/editions/${w.edition.id}/vote`);
    await organiser.agent
      .post(`/admin/editions/${w.edition.id}/vote/open`)
      .type('form')
      .send({ minutes: '10', _csrf: csrfFrom(page.text) });
    for (const code of codes) expect((await voteWith(t, code, w.finalists[0]!.id)).status).toBe(200);
    expect(await t.db('audience_ballots').where({ edition_id: w.edition.id })).toHaveLength(3);
  });
});

describe('parseEmailList', () => {
  it('reads lines, commas, semicolons and angle brackets; lower case, each once', () => {
    expect(parseEmailList('A@b.nl\n<c@d.nl>; a@B.NL, e@f.org')).toEqual({
      ok: true,
      emails: ['a@b.nl', 'c@d.nl', 'e@f.org'],
    });
    expect(parseEmailList('a@b.nl x@y')).toEqual({ ok: false, bad: 'x@y' });
    expect(parseEmailList('')).toEqual({ ok: true, emails: [] });
  });
});
