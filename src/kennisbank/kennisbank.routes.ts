import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { contentDisposition } from '../attachments/attachment.names';
import { storedPath } from '../attachments/attachment.storage';
import type { AppContext } from '../context';
import { publicRoute } from '../http/access';
import { HttpError } from '../http/errors';
import { firstString } from '../http/form-values';
import { loaded } from '../http/loaders';
import { projectLoader, publicAttachmentLoader } from './kennisbank.loaders';
import { createLibrary, libraryPage, projectPage } from './kennisbank.pages';
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

  /** One published project: summary, makers, result, public attachments, contact with consent. Anyone. */
  router.get('/kennisbank/:entryId', publicRoute, ctx.publicPage, loadProject, (req, res) => {
    const page = projectPage(loaded(req, 'project'));
    res.render('kennisbank/show', { title: page.project.title, ...page });
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
