import {
  deleteAttachmentPage,
  downloadName,
  editionArchive,
  entryArchive,
  uploadPage,
} from '../../../src/attachments/attachment.pages';
import { findAttachment } from '../../../src/attachments/attachment.repo';
import type { Attachment } from '../../../src/attachments/attachment.types';
import { createEntry, createEntryWorld, type EntryWorld } from '../../helpers/entries';
import { createAttachment } from '../../helpers/jury';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

/** What the attachment pages, downloads and archives show, without HTTP, on a migrated database. */

let t: TestApp;
let world: EntryWorld;
let first: Attachment;
let second: Attachment;

beforeAll(async () => {
  t = await makeTestApp();
  world = await createEntryWorld(t, { title: 'Samen: slimmer?', edition: { maxFiles: 3 } });
  const add = async (name: string) =>
    (await findAttachment(t.db, await createAttachment(t, { entry: world.entry, originalName: name })))!;
  first = await add('Gemeente-Bunnik-plan.pdf');
  second = await add('Begroting Bunnik.pdf');
});
afterAll(() => t.close());

const afterDeadline = () => new Date(world.edition.closesAt!.getTime() + 1000);

describe('the upload and delete pages', () => {
  it('list the files and allow more only while the entry may be edited', async () => {
    const open = await uploadPage(t, { entry: world.entry, edition: world.edition, now: t.clock.now() });
    expect(open.attachments.map((a) => a.id)).toEqual([first.id, second.id]);
    expect(open.canEdit).toBe(true);
    const closed = await uploadPage(t, { entry: world.entry, edition: world.edition, now: afterDeadline() });
    expect(closed.canEdit).toBe(false);
  });

  it('ask before removing a file, or say why it can no longer be removed', () => {
    const page = (entry = world.entry, now = t.clock.now()) =>
      deleteAttachmentPage({ entry, edition: world.edition, attachment: first, now });
    expect(page()).toEqual({ entry: world.entry, attachment: first, refusal: null });
    expect(page(world.entry, afterDeadline()).refusal).toBe('entries.refusals.deadline_passed');
    expect(page({ ...world.entry, status: 'withdrawn' }).refusal).toBe('entries.refusals.withdrawn');
  });
});

describe('the name a file is sent under', () => {
  const name = (role: 'juror' | 'admin' | 'submitter', blindJudging: boolean, attachment = second) =>
    downloadName(t, {
      user: { role },
      edition: { blindJudging },
      attachment,
      blindLabel: (n) => `bijlage-${n}`,
    });

  it('is the original name, except for jurors in blind judging, who get its number on the jury page', async () => {
    expect(await name('admin', true)).toBe('Begroting Bunnik.pdf');
    expect(await name('submitter', true)).toBe('Begroting Bunnik.pdf');
    expect(await name('juror', false)).toBe('Begroting Bunnik.pdf');
    expect(await name('juror', true)).toBe('bijlage-2.pdf');
    expect(await name('juror', true, first)).toBe('bijlage-1.pdf');
  });
});

describe('the archives', () => {
  it("put one entry's files at the root, named as uploaded", async () => {
    const archive = await entryArchive(t, { entry: world.entry, edition: world.edition, uploadDir: '/u' });
    expect(archive.number).toBe(`2027-${String(world.entry.number).padStart(3, '0')}`);
    expect(archive.files).toEqual([
      { name: 'Gemeente-Bunnik-plan.pdf', file: `/u/${first.storedName}` },
      { name: 'Begroting Bunnik.pdf', file: `/u/${second.storedName}` },
    ]);
  });

  it('put the files of submitted entries only in a folder per entry', async () => {
    expect(await editionArchive(t, { edition: world.edition, uploadDir: '/u' })).toEqual([]);
    const submitted = await createEntry(t, {
      edition: world.edition,
      organisationId: world.organisation.id,
      userId: world.submitter.id,
      title: 'Ingediend',
      status: 'submitted',
    });
    const id = await createAttachment(t, { entry: submitted, originalName: 'plan.pdf' });
    const stored = (await findAttachment(t.db, id))!.storedName;
    const number = `2027-${String(submitted.number).padStart(3, '0')}`;
    expect(await editionArchive(t, { edition: world.edition, uploadDir: '/u' })).toEqual([
      { name: `${number} Ingediend/plan.pdf`, file: `/u/${stored}` },
    ]);
  });
});
