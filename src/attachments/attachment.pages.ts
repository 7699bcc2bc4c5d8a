/**
 * What the attachment pages and downloads show, built from the loaded entry, edition and attachment; no HTTP here.
 */
import type { AppContext } from '../context';
import type { Edition } from '../editions/edition.types';
import { refusalKey } from '../entries/entry.rules';
import { entryNumber } from '../entries/entry.service';
import type { Entry } from '../entries/entry.types';
import { listEntries } from '../entries/entry.repo';
import { coverSheets } from '../entries/question.pages';
import { listCategories } from '../editions/edition.repo';
import type { Lng } from '../i18n/i18n';
import { pick } from '../i18n/pick';
import { findOrganisationsByIds } from '../organisations/organisation.repo';
import type { User } from '../users/user.types';
import { neutralName } from './attachment.names';
import { listAttachments, listSubmittedAttachments } from './attachment.repo';
import { attachmentNumber, attachmentsEditable, hidesFileNames } from './attachment.service';
import type { Attachment } from './attachment.types';
import { editionZipFiles, entryZipFiles, type ZipFile } from './attachment.zip';

type Deps = Pick<AppContext, 'db'>;

/** The attachments page (the answer to a refused upload): the entry's files and whether more may be added. */
export async function uploadPage(deps: Deps, input: { entry: Entry; edition: Edition; now: Date }) {
  return {
    entry: input.entry,
    edition: input.edition,
    attachments: await listAttachments(deps.db, input.entry.id),
    canEdit: attachmentsEditable(input.entry, input.edition, input.now).ok,
  };
}

/**
 * The question before removing a file, or, when the entry may no longer be edited, the reason why not (a message
 * key; the page is then answered with 422).
 */
export function deleteAttachmentPage(input: {
  entry: Entry;
  edition: Edition;
  attachment: Attachment;
  now: Date;
}): { entry: Entry; attachment: Attachment; refusal: string | null } {
  const check = attachmentsEditable(input.entry, input.edition, input.now);
  return {
    entry: input.entry,
    attachment: input.attachment,
    refusal: check.ok ? null : refusalKey(check.reason),
  };
}

/**
 * The name a file is sent under: its original name, or for jurors in blind judging a neutral one numbered as the
 * jury page numbers the files ("bijlage-2.pdf"; `blindLabel(n)` gives "Bijlage 2" in the reader's language).
 */
export async function downloadName(
  deps: Deps,
  input: {
    user: Pick<User, 'role'>;
    edition: Pick<Edition, 'blindJudging'>;
    attachment: Attachment;
    blindLabel: (n: number) => string;
  },
): Promise<string> {
  const { attachment } = input;
  if (!hidesFileNames(input.user, input.edition)) return attachment.originalName;
  const n = attachmentNumber(await listAttachments(deps.db, attachment.entryId), attachment.id);
  return neutralName(input.blindLabel(n), attachment.fileType);
}

/** The files of one entry's ZIP, with the entry's number for its name. */
export async function entryArchive(
  deps: Deps,
  input: { entry: Entry; edition: Edition; uploadDir: string; cover?: CoverInput },
): Promise<{ number: string; files: ZipFile[] }> {
  const covers = input.cover ? await coversOf(deps, input.edition, [input.entry], input.cover) : [];
  return {
    number: entryNumber(input.edition, input.entry),
    files: entryZipFiles(await listAttachments(deps.db, input.entry.id), input.uploadDir, covers[0]),
  };
}

/** What a cover sheet needs of the reader: their language and its catalogue. */
export interface CoverInput {
  lng: Lng;
  t: (key: string, params?: Record<string, unknown>) => string;
}

async function coversOf(deps: Deps, edition: Edition, entries: readonly Entry[], cover: CoverInput) {
  const [categories, organisations] = await Promise.all([
    listCategories(deps.db, edition.id),
    findOrganisationsByIds(deps.db, [...new Set(entries.map((e) => e.organisationId))]),
  ]);
  const pickName = (c: { nameNl: string; nameEn: string }) => pick(cover.lng, c.nameNl, c.nameEn);
  return coverSheets(deps, {
    edition,
    entries: entries.map((e) => {
      const category = categories.find((c) => c.id === e.categoryId);
      return {
        ...e,
        organisationName: organisations.find((o) => o.id === e.organisationId)?.name ?? '',
        categoryName: category ? pickName(category) : '',
      };
    }),
    lng: cover.lng,
    t: cover.t,
    numberOf: (e) => entryNumber(edition, e),
  });
}

/** The files of every submitted entry of an edition, a folder per entry ("2027-003 Title"). */
export async function editionArchive(
  deps: Deps,
  input: { edition: Edition; uploadDir: string; cover?: CoverInput },
): Promise<ZipFile[]> {
  const items = await listSubmittedAttachments(deps.db, input.edition.id);
  const covers = input.cover
    ? await coversOf(
        deps,
        input.edition,
        await listEntries(deps.db, { editionId: input.edition.id, status: 'submitted' }),
        input.cover,
      )
    : [];
  return editionZipFiles(items, input.uploadDir, (number) => entryNumber(input.edition, { number }), covers);
}
