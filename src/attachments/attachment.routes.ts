import { drain } from '../http/drain';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import type { AppContext } from '../context';
import { editionLoader } from '../editions/edition.loaders';
import { entryLoader } from '../entries/entry.loaders';
import { requireRole } from '../http/access';
import { HttpError } from '../http/errors';
import { loaded } from '../http/loaders';
import { firstString } from '../http/form-values';
import { answerRefusal, renderForm } from '../http/render';
import type { FieldError } from '../shared/result';
import { attachmentLoader } from './attachment.loaders';
import { contentDisposition, normaliseOriginalName } from './attachment.names';
import {
  deleteAttachmentPage,
  downloadName,
  editionArchive,
  entryArchive,
  uploadPage,
} from './attachment.pages';
import {
  addAttachments,
  checkUploadRequest,
  cleanCopyOf,
  hidesFileNames,
  removeAttachment,
  viewableInline,
  type ReceivedFile,
} from './attachment.service';
import { newStoredName, removeFiles, storedPath, tmpDir } from './attachment.storage';
import { statusForErrors, uploadError } from './attachment.types';
import { localiseErrors } from './attachment.view';
import { streamZip } from './attachment.zip';

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
  const loadEntry = entryLoader(ctx);
  const loadAttachment = attachmentLoader(ctx);
  const loadEdition = editionLoader(ctx);
  const uploadDir = ctx.config.uploadDir;

  // Streams each file to UPLOAD_DIR/tmp under a random name; the user's file name never touches the disk.
  const storage = multer.diskStorage({
    destination: (_req, _file, cb) => {
      const dir = tmpDir(uploadDir);
      fs.mkdir(dir, { recursive: true }, (err) => cb(err, dir));
    },
    filename: (_req, _file, cb) => cb(null, newStoredName()),
  });

  /** The attachments page: the section with the upload form, as the answer to a refused upload (413 or 422). */
  const renderUploadPage = async (req: Request, res: Response, errors: FieldError[], notice?: string) => {
    const shown = localiseErrors(errors, req.t, req.lng);
    renderForm(res, 'attachments/upload', {
      title: req.t('attachments.upload.title'),
      ...(await uploadPage(ctx, {
        entry: loaded(req, 'entry'),
        edition: loaded(req, 'entryEdition'),
        now: ctx.clock.now(),
      })),
      uploadErrors: shown,
      errors: shown,
      notice,
      status: errors.length ? statusForErrors(errors) : undefined,
    });
  };

  // Before reading any bytes: may files be added now, how many, and is the declared body within the limits?
  const prepareUpload: RequestHandler = async (req, res, next) => {
    const allowance = await checkUploadRequest(ctx, {
      entry: loaded(req, 'entry'),
      edition: loaded(req, 'entryEdition'),
      declaredBytes: Number(req.headers['content-length'] ?? 0),
    });
    if (!allowance.ok)
      return answerRefusal(allowance, async (errors) => {
        await drain(req);
        await renderUploadPage(req, res, errors);
      });
    res.locals.uploadLimits = allowance.value;
    next();
  };

  // multer with this entry's limits; its refusals become messages on the form (files already removed by multer).
  const receiveFiles: RequestHandler = (req, res, next) => {
    const limits = res.locals.uploadLimits as { fileSize: number; files: number };
    const edition = loaded(req, 'entryEdition');
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
        const show = (error: FieldError) => renderUploadPage(req, res, [error]).catch(next);
        if (err.code === 'LIMIT_FILE_SIZE') {
          const name = normaliseOriginalName((err as { filename?: string }).filename ?? '');
          return show(uploadError('tooLarge', { name, max: edition.maxFileMb }));
        }
        if (err.code === 'LIMIT_FILE_COUNT')
          return show(uploadError('tooMany', { count: limits.files, max: edition.maxFiles }));
        return next(new HttpError(400));
      }
      // A disk that is full or read-only is ours (507/503, error-handler.ts), after reading the rest of the body so
      // the person gets the page; anything else is a malformed or interrupted body.
      if ((err as NodeJS.ErrnoException).syscall) return void drain(req).then(() => next(err));
      next(new HttpError(400));
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
   * The entry's attachments with the upload form and remove links: where the entry form's "save and add or remove
   * attachments" leads, so no typed text is lost by an upload. Entrants of the entry's organisation.
   */
  router.get('/entries/:entryId/attachments', submitter, loadEntry, (req, res) =>
    renderUploadPage(req, res, [], firstString(req.query.notice)),
  );

  /**
   * Adds one or more files to an entry (`<input type="file" name="files" multiple>`). Entrants of the entry's
   * organisation, while the entry may be edited. A refused upload re-renders the form with the reason (413/422).
   */
  router.post(
    '/entries/:entryId/attachments',
    submitter,
    loadEntry,
    prepareUpload,
    receiveFiles,
    checkCsrf,
    async (req, res) => {
      const entry = loaded(req, 'entry');
      const result = await addAttachments(ctx, {
        user: req.user!,
        entryId: entry.id,
        files: receivedFiles(req),
      });
      if (!result.ok) return answerRefusal(result, (errors) => renderUploadPage(req, res, errors));
      const notice = result.value.length === 1 ? 'attachment-added' : 'attachments-added';
      res.redirect(303, `/entries/${entry.id}/attachments?notice=${notice}`);
    },
  );

  /**
   * Sends the file of the loaded attachment: as a download, or for `view` shown in the browser's own PDF viewer
   * when it is a PDF (viewableInline; anything else is downloaded all the same).
   */
  const sendFile =
    (mode: 'download' | 'view'): RequestHandler =>
    async (req, res) => {
      const attachment = loaded(req, 'attachment');
      const edition = loaded(req, 'entryEdition');
      // Jurors of a blind edition get the copy without document metadata, never the original.
      const blind = hidesFileNames(req.user!, edition);
      const name = blind ? await cleanCopyOf(ctx, attachment) : attachment.storedName;
      if (!name) throw new HttpError(409, 'attachments.errors.cannotAnonymiseForJuror');
      const file = storedPath(uploadDir, name);
      const stat = await fs.promises.stat(file).catch(() => null);
      if (!stat) {
        req.log.error({ attachmentId: attachment.id, file }, 'attachment file missing');
        throw new HttpError(404);
      }
      const inline = mode === 'view' && viewableInline(attachment);
      const sentAs = await downloadName(ctx, {
        user: req.user!,
        edition,
        attachment,
        blindLabel: (n) => req.t('attachments.download.blindName', { n }),
      });
      res.setHeader('Content-Type', attachment.mimeType);
      res.setHeader('Content-Length', String(stat.size));
      res.setHeader('Content-Disposition', contentDisposition(sentAs, inline ? 'inline' : 'attachment'));
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
   * entry (entryLoader; else 404).
   */
  router.get(
    '/entries/:entryId/attachments/:attachmentId',
    readers,
    loadEntry,
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
    loadEntry,
    loadAttachment,
    sendFile('view'),
  );

  /** The question before removing a file; 422 with the reason when the entry may no longer be edited. */
  const renderDeletePage = (req: Request, res: Response, refusal?: string) => {
    const page = deleteAttachmentPage({
      entry: loaded(req, 'entry'),
      edition: loaded(req, 'entryEdition'),
      attachment: loaded(req, 'attachment'),
      now: ctx.clock.now(),
    });
    const shown = refusal ?? page.refusal;
    renderForm(res, 'attachments/delete', {
      title: req.t('attachments.delete.title'),
      ...page,
      refusal: shown,
      errors: [],
      status: shown ? 422 : 200,
    });
  };

  /** Asks before removing an attachment. Entrants of the entry's organisation, while the entry may be edited. */
  router.get(
    '/entries/:entryId/attachments/:attachmentId/delete',
    submitter,
    loadEntry,
    loadAttachment,
    (req, res) => renderDeletePage(req, res),
  );

  /** Removes an attachment: the row, then the file. Entrants of the entry's organisation, while editable. */
  router.post(
    '/entries/:entryId/attachments/:attachmentId/delete',
    submitter,
    loadEntry,
    loadAttachment,
    async (req, res) => {
      const entry = loaded(req, 'entry');
      const result = await removeAttachment(ctx, {
        user: req.user!,
        entryId: entry.id,
        attachmentId: loaded(req, 'attachment').id,
      });
      if (!result.ok)
        return answerRefusal(result, (errors) => renderDeletePage(req, res, errors[0]?.messageKey));
      res.redirect(303, `/entries/${entry.id}/attachments?notice=attachment-deleted`);
    },
  );

  /** All attachments of one entry as a ZIP, streamed. Organisers. */
  router.get('/admin/entries/:entryId/attachments.zip', admin, loadEntry, async (req, res) => {
    const { number, files } = await entryArchive(ctx, {
      entry: loaded(req, 'entry'),
      edition: loaded(req, 'entryEdition'),
      uploadDir,
      cover: { lng: req.lng, t: req.t },
    });
    await streamZip(res, {
      files,
      downloadName: `${req.t('attachments.zip.entryFile', { number })}.zip`,
      logger: req.log,
    });
  });

  /**
   * The attachments of every submitted entry of an edition as one ZIP, a folder per entry ("2027-003 Title"),
   * streamed. Organisers.
   */
  router.get('/admin/editions/:editionId/attachments.zip', admin, loadEdition, async (req, res) => {
    const edition = loaded(req, 'edition');
    await streamZip(res, {
      files: await editionArchive(ctx, { edition, uploadDir, cover: { lng: req.lng, t: req.t } }),
      downloadName: `${req.t('attachments.zip.editionFile', { year: edition.year })}.zip`,
      logger: req.log,
    });
  });

  return router;
}
