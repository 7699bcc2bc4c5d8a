import { createHash } from 'node:crypto';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { loggedIn, type Browser } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';
import { createEntrant, createEntry, createOpenEdition } from '../../helpers/entries';
import { assign, createAttachment, createJuror, createJuryEntry } from '../../helpers/jury';
import {
  createRankedEntry,
  createResultsEdition,
  createSeatedJuror,
  setPhase,
  writeSheet,
} from '../../helpers/results';
import type { Entry } from '../../../src/entries/entry.types';

let t: TestApp;
let admin: TestUser;
let organiser: Browser;
beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-02T09:00:00Z') });
  admin = await createUser(t.db, { role: 'admin' });
  organiser = await loggedIn(t.app, admin);
});
afterAll(() => t.close());
beforeEach(() => {
  t.sink.mails.length = 0;
});

const setLanguage = (id: number, language: 'nl' | 'en') => t.db('users').where({ id }).update({ language });
const outboxTo = (email: string) => t.db('mail_outbox').where({ to_address: email }).orderBy('id');

describe('submission receipt and withdrawal', () => {
  it('go to every member of the organisation, each in their language; the receipt lists files with size and SHA-256', async () => {
    const { edition, categories } = await createOpenEdition(t);
    const { organisation, submitter } = await createEntrant(t);
    const colleague = await createUser(t.db, { role: 'submitter', organisationId: organisation.id });
    await setLanguage(colleague.id, 'en');
    const entry = await createEntry(t, {
      edition,
      organisationId: organisation.id,
      userId: submitter.id,
      categoryId: categories[0]!.id,
    });
    await createAttachment(t, {
      entry,
      originalName: 'plan.pdf',
      content: Buffer.from('%PDF-1.4\n% plan\n'),
    });
    const session = await loggedIn(t.app, submitter);
    const res = await session.submit(`/entries/${entry.id}/submit`, `/entries/${entry.id}/submit`, {});
    expect(res.status).toBe(303);

    const sha = createHash('sha256').update('%PDF-1.4\n% plan\n').digest('hex');
    const nl = await t.sink.waitForMail(submitter.email);
    expect(nl.subject).toMatch(/^Ontvangstbevestiging inzending/);
    expect(nl.text).toContain('- plan.pdf: 16 bytes');
    expect(nl.text).toContain(`SHA-256: ${sha}`);
    const en = await t.sink.waitForMail(colleague.email);
    expect(en.text).toContain('Attachments (with size and SHA-256 checksum)');
    expect(en.text).toContain(`SHA-256: ${sha}`);
    expect((await outboxTo(colleague.email))[0]).toMatchObject({
      template: 'entries.mail.submitted',
      status: 'sent',
    });

    t.sink.mails.length = 0;
    const withdrawn = await session.submit(`/entries/${entry.id}`, `/entries/${entry.id}/withdraw`, {});
    expect(withdrawn.status).toBe(303);
    expect((await t.sink.waitForMail(submitter.email)).subject).toMatch(/is ingetrokken/);
    expect((await t.sink.waitForMail(colleague.email)).subject).toMatch(/withdrawn/);
  });
});

describe('judging opens', () => {
  it('mails each juror, in their language, their number of entries, the deadline and the link; once, and not before', async () => {
    const { edition, categories } = await createOpenEdition(t, {
      phase: 'closed',
      opensAt: new Date('2027-08-01T08:00:00Z'),
      closesAt: new Date('2027-10-01T08:00:00Z'),
      scoringDeadline: new Date('2027-11-20T16:00:00Z'),
    });
    const a = await createJuryEntry(t, { edition, categoryId: categories[0]!.id });
    const b = await createJuryEntry(t, { edition, categoryId: categories[0]!.id });
    const anna = await createJuror(t, { edition, invitedBy: admin });
    const bert = await createJuror(t, { edition, invitedBy: admin });
    await setLanguage(bert.id, 'en');
    await assign(t, edition, [
      [anna, a.entry],
      [anna, b.entry],
      [bert, a.entry],
    ]);
    await t.db('mail_outbox').del();

    // Nothing while the edition is closed.
    expect(t.sink.mailsTo(anna.email)).toHaveLength(0);
    const moved = await organiser.submit(
      `/admin/editions/${edition.id}`,
      `/admin/editions/${edition.id}/phase`,
      {
        to: 'judging',
        reason: '',
      },
    );
    expect(moved.status).toBe(303);
    const toAnna = await t.sink.waitForMail(anna.email);
    expect(toAnna.subject).toBe(`De jurering van ${edition.name} is begonnen`);
    expect(toAnna.text).toContain('Er staan 2 inzendingen voor u klaar.');
    expect(toAnna.text).toContain('20 november 2027');
    expect(toAnna.text).toContain('http://127.0.0.1/jury');
    const toBert = await t.sink.waitForMail(bert.email);
    expect(toBert.text).toContain('1 entry is waiting for you.');
    expect(toBert.text).toContain('20 November 2027');

    // Back and forth: no second mail.
    await setPhase(t, edition, 'closed');
    await organiser.submit(`/admin/editions/${edition.id}`, `/admin/editions/${edition.id}/phase`, {
      to: 'judging',
      reason: '',
    });
    expect(await t.db('mail_outbox').where({ template: 'notifications.mail.judgingOpens' })).toHaveLength(2);
  });
});

describe('nominees and the winner', () => {
  it('nominees hear they are nominated without learning who won; the winner is congratulated only at the announcement', async () => {
    const { edition, criteria, categoryId } = await createResultsEdition(t, {
      year: 2026,
      name: 'Innovatieprijs 2026',
    });
    const winner = await createRankedEntry(t, {
      edition,
      categoryId,
      title: 'Slim inkopen',
      organisationName: 'Gemeente Winsum',
    });
    const other = await createRankedEntry(t, {
      edition,
      categoryId,
      title: 'Data delen',
      organisationName: 'Gemeente Anders',
    });
    const loser = await createRankedEntry(t, {
      edition,
      categoryId,
      title: 'Niet genomineerd',
      organisationName: 'Gemeente Niet',
    });
    const juror = await createSeatedJuror(t, { edition, name: 'Jurylid', invitedBy: admin });
    for (const [e, v] of [
      [winner.entry, 9],
      [other.entry, 7],
      [loser.entry, 5],
    ] as Array<[Entry, number]>)
      await writeSheet(t, { edition, criteria, juror, entry: e, values: v });
    const base = `/admin/editions/${edition.id}`;
    for (const e of [winner.entry, other.entry])
      await organiser.submit(
        `${base}/results/entries/${e.id}`,
        `${base}/results/entries/${e.id}/nomination`,
        { kind: 'nominee' },
      );
    const decided = await organiser.submit(`${base}/results`, `${base}/results/decision`, {
      winnerEntryId: String(winner.entry.id),
      usedAggregation: 'mean',
      motivation: 'Slim inkopen laat zien hoe gemeenten samen sneller inkopen.',
    });
    expect(decided.status).toBe(303);
    t.sink.mails.length = 0;

    const mailed = await organiser.submit(`${base}/mailings`, `${base}/mailings/nominees`, {});
    expect(mailed.status).toBe(303);
    const toWinner = await t.sink.waitForMail(winner.submitter.email);
    const toOther = await t.sink.waitForMail(other.submitter.email);
    expect(toWinner.subject).toBe('Uw inzending is genomineerd voor Innovatieprijs 2026');
    // The same mail for every nominee: with its own name, title and organisation taken out, nothing differs.
    const neutral = (
      text: string,
      r: { submitter: TestUser; organisation: { name: string } },
      title: string,
    ) => text.replace(r.submitter.name, 'NAAM').replace(title, 'TITEL').replace(r.organisation.name, 'ORG');
    expect(neutral(toWinner.text, winner, 'Slim inkopen')).toBe(neutral(toOther.text, other, 'Data delen'));
    expect(toOther.text).not.toContain('Slim inkopen');
    expect(toOther.text).not.toContain('Winsum');
    expect(toWinner.text).not.toMatch(/gewonnen|winnaar is|gefeliciteerd/i);
    expect(t.sink.mailsTo(loser.submitter.email)).toHaveLength(0);
    // With the conference as a calendar file.
    const [nominated] = await outboxTo(other.submitter.email);
    expect(JSON.parse(nominated.attachments_json)[0]).toMatchObject({
      filename: 'innovatieprijs-2026-conferentie.ics',
    });
    expect(nominated.attachments_json).toContain('BEGIN:VCALENDAR');
    // Once only.
    expect((await organiser.submit(`${base}/mailings`, `${base}/mailings/nominees`, {})).status).toBe(409);

    // No winner mail before the announcement.
    expect(await t.db('mail_outbox').where({ template: 'notifications.mail.winner' })).toHaveLength(0);
    t.sink.mails.length = 0;
    const announced = await organiser.submit(`${base}/announce`, `${base}/announce`, {});
    expect(announced.status).toBe(303);
    const congratulations = await t.sink.waitForMail(winner.submitter.email);
    expect(congratulations.subject).toBe('Gefeliciteerd: u hebt Innovatieprijs 2026 gewonnen');
    expect(congratulations.text).toContain('Slim inkopen laat zien');
    expect(congratulations.text).toContain('http://127.0.0.1/edities/2026/winnaar');
    expect(t.sink.mailsTo(other.submitter.email)).toHaveLength(0);
    expect(await t.db('mail_outbox').where({ template: 'notifications.mail.winner' })).toHaveLength(1);
  });

  it('is behind the embargo: nobody but organisers finds the mailings page', async () => {
    const { edition } = await createResultsEdition(t, { year: 2025 });
    const juror = await createSeatedJuror(t, { edition, name: 'Nieuwsgierig', invitedBy: admin });
    await (await loggedIn(t.app, juror)).get(`/admin/editions/${edition.id}/mailings`).expect(404);
    await organiser.get(`/admin/editions/${edition.id}/mailings`).expect(200);
  });
});
