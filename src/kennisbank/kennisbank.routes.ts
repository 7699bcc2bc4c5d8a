import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import { contentDisposition } from '../attachments/attachment.names';
import { storedPath } from '../attachments/attachment.storage';
import type { AppContext } from '../context';
import { publicRoute } from '../http/access';
import { HttpError } from '../http/errors';
import { firstString } from '../http/form-values';
import { loaded } from '../http/loaders';
import { createLimiter } from '../http/rate-limits';
import { renderForm } from '../http/render';
import { parseForm } from '../http/validation';
import type { FieldError } from '../shared/result';
import { CONTACT_LIMITS, contactSchema } from './contact.schemas';
import { sendContactMessage } from './contact.service';
import { projectLoader, publicAttachmentLoader } from './kennisbank.loaders';
import { atomFeed, openDataCsv } from './kennisbank.export';
import { createLibrary, libraryPage, openData, projectPage } from './kennisbank.pages';
import { parseLibraryFilters } from './kennisbank.rules';

export function kennisbankRoutes(ctx: AppContext): Router {
  const router = Router();
  const library = createLibrary(ctx);
  const loadProject = projectLoader(ctx);

  /** The kennisbank: every published entry of every announced edition, with search and filters. Anyone. */
  router.get('/kennisbank', publicRoute, ctx.publicPage, async (req, res) => {
    const page = await libraryPage(
      { ...ctx, library },
      {
        filters: parseLibraryFilters(req.query as Record<string, unknown>),
        rawPage: firstString(req.query.pagina),
        lng: req.lng,
        t: res.locals.t as (k: string) => string,
      },
    );
    res.render('kennisbank/index', { title: res.locals.t('kennisbank.index.title'), ...page });
  });

  /** The kennisbank as open data, one record per published entry with its licence: CSV. Anyone. */
  router.get('/kennisbank.csv', publicRoute, ctx.publicPage, async (_req, res) => {
    const csv = openDataCsv(await openData({ ...ctx, library }));
    res.type('text/csv; charset=utf-8').send(csv);
  });

  /** The same as JSON. Anyone. */
  router.get('/kennisbank.json', publicRoute, ctx.publicPage, async (_req, res) => {
    const records = await openData({ ...ctx, library });
    res.type('application/json; charset=utf-8').send(JSON.stringify({ projects: records }));
  });

  /** Atom feed of the newest published projects. Anyone. */
  router.get('/kennisbank/feed.atom', publicRoute, ctx.publicPage, async (_req, res) => {
    const feed = atomFeed({
      records: await openData({ ...ctx, library }),
      baseUrl: ctx.config.baseUrl.replace(/\/$/, ''),
      title: ctx.i18n.getFixedT('nl')('kennisbank.export.feedTitle'),
    });
    res.type('application/atom+xml; charset=utf-8').send(feed);
  });

  const showProject = async (
    req: Request,
    res: Response,
    errors: FieldError[] = [],
    values: Record<string, unknown> = {},
    status?: number,
  ) => {
    const page = await projectPage(ctx, {
      entry: loaded(req, 'project'),
      lng: req.lng,
      t: res.locals.t as (k: string) => string,
    });
    renderForm(res, 'kennisbank/show', {
      title: page.project.title,
      ...page,
      limits: CONTACT_LIMITS,
      sent: req.query.verstuurd === '1',
      errors,
      values,
      status,
    });
  };

  /** One published project: summary, makers, result, public attachments, contact with consent. Anyone. */
  router.get('/kennisbank/:entryId', publicRoute, ctx.publicPage, loadProject, (req, res) =>
    showProject(req, res),
  );

  // Ten messages an hour per address: enough for a person with questions, not for a spammer. In the database.
  const contactLimited = createLimiter(ctx, {
    name: 'kennisbank-contact',
    windowMs: 60 * 60 * 1000,
    limit: 10,
    onLimited: (req, res, next, minutes) => {
      const values = {
        name: (req.body as Record<string, unknown>).name,
        email: (req.body as Record<string, unknown>).email,
      };
      showProject(
        req,
        res,
        [{ field: 'message', messageKey: 'kennisbank.contact.limited', params: { minutes } }],
        values,
        429,
      ).catch(next);
    },
  });

  /**
   * "Neem contact op": forwards a question to the makers of a published project that may be contacted, without
   * showing their address. Anyone; CSRF-checked like every form, rate limited per address.
   */
  router.post('/kennisbank/:entryId/contact', publicRoute, loadProject, contactLimited, async (req, res) => {
    const project = loaded(req, 'project');
    if (!project.showContact) throw new HttpError(404);
    const form = parseForm(contactSchema, req.body);
    const values = req.body as Record<string, unknown>;
    if (!form.ok) return showProject(req, res, form.errors, values);
    const result = await sendContactMessage(ctx, { project, form: form.data });
    if (!result.ok) throw new HttpError(404);
    res.redirect(303, `/kennisbank/${project.id}?verstuurd=1#contact`);
  });

  /** Downloads an attachment its makers marked public, of a published project. Anyone. */
  router.get(
    '/kennisbank/:entryId/bijlagen/:attachmentId',
    publicRoute,
    loadProject,
    publicAttachmentLoader(ctx),
    async (req, res) => {
      const attachment = loaded(req, 'publicAttachment');
      const file = storedPath(ctx.config.uploadDir, attachment.storedName);
      const stat = await fs.promises.stat(file).catch(() => null);
      if (!stat) throw new HttpError(404);
      res.setHeader('Content-Type', attachment.mimeType);
      res.setHeader('Content-Length', String(stat.size));
      res.setHeader('Content-Disposition', contentDisposition(attachment.originalName, 'attachment'));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
      // Not kept by shared caches: a withdrawal must take the file away at once.
      res.setHeader('Cache-Control', 'no-store');
      await pipeline(fs.createReadStream(file), res).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
      });
    },
  );

  return router;
}
