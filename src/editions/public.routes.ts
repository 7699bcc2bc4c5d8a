import { Router, type Response } from 'express';
import type { AppContext } from '../context';
import { publicRoute } from '../http/access';
import { HttpError } from '../http/errors';
import { formatRemaining } from '../shared/time';
import { plainTextToHtml } from '../shared/plain-text';
import { listAnnouncedWinners } from '../results/results.repo';
import { countActiveAdmins } from '../users/user.repo';
import { findCurrentEdition, listCategories, listCriteria, listEditions } from './edition.repo';
import type { Edition } from './edition.types';
import { acceptsEntries, effectivePhase, isBeforeOpening, isPublished, nextScheduledChange } from './phase';

export function publicEditionRoutes(ctx: AppContext): Router {
  const router = Router();

  /** The call page for an edition: what the prize is for, deadline, categories, criteria, rules. */
  async function callLocals(edition: Edition, lng: 'nl' | 'en', res: Response) {
    const now = ctx.clock.now();
    // A kept copy of this page must not outlive the moment submissions open or close.
    res.locals.pageExpires = nextScheduledChange(edition, now) ?? undefined;
    const [criteria, categories] = await Promise.all([
      listCriteria(ctx.db, edition.id),
      listCategories(ctx.db, edition.id),
    ]);
    const pick = (nl: string, en: string) => (lng === 'en' && en.trim() ? en : nl);
    const phase = effectivePhase(edition, now);
    const winner = phase === 'announced' ? (await listAnnouncedWinners(ctx.db)).get(edition.id) : undefined;
    return {
      winnerUrl: winner ? `/edities/${edition.year}/winnaar` : null,
      edition,
      phase,
      accepting: acceptsEntries(edition, now),
      beforeOpening: isBeforeOpening(edition, now),
      remaining: edition.closesAt ? formatRemaining(edition.closesAt.getTime() - now.getTime(), lng) : '',
      introHtml: plainTextToHtml(pick(edition.introNl, edition.introEn)),
      rulesHtml: plainTextToHtml(pick(edition.rulesNl, edition.rulesEn)),
      criteria: criteria.map((c) => ({
        ...c,
        name: pick(c.nameNl, c.nameEn),
        description: pick(c.descriptionNl, c.descriptionEn),
      })),
      categories: categories.map((c) => ({ ...c, name: pick(c.nameNl, c.nameEn) })),
      prize: new Intl.NumberFormat(lng === 'en' ? 'en-GB' : 'nl-NL', {
        style: 'currency',
        currency: 'EUR',
        maximumFractionDigits: 0,
      }).format(edition.prizeAmountCents / 100),
    };
  }

  /** The public home page: the current edition's call, or a general introduction when none is published. Anyone. */
  router.get('/', publicRoute, ctx.publicPage, async (req, res) => {
    const current = await findCurrentEdition(ctx.db);
    const published = current && isPublished(current.phase) ? current : null;
    res.render('home/index', {
      title: published ? published.name : res.locals.t('home.title'),
      needsSetup: (await countActiveAdmins(ctx.db)) === 0,
      loggedOut: req.query.uitgelogd === '1',
      call: published ? await callLocals(published, req.lng, res) : null,
    });
  });

  /** Past editions and their winners once announced. Anyone. */
  router.get('/archief', publicRoute, ctx.publicPage, async (_req, res) => {
    // Past editions, and the current one as soon as its winner is announced (it is history from that moment).
    const editions = (await listEditions(ctx.db)).filter(
      (e) => isPublished(e.phase) && (!e.isCurrent || e.phase === 'announced'),
    );
    const winners = await listAnnouncedWinners(ctx.db);
    res.render('editions/archive', {
      title: res.locals.t('editions.archive.title'),
      editions: editions.map((e) => ({
        ...e,
        winner: e.phase === 'announced' ? (winners.get(e.id) ?? null) : null,
      })),
    });
  });

  /** The call page of one published edition, by year. Anyone. */
  router.get('/edities/:year', publicRoute, ctx.publicPage, async (req, res) => {
    const year = Number(req.params.year);
    const edition = (await listEditions(ctx.db)).find((e) => e.year === year && isPublished(e.phase));
    if (!edition) throw new HttpError(404);
    res.render('editions/call', { title: edition.name, ...(await callLocals(edition, req.lng, res)) });
  });

  return router;
}
