import fs from 'node:fs';
import path from 'node:path';
import { fileTypeFromFile } from 'file-type';
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { findEdition } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { HttpError } from '../http/errors';
import { deleteAttachment, findAttachment, findEntry, insertAttachment } from '../entries/entry.repo';
import { checkAction, refusalKey, type ActionRefusal } from '../entries/entry.rules';
import { entryWindow, notifyEditedAfterSubmit, recordEditAfterSubmit } from '../entries/entry.service';
import type { Attachment, Entry } from '../entries/entry.types';
import type { User } from '../users/user.types';
import { extensionOf, normaliseOriginalName } from './attachment.names';
import { countAttachments, lockEntry } from './attachment.repo';
import { hashFile, isStoredName, removeFiles, storedPath, tmpDir } from './attachment.storage';
import {
  attachmentTypeOf,
  FILE_KINDS,
  statusForErrors,
  uploadError,
  type AttachmentType,
  type UploadError,
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

export const refusalError = (reason: ActionRefusal): UploadError => ({
  field: 'files',
  code: 'refused',
  messageKey: refusalKey(reason),
});

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
): Promise<{ ok: true; type: AttachmentType; name: string } | { ok: false; error: UploadError }> {
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

export type UploadResult =
  { ok: true; ids: number[] } | { ok: false; status: 413 | 422; errors: UploadError[] };

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
): Promise<UploadResult> {
  const tmpPaths = input.files.map((f) => f.path);
  const fail = async (errors: UploadError[]): Promise<UploadResult> => {
    await removeFiles(tmpPaths, deps.logger);
    return { ok: false, status: statusForErrors(errors), errors };
  };
  const moved: string[] = [];
  try {
    const entry = await findEntry(deps.db, input.entryId);
    if (!entry) throw new HttpError(404);
    const edition = await findEdition(deps.db, entry.editionId);
    if (!edition) throw new HttpError(404);
    if (input.files.length === 0) return await fail([uploadError('noFile')]);

    const checked: CheckedFile[] = [];
    const errors: UploadError[] = [];
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
    if (errors.length) return await fail(errors);

    const hashed = await Promise.all(checked.map(async (f) => ({ ...f, ...(await hashFile(f.tmpPath)) })));
    const now = deps.clock.now();
    const result = await deps.db.transaction(async (trx): Promise<UploadResult> => {
      await lockEntry(trx, entry.id);
      const current = await findEntry(trx, entry.id);
      if (!current) throw new HttpError(404);
      const check = attachmentsEditable(current, edition, deps.clock.now());
      if (!check.ok) return { ok: false, status: 422, errors: [refusalError(check.reason)] };
      const stored = await countAttachments(trx, entry.id);
      const remaining = remainingSlots(edition, stored);
      if (hashed.length > remaining) {
        const error =
          remaining === 0
            ? uploadError('limitReached', { max: edition.maxFiles })
            : uploadError('tooMany', { count: remaining, max: edition.maxFiles });
        return { ok: false, status: 422, errors: [error] };
      }
      const ids: number[] = [];
      for (const f of hashed) {
        ids.push(
          await insertAttachment(trx, {
            entryId: entry.id,
            originalName: f.originalName,
            storedName: f.storedName,
            fileType: f.type,
            mimeType: FILE_KINDS[f.type].mime,
            sizeBytes: f.size,
            sha256: f.sha256,
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
      for (const f of hashed) {
        const target = storedPath(deps.config.uploadDir, f.storedName);
        await fs.promises.rename(f.tmpPath, target);
        moved.push(target);
      }
      return { ok: true, ids };
    });
    if (!result.ok) await removeFiles(tmpPaths, deps.logger);
    else await notifyEditedAfterSubmit(deps, { entryId: entry.id, actor: input.user });
    return result;
  } catch (err) {
    await removeFiles([...tmpPaths, ...moved], deps.logger);
    throw err;
  }
}

export type RemoveResult =
  { ok: true; attachment: Attachment } | { ok: false; status: 422; error: UploadError };

/**
 * Removes an attachment while the entry may be edited: the row, its audit record and, for a submitted entry, the
 * note that it changed after submitting, in one transaction; then the file. A file that cannot be removed is
 * logged and left to the start-up cleanup, which removes unreferenced files.
 */
export async function removeAttachment(
  deps: Deps,
  input: { user: User; entryId: number; attachmentId: number },
): Promise<RemoveResult> {
  const result = await deps.db.transaction(async (trx): Promise<RemoveResult> => {
    await lockEntry(trx, input.entryId);
    const entry = await findEntry(trx, input.entryId);
    const attachment = await findAttachment(trx, input.attachmentId);
    if (!entry || !attachment || attachment.entryId !== entry.id) throw new HttpError(404);
    const edition = await findEdition(trx, entry.editionId);
    if (!edition) throw new HttpError(404);
    const check = attachmentsEditable(entry, edition, deps.clock.now());
    if (!check.ok) return { ok: false, status: 422, error: refusalError(check.reason) };
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
    return { ok: true, attachment };
  });
  if (result.ok) {
    await removeFiles([storedPath(deps.config.uploadDir, result.attachment.storedName)], deps.logger);
    await notifyEditedAfterSubmit(deps, { entryId: input.entryId, actor: input.user });
  }
  return result;
}
