import { outboxOf } from '../../../src/app';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, loggedIn } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';

let t: TestApp;
let admin: TestUser;
let juror: TestUser;
beforeAll(async () => {
  t = await makeTestApp();
  admin = await createUser(t.db, { role: 'admin' });
  juror = await createUser(t.db, { role: 'juror', email: 'post.jurylid@example.nl' });
});
afterAll(() => t.close());
afterEach(async () => {
  t.sink.refusing = false;
  t.sink.mails.length = 0;
  await t.db('mail_outbox').del();
});

const MINUTE = 60_000;
/** Asks for a reset link (the mail goes out after the answer) and waits until its first attempt is recorded. */
async function requestReset(email: string) {
  const before = (await rowsTo(email)).length;
  const res = await new Browser(t.app).submit('/password/forgot', '/password/forgot', { email });
  for (let i = 0; i < 100; i++) {
    const rows = await rowsTo(email);
    if (rows.length > before && rows[rows.length - 1].status !== 'sending') return res;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('The reset mail was never attempted');
}
const rowsTo = (email: string) => t.db('mail_outbox').where({ to_address: email }).orderBy('id');
const retry = () => outboxOf(t.app).retryDue();

describe('the outbox', () => {
  it('records every mail the app sends: recipient, subject, template, status, time and the text as sent', async () => {
    await requestReset(juror.email);
    const sunk = await t.sink.waitForMail(juror.email);

    const [row] = await rowsTo(juror.email);
    expect(row).toMatchObject({
      subject: sunk.subject,
      template: 'mail.reset',
      status: 'sent',
      attempts: 1,
      last_error: null,
    });
    expect(row.body.trim()).toBe(sunk.text.trim());
    expect(row.body).toContain('/password/set/');
    expect(row.sent_at).not.toBeNull();
  });

  it('keeps a mail the server refuses, tries it again with growing delays, and delivers it once the server takes it', async () => {
    t.sink.refusing = true;
    const res = await requestReset(juror.email);
    expect(res.status).toBe(200); // the person asking sees no difference
    let [row] = await rowsTo(juror.email);
    expect(row).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(row.last_error).toMatch(/451/);
    expect(t.sink.mailsTo(juror.email)).toHaveLength(0);

    // Not before its moment.
    t.clock.advance(MINUTE - 1000);
    expect(await retry()).toEqual({ sent: 0, notSent: 0 });
    t.clock.advance(1000);
    expect(await retry()).toEqual({ sent: 0, notSent: 1 });
    [row] = await rowsTo(juror.email);
    expect(row).toMatchObject({ status: 'retrying', attempts: 2 });
    expect(new Date(row.next_attempt_at).getTime()).toBe(t.clock.now().getTime() + 5 * MINUTE);

    t.sink.refusing = false;
    t.clock.advance(5 * MINUTE);
    expect(await retry()).toEqual({ sent: 1, notSent: 0 });
    expect(await retry()).toEqual({ sent: 0, notSent: 0 }); // never twice
    [row] = await rowsTo(juror.email);
    expect(row).toMatchObject({ status: 'sent', attempts: 3, next_attempt_at: null });
    expect(t.sink.mailsTo(juror.email)).toHaveLength(1);
  });

  it('marks a mail failed after the last attempt, shows it to organisers, who can send it again', async () => {
    t.sink.refusing = true;
    await requestReset(juror.email);
    for (const minutes of [1, 5, 30, 120]) {
      t.clock.advance(minutes * MINUTE);
      expect(await retry()).toEqual({ sent: 0, notSent: 1 });
    }
    const [row] = await rowsTo(juror.email);
    expect(row).toMatchObject({ status: 'failed', attempts: 5, next_attempt_at: null });
    t.clock.advance(24 * 60 * MINUTE);
    expect(await retry()).toEqual({ sent: 0, notSent: 0 });

    const organiser = await loggedIn(t.app, admin);
    const list = await organiser.get('/admin/outbox?status=failed').expect(200);
    expect(list.text).toContain(juror.email);
    expect(list.text).toContain('Mislukt');
    expect(list.text).toContain('<code>mail.reset</code>');
    const detail = await organiser.get(`/admin/outbox/${row.id}`).expect(200);
    expect(detail.text).toContain('/password/set/');
    expect(detail.text).toContain('451');
    await new Browser(t.app).get(`/admin/outbox/${row.id}`).expect(303);
    await (await loggedIn(t.app, juror)).get(`/admin/outbox/${row.id}`).expect(403);

    // Still refused: it waits for the next round again.
    const again = await organiser.submit(`/admin/outbox/${row.id}`, `/admin/outbox/${row.id}/retry`, {});
    expect(again.headers.location).toBe(`/admin/outbox/${row.id}?notice=stillFailing`);
    t.sink.refusing = false;
    const sent = await organiser.submit(`/admin/outbox/${row.id}`, `/admin/outbox/${row.id}/retry`, {});
    expect(sent.headers.location).toBe(`/admin/outbox/${row.id}?notice=retried`);
    expect((await rowsTo(juror.email))[0]).toMatchObject({ status: 'sent' });
    expect(t.sink.mailsTo(juror.email)).toHaveLength(1);
    expect(await t.db('audit_events').where({ action: 'outbox.retry', subject_id: row.id })).toHaveLength(2);
    // A sent mail cannot be sent again from here.
    const twice = await organiser.submit(`/admin/outbox/${row.id}`, `/admin/outbox/${row.id}/retry`, {});
    expect(twice.status).toBe(409);
  });
});
