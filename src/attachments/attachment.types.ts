import type { AttachmentType } from '../editions/edition.types';

export type { AttachmentType };

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

/** Why one uploaded file, or the whole upload, was refused. Each code is a message under attachments.errors. */
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
  /** Editing is not allowed now (deadline passed, entry withdrawn); the message is the entry's refusal. */
  | 'refused';

/** A message for the upload form, GOV.UK style: the field it belongs to (for the summary's link) and a key. */
export interface UploadError {
  field: 'files';
  code: UploadErrorCode;
  messageKey: string;
  params?: Record<string, unknown>;
}

export function uploadError(
  code: Exclude<UploadErrorCode, 'refused'>,
  params?: Record<string, unknown>,
): UploadError {
  return { field: 'files', code, messageKey: `attachments.errors.${code}`, params };
}

/** 413 when something was too big, otherwise 422: the request was understood but cannot be accepted. */
export function statusForErrors(errors: readonly UploadError[]): 413 | 422 {
  return errors.some((e) => e.code === 'tooLarge' || e.code === 'requestTooLarge') ? 413 : 422;
}
