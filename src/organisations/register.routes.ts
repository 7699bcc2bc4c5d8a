import { drain } from '../http/drain';
import { Router, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import type { AppContext } from '../context';
import { requireRole } from '../http/access';
import { HttpError } from '../http/errors';
import { firstString } from '../http/form-values';
import { refusalToError } from '../http/render';
import type { FieldError } from '../shared/result';
import { LIST_FIELD, decodeList, successorField } from './register';
import { applyImport, previewImport, type ImportPreview } from './register.service';

const MB = 1024 * 1024;
/** A CBS list of some 340 gemeenten is about 20 kB; 2 MB leaves room for any export of it. */
const MAX_FILE_MB = 2;
/** Room in a multipart body for the boundaries, part headers, the CSRF field and a pasted list. */
const FORM_OVERHEAD_BYTES = 64 * 1024;
const FILE_FIELD = 'file';

/** The decisions on disappeared gemeenten as posted: `successor-GM0402` → a code of the new list or 'ended'. */
function postedDecisions(body: Record<string, unknown>) {
  const successors = new Map<string, string>();
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    const code = /^successor-(GM\d{4})$/.exec(key)?.[1];
    if (!code) continue;
    const decision = firstString(value).trim();
    values[successorField(code)] = decision;
    if (decision !== '') successors.set(code, decision);
  }
  return { successors, values };
}

export interface RegisterRouteOptions {
  /** The CSRF check for multipart bodies, run after multer has read the `_csrf` field (http/csrf.ts: verify). */
  verifyCsrf: RequestHandler;
}

export function registerRoutes(ctx: AppContext, options: RegisterRouteOptions): Router {
  const router = Router();
  const admin = requireRole('admin');

  // The file stays in memory: it is read once as text and never stored.
  const upload = multer({
    storage: multer.memoryStorage(),
    defParamCharset: 'utf8',
    limits: {
      fileSize: MAX_FILE_MB * MB,
      files: 1,
      fields: 5,
      fieldSize: MAX_FILE_MB * MB,
      fieldNameSize: 100,
      parts: 6,
      headerPairs: 100,
    },
  }).single(FILE_FIELD);

  const renderImport = (res: Response, status: number, values: { csv: string }, errors: FieldError[] = []) =>
    res.status(status).render('organisations/import', {
      title: res.locals.t('register.import.title'),
      values,
      errors,
      maxMb: MAX_FILE_MB,
    });

  const renderPreview = (
    res: Response,
    status: number,
    input: { preview: ImportPreview; text: string; values?: Record<string, string>; errors?: FieldError[] },
  ) =>
    res.status(status).render('organisations/import-preview', {
      title: res.locals.t('register.preview.title'),
      ...input.preview,
      text: input.text,
      values: input.values ?? {},
      errors: input.errors ?? [],
    });

  const tooLarge: FieldError = {
    field: FILE_FIELD,
    messageKey: 'register.errors.tooLarge',
    params: { max: MAX_FILE_MB },
  };

  // Before reading the body: a declared size beyond the limits is refused at once; then multer with the limits.
  const receiveList: RequestHandler = async (req, res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_FILE_MB * MB + FORM_OVERHEAD_BYTES) {
      await drain(req);
      return renderImport(res, 413, { csv: '' }, [tooLarge]);
    }
    upload(req, res, (err?: unknown) => {
      if (!err) return next();
      if (
        err instanceof multer.MulterError &&
        (err.code === 'LIMIT_FILE_SIZE' || err.code === 'LIMIT_FIELD_VALUE')
      )
        return renderImport(res, 413, { csv: '' }, [tooLarge]);
      // Too many parts, an unexpected field, a malformed or interrupted body.
      next(new HttpError(400));
    });
  };

  // The token is in the multipart body, so it is checked only after multer (the global check skips multipart).
  const checkCsrf: RequestHandler = (req, res, next) => options.verifyCsrf(req, res, next);

  /** The form to read in a new CBS list of gemeenten: a file, or the list pasted. Admins. */
  router.get('/admin/organisations/import', admin, (_req, res) => renderImport(res, 200, { csv: '' }));

  /**
   * Reads the chosen file (or the pasted list) and shows what it would change, with a decision to take for every
   * gemeente that is no longer on it. Nothing is written yet. Admins.
   */
  router.post('/admin/organisations/import', admin, receiveList, checkCsrf, async (req, res) => {
    const pasted = firstString((req.body as Record<string, unknown> | undefined)?.csv);
    let text = pasted;
    let field = LIST_FIELD;
    if (req.file && req.file.size > 0) {
      const decoded = decodeList(req.file.buffer);
      if (!decoded.ok)
        return renderImport(
          res,
          422,
          { csv: pasted },
          decoded.errors.map((e) => ({ ...e, field: FILE_FIELD })),
        );
      text = decoded.value;
      field = FILE_FIELD;
    } else if (pasted.trim() === '') {
      return renderImport(res, 422, { csv: '' }, [
        { field: FILE_FIELD, messageKey: 'register.errors.listRequired' },
      ]);
    }
    const preview = await previewImport(ctx, { text });
    if (!preview.ok)
      return renderImport(
        res,
        422,
        { csv: field === LIST_FIELD ? pasted : '' },
        preview.errors.map((e) => ({ ...e, field })),
      );
    renderPreview(res, 200, { preview: preview.value, text });
  });

  /**
   * Applies the list shown in the preview: the same text is read again against the register as it is now, and
   * every change is made in one transaction. A missing decision shows the preview again (422). Admins.
   */
  router.post('/admin/organisations/import/apply', admin, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = firstString(body.csv);
    const { successors, values } = postedDecisions(body);
    const result = await applyImport(ctx, { actor: req.user!, text, successors });
    if (result.ok) return res.redirect(303, '/admin/organisations?notice=imported');
    if (result.refusal !== 'invalid') throw refusalToError(result);
    const preview = await previewImport(ctx, { text });
    if (!preview.ok) return renderImport(res, 422, { csv: text.slice(0, 300_000) }, preview.errors);
    renderPreview(res, 422, { preview: preview.value, text, values, errors: result.errors });
  });

  return router;
}
