import fs from 'node:fs';
import { parseId } from '../http/ids';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import type { AppContext } from '../context';
import { findEdition } from '../editions/edition.repo';
import { loadEntry } from '../entries/entry.access';
import { findAttachment, listAttachments } from '../entries/entry.repo';
import { entryNumber } from '../entries/entry.service';
import type { Attachment } from '../entries/entry.types';
import { requireRole } from '../http/access';
import { HttpError } from '../http/errors';
import { contentDisposition, neutralName, normaliseOriginalName } from './attachment.names';
import { countAttachments, listSubmittedAttachments } from './attachment.repo';
import {
  addAttachments,
  attachmentNumber,
  attachmentsEditable,
  hidesFileNames,
  MB,
  refusalError,
  remainingSlots,
  removeAttachment,
  viewableInline,
  type ReceivedFile,
} from './attachment.service';
import { newStoredName, removeFiles, storedPath, tmpDir } from './attachment.storage';
import { uploadError, type UploadError } from './attachment.types';
import { localiseErrors } from './attachment.view';
import { editionZipFiles, entryZipFiles, streamZip } from './attachment.zip';

declare module 'express-serve-static-core' {
  interface Request {
    attachment?: Attachment;
  }
}

/** Room in a multipart body for the boundaries, part headers and the CSRF field, beyond the files themselves. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** Reads and discards the rest of a request body, so the client gets our answer instead of a reset connection. */
function drain(req: Request): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    req.once('end', resolve);
    req.once('close', resolve);
    req.once('error', resolve);
    req.resume();
  });
}

const receivedFiles = (req: Request): ReceivedFile[] =>
  (Array.isArray(req.files) ? req.files : []).map((f) => ({
    path: f.path,
    originalName: f.originalname,
    size: f.size,
  }));

/** Removes every file multer received for this request (a no-op for files already moved into place). */
const removeReceived = (req: Request) =>
  removeFiles(
    receivedFiles(req).map((f) => f.path),
    req.log,
  );

export interface AttachmentRouteOptions {
  /** The CSRF check for multipart bodies, run after multer has read the `_csrf` field (http/csrf.ts: verify). */
  verifyCsrf: RequestHandler;
}

export function attachmentRoutes(ctx: AppContext, options: AttachmentRouteOptions): Router {
  const router = Router();
  const submitter = requireRole('submitter');
  const readers = requireRole('admin', 'submitter', 'juror');
  const admin = requireRole('admin');
  const load = loadEntry(ctx.db);
  const uploadDir = ctx.config.uploadDir;

  // Streams each file to UPLOAD_DIR/tmp under a random name; the user's file name never touches the disk.
  const storage = multer.diskStorage({
    destination: (_req, _file, cb) => {
      const dir = tmpDir(uploadDir);
      fs.mkdir(dir, { recursive: true }, (err) => cb(err, dir));
    },
    filename: (_req, _file, cb) => cb(null, newStoredName()),
  });

  // The attachment named in the URL, only as a file of the entry loaded before it (else 404).
  const loadAttachment: RequestHandler = (req, _res, next) => {
    const id = parseId(req.params.attachmentId);
    if (id === null) return next(new HttpError(404));
    findAttachment(ctx.db, id).then((attachment) => {
      if (!attachment || attachment.entryId !== req.entry?.id) return next(new HttpError(404));
      req.attachment = attachment;
      next();
    }, next);
  };

  /** The attachments page: the section with the upload form, as the answer to a refused upload. */
  const renderUploadPage = async (req: Request, res: Response, status: number, errors: UploadError[]) => {
    const entry = req.entry!;
    const edition = req.entryEdition!;
    const shown = localiseErrors(errors, req.t, req.lng);
    res.status(status).render('attachments/upload', {
      title: req.t('attachments.upload.title'),
      entry,
      edition,
      attachments: await listAttachments(ctx.db, entry.id),
      canEdit: attachmentsEditable(entry, edition, ctx.clock.now()).ok,
      uploadErrors: shown,
      errors: shown,
    });
  };

  // Before reading any bytes: may files be added now, how many, and is the declared body within the limits?
  const prepareUpload: RequestHandler = async (req, res, next) => {
    const entry = req.entry!;
    const edition = req.entryEdition!;
    const refuse = async (status: number, error: UploadError) => {
      await drain(req);
      await renderUploadPage(req, res, status, [error]);
    };
    const check = attachmentsEditable(entry, edition, ctx.clock.now());
    if (!check.ok) return refuse(422, refusalError(check.reason));
    const remaining = remainingSlots(edition, await countAttachments(ctx.db, entry.id));
    if (remaining === 0) return refuse(422, uploadError('limitReached', { max: edition.maxFiles }));
    const fileSize = edition.maxFileMb * MB;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > remaining * fileSize + FORM_OVERHEAD_BYTES)
      return refuse(413, uploadError('requestTooLarge', { max: edition.maxFileMb, count: remaining }));
    res.locals.uploadLimits = { fileSize, files: remaining };
    next();
  };

  // multer with this entry's limits; its refusals become messages on the form (files already removed by multer).
  const receiveFiles: RequestHandler = (req, res, next) => {
    const limits = res.locals.uploadLimits as { fileSize: number; files: number };
    const edition = req.entryEdition!;
    // Whatever happens next, nothing received stays in tmp once the answer is sent (stored files were moved).
    res.on('close', () => void removeReceived(req));
    const upload = multer({
      storage,
      defParamCharset: 'utf8',
      limits: {
        fileSize: limits.fileSize,
        files: limits.files,
        fields: 10,
        fieldSize: 8 * 1024,
        fieldNameSize: 100,
        parts: limits.files + 10,
        headerPairs: 100,
      },
    }).array('files');
    upload(req, res, (err?: unknown) => {
      if (!err) return next();
      if (err instanceof multer.MulterError) {
        const show = (status: number, error: UploadError) =>
          renderUploadPage(req, res, status, [error]).catch(next);
        if (err.code === 'LIMIT_FILE_SIZE') {
          const name = normaliseOriginalName((err as { filename?: string }).filename ?? '');
          return show(413, uploadError('tooLarge', { name, max: edition.maxFileMb }));
        }
        if (err.code === 'LIMIT_FILE_COUNT')
          return show(422, uploadError('tooMany', { count: limits.files, max: edition.maxFiles }));
        return next(new HttpError(400));
      }
      // Disk errors are ours (500); anything else is a malformed or interrupted body.
      next((err as NodeJS.ErrnoException).syscall ? err : new HttpError(400));
    });
  };

  // The token is in the multipart body, so it is checked only now; a failure removes what was received.
  const checkCsrf: RequestHandler = (req, res, next) => {
    options.verifyCsrf(req, res, (err?: unknown) => {
      if (!err) return next();
      removeFiles(
        receivedFiles(req).map((f) => f.path),
        req.log,
      ).then(() => next(err), next);
    });
  };

  /**
   * Adds one or more files to an entry (`<input type="file" name="files" multiple>`). Entrants of the entry's
   * organisation, while the entry may be edited. A refused upload re-renders the form with the reason (413/422).
   */
  router.post(
    '/entries/:entryId/attachments',
    submitter,
    load,
    prepareUpload,
    receiveFiles,
    checkCsrf,
    async (req, res) => {
      const entry = req.entry!;
      const result = await addAttachments(ctx, {
        user: req.user!,
        entryId: entry.id,
        files: receivedFiles(req),
      });
      if (!result.ok) return renderUploadPage(req, res, result.status, result.errors);
      const notice = result.ids.length === 1 ? 'attachment-added' : 'attachments-added';
      res.redirect(303, `/entries/${entry.id}/edit?notice=${notice}#attachments`);
    },
  );

  /** The name a file is sent under: its original name, or a neutral one for jurors in blind judging. */
  const fileName = async (req: Request, attachment: Attachment): Promise<string> => {
    if (!hidesFileNames(req.user!, req.entryEdition!)) return attachment.originalName;
    const n = attachmentNumber(await listAttachments(ctx.db, attachment.entryId), attachment.id);
    return neutralName(req.t('attachments.download.blindName', { n }), attachment.fileType);
  };

  /**
   * Sends the file of the loaded attachment: as a download, or for `view` shown in the browser's own PDF viewer
   * when it is a PDF (viewableInline; anything else is downloaded all the same).
   */
  const sendFile =
    (mode: 'download' | 'view'): RequestHandler =>
    async (req, res) => {
      const attachment = req.attachment!;
      const file = storedPath(uploadDir, attachment.storedName);
      const stat = await fs.promises.stat(file).catch(() => null);
      if (!stat) {
        req.log.error({ attachmentId: attachment.id, file }, 'attachment file missing');
        throw new HttpError(404);
      }
      const inline = mode === 'view' && viewableInline(attachment);
      res.setHeader('Content-Type', attachment.mimeType);
      res.setHeader('Content-Length', String(stat.size));
      res.setHeader(
        'Content-Disposition',
        contentDisposition(await fileName(req, attachment), inline ? 'inline' : 'attachment'),
      );
      res.setHeader('X-Content-Type-Options', 'nosniff');
      // A unique origin without scripts, forms, popups or plugins for whatever a browser renders. The built-in PDF
      // viewers still show a PDF opened as a page of its own under this policy (checked in Chromium 156 and Firefox
      // ESR 153; Chromium does not apply a PDF's CSP to its viewer). What they refuse is a PDF inside a sandboxed
      // frame, which is why the "Bekijken" link opens the file itself, never in an iframe.
      res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
      res.setHeader('Cache-Control', 'private, no-store');
      if (req.method === 'HEAD') return res.end();
      await pipeline(fs.createReadStream(file), res).catch((err: NodeJS.ErrnoException) => {
        // The client leaving halfway is not an error of ours.
        if (err.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
      });
    };

  /**
   * Downloads an attachment, always as a download, under its original name (jurors in blind judging get
   * "bijlage-1.pdf"). Organisers and entrants of the entry's organisation; jurors whom the jury's rules let see the
   * entry (loadEntry; else 404).
   */
  router.get(
    '/entries/:entryId/attachments/:attachmentId',
    readers,
    load,
    loadAttachment,
    sendFile('download'),
  );

  /**
   * Shows a PDF attachment in the browser ("Bekijken"); other types are downloaded. The same readers and the same
   * loaders as the download, so both answer exactly the same people.
   */
  router.get(
    '/entries/:entryId/attachments/:attachmentId/view',
    readers,
    load,
    loadAttachment,
    sendFile('view'),
  );

  const renderDeletePage = (req: Request, res: Response, status: number, refusal: UploadError | null) =>
    res.status(status).render('attachments/delete', {
      title: req.t('attachments.delete.title'),
      entry: req.entry!,
      attachment: req.attachment!,
      refusal: refusal?.messageKey ?? null,
    });

  /** Asks before removing an attachment. Entrants of the entry's organisation, while the entry may be edited. */
  router.get(
    '/entries/:entryId/attachments/:attachmentId/delete',
    submitter,
    load,
    loadAttachment,
    (req, res) => {
      const check = attachmentsEditable(req.entry!, req.entryEdition!, ctx.clock.now());
      if (!check.ok) return renderDeletePage(req, res, 422, refusalError(check.reason));
      renderDeletePage(req, res, 200, null);
    },
  );

  /** Removes an attachment: the row, then the file. Entrants of the entry's organisation, while editable. */
  router.post(
    '/entries/:entryId/attachments/:attachmentId/delete',
    submitter,
    load,
    loadAttachment,
    async (req, res) => {
      const entry = req.entry!;
      const result = await removeAttachment(ctx, {
        user: req.user!,
        entryId: entry.id,
        attachmentId: req.attachment!.id,
      });
      if (!result.ok) return renderDeletePage(req, res, result.status, result.error);
      res.redirect(303, `/entries/${entry.id}/edit?notice=attachment-deleted#attachments`);
    },
  );

  /** All attachments of one entry as a ZIP, streamed. Organisers. */
  router.get('/admin/entries/:entryId/attachments.zip', admin, load, async (req, res) => {
    const entry = req.entry!;
    const number = entryNumber(req.entryEdition!, entry);
    await streamZip(res, {
      files: entryZipFiles(await listAttachments(ctx.db, entry.id), uploadDir),
      downloadName: `${req.t('attachments.zip.entryFile', { number })}.zip`,
      logger: req.log,
    });
  });

  /**
   * The attachments of every submitted entry of an edition as one ZIP, a folder per entry ("2027-003 Title"),
   * streamed. Organisers.
   */
  router.get('/admin/editions/:editionId/attachments.zip', admin, async (req, res) => {
    const id = parseId(req.params.editionId);
    const edition = id === null ? undefined : await findEdition(ctx.db, id);
    if (!edition) throw new HttpError(404);
    const items = await listSubmittedAttachments(ctx.db, edition.id);
    await streamZip(res, {
      files: editionZipFiles(items, uploadDir, (number) => entryNumber(edition, { number })),
      downloadName: `${req.t('attachments.zip.editionFile', { year: edition.year })}.zip`,
      logger: req.log,
    });
  });

  return router;
}
