import { findEntry } from '../../../src/entries/entry.repo';
import type { EntryStatus } from '../../../src/entries/entry.rules';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { loggedIn, type Browser } from '../../helpers/agent';
import { createUser } from '../../helpers/factories';
import { createEntry, createEntryWorld, type EntryWorld } from '../../helpers/entries';
import { pdfBytes, pngBytes } from '../../helpers/files';
import { attachmentRows, expectDiskMatchesRows, upload } from './helpers';

/**
 * Adding or removing a file changes a submitted entry as much as editing its text does: organisers see when it last
 * changed after submitting, and the audit log says who changed what. Drafts change freely.
 */

let t: TestApp;
let world: EntryWorld;
let browser: Browser;
let pdf: Buffer;

beforeAll(async () => {
  t = await makeTestApp();
  world = await createEntryWorld(t, { edition: { maxFiles: 5 } });
  browser = await loggedIn(t.app, world.submitter);
  pdf = await pdfBytes();
});
afterAll(() => t.close());

const entryOf = (status: EntryStatus) =>
  createEntry(t, {
    edition: world.edition,
    organisationId: world.organisation.id,
    userId: world.submitter.id,
    categoryId: world.categories[0]!.id,
    status,
  });

const editsAfterSubmit = async (entryId: number) =>
  (
    await t
      .db('audit_events')
      .where({ action: 'entry.edit_after_submit', subject_type: 'entry', subject_id: entryId })
      .orderBy('id')
  ).map((r: { actor_user_id: number; after_json: string }) => ({
    actor: Number(r.actor_user_id),
    after: JSON.parse(r.after_json) as unknown,
  }));

/** Removes an attachment as the entrant does: the confirmation page, then its form. */
const remove = (entryId: number, attachmentId: number) =>
  browser.submit(
    `/entries/${entryId}/attachments/${attachmentId}/delete`,
    `/entries/${entryId}/attachments/${attachmentId}/delete`,
    {},
  );

describe('changing the attachments of a submitted entry', () => {
  it('records the time and an audit event when a file is added, without making the open form stale', async () => {
    const entry = await entryOf('submitted');
    expect(entry.lastEditedAfterSubmitAt).toBeNull();
    t.clock.advance(60_000);
    const res = await upload(browser, entry.id, [{ name: 'Aanvulling.pdf', data: pdf }]);
    expect(res.status).toBe(303);
    const [row] = await attachmentRows(t.db, entry.id);

    const after = (await findEntry(t.db, entry.id))!;
    expect(after.lastEditedAfterSubmitAt).toEqual(t.clock.now());
    expect(after.status).toBe('submitted');
    // The text form's version guards against a colleague's save, not against files.
    expect(after.version).toBe(entry.version);
    expect(await editsAfterSubmit(entry.id)).toEqual([
      { actor: world.submitter.id, after: { change: 'attachment.add', attachmentIds: [row.id] } },
    ]);
    await expectDiskMatchesRows(t.db, t.config.uploadDir);

    // Organisers see it on the entry.
    const admin = await loggedIn(t.app, await createUser(t.db, { role: 'admin' }));
    const page = await admin.get(`/admin/entries/${entry.id}`).expect(200);
    expect(page.text).toContain('Laatst gewijzigd na indienen');
  });

  it('records the time and an audit event when a file is removed', async () => {
    const entry = await entryOf('submitted');
    await upload(browser, entry.id, [
      { name: 'houden.pdf', data: pdf },
      { name: 'weg.pdf', data: pdf },
    ]);
    const [, gone] = await attachmentRows(t.db, entry.id);
    const uploadedAt = (await findEntry(t.db, entry.id))!.lastEditedAfterSubmitAt;
    t.clock.advance(3_600_000);

    const res = await remove(entry.id, gone.id);
    expect(res.status).toBe(303);
    expect(await attachmentRows(t.db, entry.id)).toHaveLength(1);
    const after = (await findEntry(t.db, entry.id))!;
    expect(after.lastEditedAfterSubmitAt).toEqual(t.clock.now());
    expect(after.lastEditedAfterSubmitAt).not.toEqual(uploadedAt);
    expect((await editsAfterSubmit(entry.id)).map((e) => e.after)).toEqual([
      { change: 'attachment.add', attachmentIds: expect.any(Array) },
      { change: 'attachment.delete', attachmentId: gone.id },
    ]);
    await expectDiskMatchesRows(t.db, t.config.uploadDir);
  });

  it('records nothing for a refused upload', async () => {
    const entry = await entryOf('submitted');
    const res = await upload(browser, entry.id, [{ name: 'scan.pdf', data: pngBytes() }]);
    expect(res.status).toBe(422);
    expect((await findEntry(t.db, entry.id))!.lastEditedAfterSubmitAt).toBeNull();
    expect(await editsAfterSubmit(entry.id)).toEqual([]);
  });
});

describe('changing the attachments of a draft', () => {
  it('records no edit after submitting when a file is added or removed', async () => {
    const entry = await entryOf('draft');
    expect((await upload(browser, entry.id, [{ name: 'plan.pdf', data: pdf }])).status).toBe(303);
    const [row] = await attachmentRows(t.db, entry.id);
    expect((await remove(entry.id, row.id)).status).toBe(303);

    const after = (await findEntry(t.db, entry.id))!;
    expect(after.lastEditedAfterSubmitAt).toBeNull();
    expect(await editsAfterSubmit(entry.id)).toEqual([]);
    // The attachments' own audit records are there as always.
    expect(
      (await t.db('audit_events').where({ subject_type: 'entry', subject_id: entry.id }).orderBy('id')).map(
        (r) => r.action,
      ),
    ).toEqual(['attachment.add', 'attachment.delete']);
  });
});
