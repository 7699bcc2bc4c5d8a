import { editionCalendar } from '../calendar/calendar.pages';
import { CALENDAR_KINDS, type CalendarKind } from '../calendar/ics';
import { HttpError } from '../http/errors';
import { Router, type Response } from 'express';
import type { AppContext } from '../context';
import { publicRoute } from '../http/access';
import { loaded } from '../http/loaders';
import { publishedEditionLoader } from './edition.loaders';
import { archivePage, callPage, homePage, type CallPage } from './edition.pages';

/** A kept copy of a page with a call must not outlive the moment submissions open or close. */
function expireWith(res: Response, call: CallPage | null): void {
  if (call?.expires) res.locals.pageExpires = call.expires;
}

export function publicEditionRoutes(ctx: AppContext): Router {
  const router = Router();

  /** The public home page: the current edition's call, or a general introduction when none is published. Anyone. */
  router.get('/', publicRoute, ctx.publicPage, async (req, res) => {
    const page = await homePage(ctx, { lng: req.lng, now: ctx.clock.now() });
    expireWith(res, page.call);
    res.render('home/index', {
      title: page.call ? page.call.edition.name : res.locals.t('home.title'),
      ...page,
      loggedOut: req.query.uitgelogd === '1',
    });
  });

  /** Past editions and their winners once announced. Anyone. */
  router.get('/archief', publicRoute, ctx.publicPage, async (_req, res) => {
    res.render('editions/archive', {
      title: res.locals.t('editions.archive.title'),
      ...(await archivePage(ctx)),
    });
  });

  /** The call page of one published edition, by year. Anyone. */
  router.get('/edities/:year', publicRoute, ctx.publicPage, publishedEditionLoader(ctx), async (req, res) => {
    const call = await callPage(ctx, {
      edition: loaded(req, 'publishedEdition'),
      lng: req.lng,
      now: ctx.clock.now(),
    });
    expireWith(res, call);
    res.render('editions/call', { title: call.edition.name, ...call });
  });

  /** The deadline or the conference of a published edition as a calendar file (.ics). Anyone. */
  router.get('/edities/:year/:kind.ics', publicRoute, publishedEditionLoader(ctx), (req, res) => {
    const kind = String(req.params.kind);
    if (!(CALENDAR_KINDS as readonly string[]).includes(kind)) throw new HttpError(404);
    const file = editionCalendar({
      edition: loaded(req, 'publishedEdition'),
      kind: kind as CalendarKind,
      t: req.t,
      baseUrl: ctx.config.baseUrl,
      now: ctx.clock.now(),
    });
    if (!file) throw new HttpError(404);
    res.attachment(file.filename).type('text/calendar; charset=utf-8').send(file.body);
  });

  return router;
}
