import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser, loggedIn } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';
import { createEntrant, createEntry, createEntryWorld, type EntryWorld } from '../../helpers/entries';
import { createAttachment } from '../../helpers/jury';

/** Consent to publish in the kennisbank: its own page, only for members of the entrant organisation, audited. */
let t: TestApp;
let w: EntryWorld;
let colleague: TestUser;
let member: Browser;
let attachmentId: number;
let foreignAttachmentId: number;

beforeAll(async () => {
  t = await makeTestApp();
  w = await createEntryWorld(t, { status: 'submitted' });
  colleague = await createUser(t.db, { role: 'submitter', organisationId: w.organisation.id });
  member = await loggedIn(t.app, w.submitter);
  attachmentId = await createAttachment(t, { entry: w.entry, originalName: 'plan.pdf' });
  const other = await createEntrant(t);
  const otherEntry = await createEntry(t, {
    edition: w.edition,
    organisationId: other.organisation.id,
    userId: other.submitter.id,
  });
  foreignAttachmentId = await createAttachment(t, { entry: otherEntry, originalName: 'ander.pdf' });
});
afterAll(() => t.close());

const page = () => `/entries/${w.entry.id}/publicatie`;
const row = () => t.db('entry_publications').where({ entry_id: w.entry.id }).first();

describe('publication consent', () => {
  it('is linked from the entry page and the receipt page', async () => {
    const show = await member.get(`/entries/${w.entry.id}`).expect(200);
    expect(show.text).toContain(`href="/entries/${w.entry.id}/publicatie"`);
    const receipt = await member.get(`/entries/${w.entry.id}/submitted`).expect(200);
    expect(receipt.text).toContain(`href="/entries/${w.entry.id}/publicatie"`);
  });

  it('starts with no consent, and asks for a choice and a licence (422, nothing stored)', async () => {
    const res = await member.get(page()).expect(200);
    expect(res.text).toContain('Er is nog geen toestemming gegeven');
    const empty = await member.submit(page(), page(), {});
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('href="#consent"');
    const noLicence = await member.submit(page(), page(), { consent: 'yes' });
    expect(noLicence.status).toBe(422);
    expect(noLicence.text).toContain('href="#licence"');
    expect(await row()).toBeUndefined();
  });

  it('refuses an attachment of another entry (422, nothing stored)', async () => {
    const res = await member.submit(page(), page(), {
      consent: 'yes',
      licence: 'cc-by',
      publicAttachmentIds: String(foreignAttachmentId),
    });
    expect(res.status).toBe(422);
    expect(await row()).toBeUndefined();
  });

  it('records consent with licence, public attachments and contact, audited', async () => {
    const res = await member.submit(page(), page(), {
      consent: 'yes',
      licence: 'cc-by',
      publicAttachmentIds: String(attachmentId),
      showContact: '1',
    });
    expect(res.status).toBe(303);
    const saved = await row();
    expect(Boolean(saved.consent)).toBe(true);
    expect(saved.licence).toBe('cc-by');
    expect(Boolean(saved.show_contact)).toBe(true);
    expect(saved.decided_by_user_id).toBe(w.submitter.id);
    expect(saved.consented_at).not.toBeNull();
    const attachments = await t.db('publication_attachments').where({ entry_id: w.entry.id });
    expect(attachments.map((a) => a.attachment_id)).toEqual([attachmentId]);
    const audit = await t
      .db('audit_events')
      .where({ action: 'entry.publication_consent', subject_id: w.entry.id });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].after_json)).toMatchObject({ consent: true, licence: 'cc-by' });
    const after = await member.get(page()).expect(200);
    expect(after.text).toContain('verschijnt in de kennisbank zodra de uitslag');
  });

  it('lets a colleague of the same organisation withdraw it at any time, audited', async () => {
    const browser = await loggedIn(t.app, colleague);
    const res = await browser.submit(page(), page(), { consent: 'no' });
    expect(res.status).toBe(303);
    const saved = await row();
    expect(Boolean(saved.consent)).toBe(false);
    expect(saved.withdrawn_at).not.toBeNull();
    expect(saved.decided_by_user_id).toBe(colleague.id);
    expect(await t.db('publication_attachments').where({ entry_id: w.entry.id })).toHaveLength(0);
    const audit = await t
      .db('audit_events')
      .where({ action: 'entry.publication_withdraw', subject_id: w.entry.id });
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_user_id).toBe(colleague.id);
  });

  it('is closed to everyone else: another organisation 404, jurors and organisers 403, anonymous to login', async () => {
    const stranger = await createEntrant(t);
    const strangerBrowser = await loggedIn(t.app, stranger.submitter);
    await strangerBrowser.get(page()).expect(404);
    const post = await strangerBrowser.submit('/account', page(), { consent: 'yes', licence: 'cc-by' });
    expect(post.status).toBe(404);
    for (const role of ['juror', 'admin'] as const) {
      const browser = await loggedIn(t.app, await createUser(t.db, { role }));
      await browser.get(page()).expect(403);
      const res = await browser.submit('/account', page(), { consent: 'yes', licence: 'cc-by' });
      expect(res.status).toBe(403);
    }
    const anonymous = await new Browser(t.app).get(page());
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login/);
    const saved = await row();
    expect(Boolean(saved.consent)).toBe(false);
  });
});
