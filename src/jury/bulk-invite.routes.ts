import { Router, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { drain } from '../http/drain';
import { HttpError } from '../http/errors';
import type { AppContext } from '../context';
import { editionLoader } from '../editions/edition.loaders';
import { requireRole } from '../http/access';
import { firstString } from '../http/form-values';
import { loaded } from '../http/loaders';
import { answerRefusal, renderForm } from '../http/render';
import type { FieldError } from '../shared/result';
import { summarise } from './bulk-invite';
import { JURY_STYLES } from './jury.pages';
import { planBulkInvites, sendBulkInvites } from './bulk-invite.service';

const MB = 1024 * 1024;
const FORM_OVERHEAD_BYTES = 600 * 1024;

/** A CSV file as text: UTF-8 (with or without BOM), else Windows-1252 as spreadsheets on Windows save it. */
function csvText(buffer: Buffer): string {
  const utf8 = buffer.toString('utf8');
  return utf8.includes('\uFFFD') ? buffer.toString('latin1') : utf8;
}

/**
 * Inviting many jurors at once: paste a list or choose a CSV file, see per line what will happen, then send.
 * Organisers. The preview form is multipart (for the file): its CSRF token is checked after multer.
 */
export function bulkInviteRoutes(ctx: AppContext, options: { verifyCsrf: RequestHandler }): Router {
  const router = Router();
  // The file stays in memory: it is read once as text and never stored.
  const upload = multer({
    storage: multer.memoryStorage(),
    defParamCharset: 'utf8',
    limits: {
      fileSize: MB,
      files: 1,
      fields: 5,
      fieldSize: 512 * 1024,
      fieldNameSize: 100,
      parts: 6,
      headerPairs: 100,
    },
  }).single('file');
  const admin = requireRole('admin');
  const loadEdition = editionLoader(ctx);
  const listOf = (req: Request) => firstString((req.body as Record<string, unknown> | undefined)?.list);

  const showForm = (req: Request, res: Response, list = '', errors: FieldError[] = [], status?: number) =>
    renderForm(res, 'jury/admin/bulk', {
      status,
      title: res.locals.t('jury.bulk.title'),
      edition: loaded(req, 'edition'),
      juryTab: 'jurors',
      stylesheets: JURY_STYLES,
      values: { list },
      errors,
    });

  /** The form to paste a list (name, e-mail, job title, employer per line). Admins. */
  router.get('/admin/editions/:editionId/jury/bulk', admin, loadEdition, (req, res) => showForm(req, res));

  const tooLarge = (req: Request, res: Response) =>
    showForm(req, res, '', [{ field: 'file', messageKey: 'jury.bulk.errors.tooLarge' }], 413);
  // A declared size beyond the limits is refused before reading the body; then multer with the limits.
  const receiveList: RequestHandler = async (req, res, next) => {
    if (Number(req.headers['content-length'] ?? 0) > MB + FORM_OVERHEAD_BYTES) {
      await drain(req);
      return tooLarge(req, res);
    }
    if (!req.is('multipart/form-data')) return next();
    upload(req, res, (err?: unknown) => {
      if (!err) return next();
      if (
        err instanceof multer.MulterError &&
        (err.code === 'LIMIT_FILE_SIZE' || err.code === 'LIMIT_FIELD_VALUE')
      )
        return tooLarge(req, res);
      next(new HttpError(400));
    });
  };
  const checkCsrf: RequestHandler = (req, res, next) =>
    req.is('multipart/form-data') ? options.verifyCsrf(req, res, next) : next();

  /** What sending would do, per line (new, already a juror, invalid and why); nothing is stored. Admins. */
  router.post(
    '/admin/editions/:editionId/jury/bulk/preview',
    admin,
    loadEdition,
    receiveList,
    checkCsrf,
    async (req, res) => {
      const list = req.file && req.file.size > 0 ? csvText(req.file.buffer) : listOf(req);
      const plan = await planBulkInvites(ctx, { editionId: loaded(req, 'edition').id, text: list });
      if (!plan.ok) return answerRefusal(plan, (errors) => showForm(req, res, list, errors));
      res.render('jury/admin/bulk-preview', {
        title: res.locals.t('jury.bulk.previewTitle'),
        edition: loaded(req, 'edition'),
        juryTab: 'jurors',
        stylesheets: JURY_STYLES,
        list,
        plan: plan.value,
        counts: summarise(plan.value),
      });
    },
  );

  /** Sends the invitations of the new lines only (each audited and mailed as one added by hand). Admins. */
  router.post('/admin/editions/:editionId/jury/bulk', admin, loadEdition, async (req, res) => {
    const list = listOf(req);
    const edition = loaded(req, 'edition');
    const result = await sendBulkInvites(ctx, {
      actor: req.user!,
      editionId: edition.id,
      text: list,
      lng: req.lng,
    });
    if (!result.ok) return answerRefusal(result, (errors) => showForm(req, res, list, errors));
    const count = (r: string) => result.value.filter((o) => o.result === r).length;
    res.render('jury/admin/bulk-sent', {
      title: res.locals.t('jury.bulk.sentTitle'),
      edition,
      juryTab: 'jurors',
      stylesheets: JURY_STYLES,
      outcomes: result.value,
      counts: {
        invited: count('invited'),
        added: count('added'),
        skipped: count('skipped'),
        refused: count('refused'),
      },
    });
  });

  return router;
}
