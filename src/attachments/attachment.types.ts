import type { AttachmentType } from '../editions/edition.types';
import type { FieldError } from '../shared/result';

export type { AttachmentType };

/** A file of an entry, as its row in `attachments` says it (attachment.repo.ts is the only reader and writer). */
export interface Attachment {
  id: number;
  entryId: number;
  originalName: string;
  storedName: string;
  fileType: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  /** The copy without document metadata that jurors of a blind edition get (attachment.metadata.ts); null until made. */
  cleanStoredName: string | null;
  uploadedByUserId: number | null;
  createdAt: Date;
}

/**
 * What each attachment type an edition may allow is, as the bytes show it: the MIME type we store and serve,
 * and the extensions a file of that type may carry. Office files are ZIP containers; file-type tells them apart
 * by their content ([Content_Types].xml), so a .docx renamed to .xlsx is refused like any other mismatch.
 */
export const FILE_KINDS: Readonly<Record<AttachmentType, { mime: string; extensions: readonly string[] }>> = {
  pdf: { mime: 'application/pdf', extensions: ['pdf'] },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
  },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  pptx: {
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
  },
  png: { mime: 'image/png', extensions: ['png'] },
  jpeg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
};

/** file-type's extension → our type; anything not listed (exe, zip, docm, gif …) is not an attachment type. */
const DETECTED: Readonly<Record<string, AttachmentType>> = {
  pdf: 'pdf',
  docx: 'docx',
  xlsx: 'xlsx',
  pptx: 'pptx',
  png: 'png',
  jpg: 'jpeg',
};

export function attachmentTypeOf(detectedExt: string | undefined): AttachmentType | null {
  return (detectedExt && DETECTED[detectedExt]) || null;
}

/**
 * Why one uploaded file, or the whole upload, was refused. Each code is a message under attachments.errors; when
 * editing is not allowed at all (deadline passed, entry withdrawn) the message is the entry's refusal instead.
 */
export type UploadErrorCode =
  | 'noFile'
  | 'empty'
  | 'tooLarge'
  | 'requestTooLarge'
  | 'tooMany'
  | 'limitReached'
  | 'unknownType'
  | 'typeNotAllowed'
  | 'extensionMismatch'
  | 'nameMissing'
  | 'cannotAnonymise';

/**
 * A message for the upload form, GOV.UK style: a FieldError on the file input (`files`, for the summary's link)
 * with the key `attachments.errors.<code>`.
 */
export function uploadError(code: UploadErrorCode, params?: Record<string, unknown>): FieldError {
  return { field: 'files', messageKey: `attachments.errors.${code}`, params };
}

const TOO_LARGE = new Set([uploadError('tooLarge').messageKey, uploadError('requestTooLarge').messageKey]);

/**
 * The status of a refused upload, decided at the HTTP edge from its messages: 413 when something was too big,
 * otherwise 422 (the request was understood but cannot be accepted).
 */
export function statusForErrors(errors: readonly FieldError[]): 413 | 422 {
  return errors.some((e) => TOO_LARGE.has(e.messageKey)) ? 413 : 422;
}
