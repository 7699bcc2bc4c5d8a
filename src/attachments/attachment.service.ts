import fs from 'node:fs';
import path from 'node:path';
import { fileTypeFromFile } from 'file-type';
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { findEdition } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { findEntry } from '../entries/entry.repo';
import { checkAction, refusalKey, type ActionRefusal } from '../entries/entry.rules';
import { entryWindow, notifyEditedAfterSubmit, recordEditAfterSubmit } from '../entries/entry.service';
import type { Entry } from '../entries/entry.types';
import { inTransaction, invalid, ok, refuse, type FieldError, type Result } from '../shared/result';
import type { User } from '../users/user.types';
import { extensionOf, normaliseOriginalName } from './attachment.names';
import {
  countAttachments,
  deleteAttachment,
  findAttachment,
  insertAttachment,
  lockEntry,
  setCleanStoredName,
} from './attachment.repo';
import {
  hashFile,
  isStoredName,
  removeFiles,
  storedPath,
  tmpDir,
  writeCleanCopy,
} from './attachment.storage';
import {
  attachmentTypeOf,
  FILE_KINDS,
  uploadError,
  type Attachment,
  type AttachmentType,
} from './attachment.types';

type Deps = Pick<AppContext, 'db' | 'clock' | 'config' | 'logger' | 'mailer' | 'i18n'>;

export const MB = 1024 * 1024;

/** Attachments change under the same rule as the entry's text: before the deadline, and not when withdrawn. */
export function attachmentsEditable(
  entry: Pick<Entry, 'status'>,
  edition: Edition,
  now: Date,
): { ok: true } | { ok: false; reason: ActionRefusal } {
  return checkAction({ action: 'edit', status: entry.status, window: entryWindow(edition, now) });
}

/**
 * Blind judging hides from jurors who made an entry, so a file name must not tell them either
 * ("Gemeente-Bunnik-plan.pdf"): jurors of a blind edition get each file under a neutral name, numbered as the jury
 * page numbers the attachments ("Bijlage 2" there, "bijlage-2.pdf" as a file). Organisers and the entrant always get
 * the original name.
 */
export function hidesFileNames(user: Pick<User, 'role'>, edition: Pick<Edition, 'blindJudging'>): boolean {
  return user.role === 'juror' && edition.blindJudging;
}

/** The number a file has on the jury page: its place among the entry's attachments in upload order, from 1. */
export function attachmentNumber(attachments: ReadonlyArray<Pick<Attachment, 'id'>>, id: number): number {
  return attachments.findIndex((a) => a.id === id) + 1;
}

/**
 * Only a file whose bytes were recognised as PDF at upload is shown in the browser, and then only as
 * application/pdf (with nosniff), so no upload can be made to open as a web page of ours. Every other type (Office
 * files, images) is always downloaded.
 */
export function viewableInline(attachment: Pick<Attachment, 'fileType' | 'mimeType'>): boolean {
  return attachment.fileType === 'pdf' && attachment.mimeType === FILE_KINDS.pdf.mime;
}

/** How many more files the entry may have. */
export function remainingSlots(edition: Pick<Edition, 'maxFiles'>, stored: number): number {
  return Math.max(0, edition.maxFiles - stored);
}

/** Editing is not allowed now (deadline passed, entry withdrawn): the entry's refusal, on the file input. */
export const refusalError = (reason: ActionRefusal): FieldError => ({
  field: 'files',
  messageKey: refusalKey(reason),
});

/** Room in a multipart body for the boundaries, part headers and the CSRF field, beyond the files themselves. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * Before reading any bytes of an upload: may files be added now, how many, and is the declared body within what
 * that many files may be? Returns the limits to receive the files with; a refusal is shown on the upload form
 * (statusForErrors: 413 for a body too large, else 422).
 */
export async function checkUploadRequest(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { entry: Entry; edition: Edition; declaredBytes: number },
): Promise<Result<{ fileSize: number; files: number }>> {
  const { entry, edition } = input;
  const check = attachmentsEditable(entry, edition, deps.clock.now());
  if (!check.ok) return invalid([refusalError(check.reason)]);
  const remaining = remainingSlots(edition, await countAttachments(deps.db, entry.id));
  if (remaining === 0) return invalid([uploadError('limitReached', { max: edition.maxFiles })]);
  const fileSize = edition.maxFileMb * MB;
  if (input.declaredBytes > remaining * fileSize + FORM_OVERHEAD_BYTES)
    return invalid([uploadError('requestTooLarge', { max: edition.maxFileMb, count: remaining })]);
  return ok({ fileSize, files: remaining });
}

/** A file multer wrote to UPLOAD_DIR/tmp under a random name, with the name the user's computer sent. */
export interface ReceivedFile {
  path: string;
  originalName: string;
  size: number;
}

interface CheckedFile {
  tmpPath: string;
  storedName: string;
  originalName: string;
  type: AttachmentType;
}

/**
 * Checks one received file against the edition's rules by its bytes, not by what the browser claimed: not empty,
 * not too large, a type we know (file-type reads the magic numbers, and for Office files the ZIP's content types),
 * allowed in this edition, and a name whose extension matches the content.
 */
export async function checkFile(
  file: ReceivedFile,
  edition: Pick<Edition, 'allowedTypes' | 'maxFileMb'>,
): Promise<{ ok: true; type: AttachmentType; name: string } | { ok: false; error: FieldError }> {
  const name = normaliseOriginalName(file.originalName);
  if (!name) return { ok: false, error: uploadError('nameMissing') };
  if (file.size === 0) return { ok: false, error: uploadError('empty', { name }) };
  if (file.size > edition.maxFileMb * MB)
    return { ok: false, error: uploadError('tooLarge', { name, max: edition.maxFileMb }) };
  const type = attachmentTypeOf((await fileTypeFromFile(file.path))?.ext);
  if (!type) return { ok: false, error: uploadError('unknownType', { name, allowed: edition.allowedTypes }) };
  if (!edition.allowedTypes.includes(type))
    return { ok: false, error: uploadError('typeNotAllowed', { name, type, allowed: edition.allowedTypes }) };
  if (!FILE_KINDS[type].extensions.includes(extensionOf(name)))
    return {
      ok: false,
      error: uploadError('extensionMismatch', { name, type, extensions: FILE_KINDS[type].extensions }),
    };
  return { ok: true, type, name };
}

/**
 * Adds the received files to an entry, all or nothing. Every file is checked first; then, in one transaction,
 * the entry is locked, the rules are checked again (the deadline may have passed during a long upload, a colleague
 * may have filled the last place), the rows and the audit record are written (for a submitted entry also that it
 * changed after submitting: entry.service recordEditAfterSubmit) and the files are renamed from tmp to their stored
 * name. Whatever fails, no received file stays on disk: a refused upload removes them, an error while renaming
 * rolls the rows back and removes what was already moved.
 */
export async function addAttachments(
  deps: Deps,
  input: { user: User; entryId: number; files: ReceivedFile[] },
): Promise<Result<number[]>> {
  const tmpPaths = input.files.map((f) => f.path);
  const moved: string[] = [];
  try {
    const result = await storeAttachments(deps, input, tmpPaths, moved);
    if (result.ok) await notifyEditedAfterSubmit(deps, { entryId: input.entryId, actor: input.user });
    else await removeFiles(tmpPaths, deps.logger);
    return result;
  } catch (err) {
    await removeFiles([...tmpPaths, ...moved], deps.logger);
    throw err;
  }
}

/**
 * addAttachments without the clean-up: checks, then writes and moves in one transaction. Files it makes in tmp are
 * added to `tmpPaths`; `moved` says what was moved into place.
 */
async function storeAttachments(
  deps: Deps,
  input: { user: User; entryId: number; files: ReceivedFile[] },
  tmpPaths: string[],
  moved: string[],
): Promise<Result<number[]>> {
  const entry = await findEntry(deps.db, input.entryId);
  const edition = entry && (await findEdition(deps.db, entry.editionId));
  if (!entry || !edition) return refuse('notFound', 'errors.404.message');
  if (input.files.length === 0) return invalid([uploadError('noFile')]);

  const checked: CheckedFile[] = [];
  const errors: FieldError[] = [];
  for (const file of input.files) {
    const storedName = path.basename(file.path);
    // Only files multer wrote into our tmp folder under a random name; anything else is a programming error.
    if (path.dirname(file.path) !== tmpDir(deps.config.uploadDir) || !isStoredName(storedName))
      throw new Error(`Not a received upload: ${file.path}`);
    const result = await checkFile(file, edition);
    if (result.ok)
      checked.push({ tmpPath: file.path, storedName, originalName: result.name, type: result.type });
    else errors.push(result.error);
  }
  if (errors.length) return invalid(errors);

  const hashed = await Promise.all(checked.map(async (f) => ({ ...f, ...(await hashFile(f.tmpPath)) })));
  // In a blind edition jurors get a copy without document metadata, made now so a file that cannot be stripped is
  // refused while the entrant is still here to send another.
  const cleanTmp: Array<string | null> = [];
  if (edition.blindJudging) {
    for (const f of hashed) {
      const copy = await writeCleanCopy(deps.config.uploadDir, f.tmpPath, f.type);
      if (copy) tmpPaths.push(copy);
      else errors.push(uploadError('cannotAnonymise', { name: f.originalName }));
      cleanTmp.push(copy);
    }
    if (errors.length) return invalid(errors);
  }
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx): Promise<Result<number[]>> => {
    await lockEntry(trx, entry.id);
    const current = await findEntry(trx, entry.id);
    if (!current) return refuse('notFound', 'errors.404.message');
    const check = attachmentsEditable(current, edition, deps.clock.now());
    if (!check.ok) return invalid([refusalError(check.reason)]);
    const stored = await countAttachments(trx, entry.id);
    const remaining = remainingSlots(edition, stored);
    if (hashed.length > remaining)
      return invalid([
        remaining === 0
          ? uploadError('limitReached', { max: edition.maxFiles })
          : uploadError('tooMany', { count: remaining, max: edition.maxFiles }),
      ]);
    const ids: number[] = [];
    for (const [i, f] of hashed.entries()) {
      ids.push(
        await insertAttachment(trx, {
          entryId: entry.id,
          originalName: f.originalName,
          storedName: f.storedName,
          fileType: f.type,
          mimeType: FILE_KINDS[f.type].mime,
          sizeBytes: f.size,
          sha256: f.sha256,
          cleanStoredName: cleanTmp[i] ? path.basename(cleanTmp[i]!) : null,
          uploadedByUserId: input.user.id,
          createdAt: now,
        }),
      );
    }
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: 'attachment.add',
      subjectType: 'entry',
      subjectId: entry.id,
      after: hashed.map((f, i) => ({
        id: ids[i],
        name: f.originalName,
        type: f.type,
        size: f.size,
        sha256: f.sha256,
      })),
      at: now,
    });
    await recordEditAfterSubmit(trx, {
      entry: current,
      actor: input.user,
      change: { kind: 'attachment.add', attachmentIds: ids },
      now,
    });
    // Last, so a failed rename rolls the rows back; the commit after it is the only step that can still fail.
    const renames = hashed.flatMap((f, i) => [
      { from: f.tmpPath, name: f.storedName },
      ...(cleanTmp[i] ? [{ from: cleanTmp[i]!, name: path.basename(cleanTmp[i]!) }] : []),
    ]);
    for (const { from, name } of renames) {
      const target = storedPath(deps.config.uploadDir, name);
      await fs.promises.rename(from, target);
      moved.push(target);
    }
    return ok(ids);
  });
}

/**
 * Removes an attachment while the entry may be edited: the row, its audit record and, for a submitted entry, the
 * note that it changed after submitting, in one transaction; then the file. A file that cannot be removed is
 * logged and left to the start-up cleanup, which removes unreferenced files.
 */
export async function removeAttachment(
  deps: Deps,
  input: { user: User; entryId: number; attachmentId: number },
): Promise<Result<Attachment>> {
  const result = await inTransaction(deps.db, async (trx): Promise<Result<Attachment>> => {
    await lockEntry(trx, input.entryId);
    const entry = await findEntry(trx, input.entryId);
    const attachment = await findAttachment(trx, input.attachmentId);
    const edition = entry && (await findEdition(trx, entry.editionId));
    if (!entry || !edition || !attachment || attachment.entryId !== entry.id)
      return refuse('notFound', 'errors.404.message');
    const check = attachmentsEditable(entry, edition, deps.clock.now());
    if (!check.ok) return refuse('invalid', refusalKey(check.reason));
    const now = deps.clock.now();
    await deleteAttachment(trx, attachment.id);
    await recordAudit(trx, {
      actorUserId: input.user.id,
      action: 'attachment.delete',
      subjectType: 'entry',
      subjectId: entry.id,
      before: {
        id: attachment.id,
        name: attachment.originalName,
        type: attachment.fileType,
        size: attachment.sizeBytes,
        sha256: attachment.sha256,
      },
      at: now,
    });
    await recordEditAfterSubmit(trx, {
      entry,
      actor: input.user,
      change: { kind: 'attachment.delete', attachmentId: attachment.id },
      now,
    });
    return ok(attachment);
  });
  if (result.ok) {
    const { storedName, cleanStoredName } = result.value;
    await removeFiles(
      [storedName, ...(cleanStoredName ? [cleanStoredName] : [])].map((n) =>
        storedPath(deps.config.uploadDir, n),
      ),
      deps.logger,
    );
    await notifyEditedAfterSubmit(deps, { entryId: input.entryId, actor: input.user });
  }
  return result;
}

/**
 * The stored name of the attachment's copy without document metadata, made now if it was uploaded before its
 * edition judged blind (or before copies existed). Null when the file cannot be stripped: then a juror of a blind
 * edition does not get it at all. Two requests at once each make a copy; the first to record it wins and the other
 * removes its own.
 */
export async function cleanCopyOf(
  deps: Pick<Deps, 'db' | 'config' | 'logger'>,
  attachment: Attachment,
): Promise<string | null> {
  if (attachment.cleanStoredName) return attachment.cleanStoredName;
  const uploadDir = deps.config.uploadDir;
  const copy = await writeCleanCopy(
    uploadDir,
    storedPath(uploadDir, attachment.storedName),
    attachment.fileType as AttachmentType,
  );
  if (!copy) return null;
  const name = path.basename(copy);
  try {
    const recorded = await deps.db.transaction(async (trx) => {
      if (!(await setCleanStoredName(trx, attachment.id, name))) return false;
      await fs.promises.rename(copy, storedPath(uploadDir, name)); // last: a failed rename rolls the row back
      return true;
    });
    if (recorded) return name;
  } catch (err) {
    await removeFiles([copy], deps.logger);
    throw err;
  }
  await removeFiles([copy], deps.logger);
  return (await findAttachment(deps.db, attachment.id))?.cleanStoredName ?? null;
}
