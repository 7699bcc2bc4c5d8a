import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { editionLoader } from '../editions/edition.loaders';
import { adminOnlyHidden, publicRoute } from '../http/access';
import { firstString } from '../http/form-values';
import { loaded } from '../http/loaders';
import { answerRefusal, renderForm } from '../http/render';
import { parseForm } from '../http/validation';
import { invalid, type FieldError } from '../shared/result';
import { codeCardsPdf } from './code-cards.pdf';
import { createVoteFeed } from './vote.feed';
import { ballotPage, chosenFinalist, projectorPage, projectorSnapshot, voteAdminPage } from './vote.pages';
import { wrongCodeLimit } from './vote.rate-limit';
import { normaliseCode, formatCode, parseEmailList } from './vote.rules';
import { ballotSchema, codesSchema, countsSchema, openSchema } from './vote.schemas';
import {
  castBallot,
  closeVote,
  generateCodes,
  mailCodes,
  openVote,
  setVoteCountsVisible,
} from './vote.service';

export function voteRoutes(ctx: AppContext): Router {
  const router = Router();
  // The vote's counts are results: under the embargo's rule, organisers only and a 404 for everyone else.
  const admin = adminOnlyHidden;
  const loadEdition = editionLoader(ctx);
  const limit = wrongCodeLimit(ctx);
  const feed = createVoteFeed(ctx);
  const base = (req: Request) => `/admin/editions/${loaded(req, 'edition').id}/vote`;
  /** The ballot's address as the room reads it on the projector and the cards. */
  const ballotAddress = `${ctx.config.baseUrl.replace(/^https?:\/\//, '').replace(/\/$/, '')}/stem`;

  /** The organiser's vote page; with `form`, one of its forms shown again with its errors (422/409). */
  const showAdmin = async (
    req: Request,
    res: Response,
    form?: { errors: FieldError[]; values: Record<string, unknown>; status?: number },
  ) => {
    const page = await voteAdminPage(ctx, { edition: loaded(req, 'edition'), now: ctx.clock.now() });
    const locals = {
      title: req.t('vote.admin.title'),
      ballotAddress,
      ...page,
      notice: firstString(req.query.notice),
    };
    if (form) return renderForm(res, 'vote/admin', { ...locals, ...form });
    res.render('vote/admin', { ...locals, errors: [], values: {} });
  };

  /** The audience vote of an edition: open it, close it, make code cards, reveal the counts. Organisers. */
  router.get('/admin/editions/:editionId/vote', admin, loadEdition, (req, res) => showAdmin(req, res));

  /** Opens the vote now on the nominees for the given number of minutes. Organisers, once per edition. */
  router.post('/admin/editions/:editionId/vote/open', admin, loadEdition, async (req, res) => {
    const form = parseForm(openSchema, req.body);
    const minutes = form.ok ? form.data.minutes : Number.NaN;
    const result = await openVote(ctx, { actor: req.user!, editionId: loaded(req, 'edition').id, minutes });
    if (!result.ok) {
      const status = result.refusal === 'conflict' ? 409 : 422;
      if (result.refusal === 'invalid' || result.refusal === 'conflict')
        return showAdmin(req, res, { errors: result.errors, values: { minutes: req.body.minutes }, status });
      return answerRefusal(result);
    }
    res.redirect(303, `${base(req)}?notice=opened`);
  });

  /** Closes the open vote now. Organisers. */
  router.post('/admin/editions/:editionId/vote/close', admin, loadEdition, async (req, res) => {
    const result = await closeVote(ctx, { actor: req.user!, editionId: loaded(req, 'edition').id });
    if (!result.ok) {
      if (result.refusal === 'conflict')
        return showAdmin(req, res, { errors: result.errors, values: {}, status: 409 });
      return answerRefusal(result);
    }
    res.redirect(303, `${base(req)}?notice=closed`);
  });

  /** Shows the counts on the projector (the reveal) or hides them. Organisers. */
  router.post('/admin/editions/:editionId/vote/counts', admin, loadEdition, async (req, res) => {
    const form = parseForm(countsSchema, req.body);
    const visible = form.ok && form.data.visible;
    const result = await setVoteCountsVisible(ctx, {
      actor: req.user!,
      editionId: loaded(req, 'edition').id,
      visible,
    });
    if (!result.ok) {
      if (result.refusal === 'conflict')
        return showAdmin(req, res, { errors: result.errors, values: {}, status: 409 });
      return answerRefusal(result);
    }
    res.redirect(303, `${base(req)}?notice=${visible ? 'countsShown' : 'countsHidden'}`);
  });

  /**
   * Makes new codes and sends them as printable cards (PDF): the only moment the codes exist outside the cards, so
   * the download is never cached. Organisers.
   */
  router.post('/admin/editions/:editionId/vote/codes', admin, loadEdition, async (req, res) => {
    const edition = loaded(req, 'edition');
    const form = parseForm(codesSchema, req.body);
    const count = form.ok ? form.data.count : Number.NaN;
    const result = await generateCodes(ctx, { actor: req.user!, editionId: edition.id, count });
    if (!result.ok) {
      if (result.refusal === 'invalid' || result.refusal === 'conflict')
        return showAdmin(req, res, {
          errors: result.errors,
          values: { count: req.body.count },
          status: result.refusal === 'conflict' ? 409 : 422,
        });
      return answerRefusal(result);
    }
    const nl = ctx.i18n.getFixedT('nl');
    const en = ctx.i18n.getFixedT('en');
    const pdf = await codeCardsPdf({
      codes: result.value,
      baseUrl: ctx.config.baseUrl,
      texts: {
        title: nl('vote.cards.title', { edition: edition.name }),
        instructionNl: nl('vote.cards.instruction'),
        instructionEn: en('vote.cards.instruction'),
        footNl: nl('vote.cards.foot'),
      },
      now: ctx.clock.now(),
    });
    res.setHeader('Cache-Control', 'no-store');
    res.attachment(`stemcodes-${edition.year}-${result.value.length}.pdf`);
    res.type('application/pdf').send(pdf);
  });

  /** Mails one new code to each pasted address (registered attendees). Organisers. */
  router.post('/admin/editions/:editionId/vote/mail', admin, loadEdition, async (req, res) => {
    const text = firstString(req.body.emails).slice(0, 200_000);
    const parsed = parseEmailList(text);
    const errors = !parsed.ok
      ? [{ field: 'emails', messageKey: 'vote.errors.emails', params: { bad: parsed.bad } }]
      : parsed.emails.length === 0
        ? [{ field: 'emails', messageKey: 'vote.errors.noEmails' }]
        : [];
    if (!parsed.ok || errors.length) return showAdmin(req, res, { errors, values: { emails: text } });
    const result = await mailCodes(ctx, {
      actor: req.user!,
      editionId: loaded(req, 'edition').id,
      emails: parsed.emails,
    });
    if (!result.ok) {
      if (result.refusal === 'invalid' || result.refusal === 'conflict')
        return showAdmin(req, res, {
          errors: result.errors,
          values: { emails: text },
          status: result.refusal === 'conflict' ? 409 : 422,
        });
      return answerRefusal(result);
    }
    res.redirect(303, `${base(req)}?notice=${result.value.failures ? 'mailFailures' : 'mailed'}`);
  });

  /** The projector: live count (Server-Sent Events) or a refresh every 5 s without JavaScript. Organisers. */
  router.get('/admin/editions/:editionId/projector', admin, loadEdition, async (req, res) => {
    const page = await projectorPage(ctx, { edition: loaded(req, 'edition'), now: ctx.clock.now() });
    res.setHeader('Cache-Control', 'no-store');
    res.render('vote/projector', {
      layout: false,
      title: req.t('vote.projector.title'),
      ballotAddress,
      ...page,
    });
  });

  /**
   * The projector's live feed: an event stream for EventSource (Accept: text/event-stream), else the current
   * snapshot as JSON. Organisers.
   */
  router.get('/admin/editions/:editionId/projector/events', admin, loadEdition, async (req, res) => {
    const editionId = loaded(req, 'edition').id;
    if (!String(req.headers.accept ?? '').includes('text/event-stream')) {
      res.setHeader('Cache-Control', 'no-store');
      return void res.json(await projectorSnapshot(ctx, { editionId, now: ctx.clock.now() }));
    }
    feed.subscribe(editionId, res);
  });

  /** The ballot, tiny and without JavaScript, for a phone; `?code=` (from the QR code) fills in the code. Anyone. */
  const showBallot = async (
    req: Request,
    res: Response,
    form?: { errors: FieldError[]; values: Record<string, unknown>; status: number },
  ) => {
    const page = await ballotPage(ctx, { now: ctx.clock.now() });
    const code = normaliseCode(firstString(req.query.code));
    res.setHeader('Cache-Control', 'no-store');
    const locals = { layout: false, title: req.t('vote.ballot.title'), ...page };
    if (form) return renderForm(res, 'vote/ballot', { ...locals, ...form });
    res.render('vote/ballot', { ...locals, errors: [], values: { code: code ? formatCode(code) : '' } });
  };

  router.get('/stem', publicRoute, (req, res) => showBallot(req, res));

  /**
   * Casts or changes a vote with a one-time code. Anyone holding a code. Wrong codes count against the address
   * (a translated 429 once over the limit); a closed vote answers 409.
   */
  router.post('/stem', publicRoute, async (req, res) => {
    const form = parseForm(ballotSchema, req.body);
    const typed = form.ok ? form.data.code : '';
    const entryId = form.ok ? form.data.entryId : null;
    const values = { code: typed, entryId: entryId ?? '' };
    const blocked = await limit.blockedMinutes(req);
    if (blocked > 0)
      return showBallot(req, res, {
        errors: [{ field: 'code', messageKey: 'vote.errors.tooManyWrong', params: { minutes: blocked } }],
        values,
        status: 429,
      });
    const code = normaliseCode(typed);
    const result = code
      ? await castBallot(ctx, { code, entryId })
      : invalid([{ field: 'code', messageKey: 'vote.errors.wrongCode' }]);
    if (!result.ok) {
      if (result.errors.some((e) => e.field === 'code')) await limit.countWrong(req);
      if (result.refusal === 'invalid' || result.refusal === 'conflict')
        return showBallot(req, res, {
          errors: result.errors,
          values,
          status: result.refusal === 'conflict' ? 409 : 422,
        });
      return answerRefusal(result);
    }
    const chosen = await chosenFinalist(ctx, result.value);
    res.setHeader('Cache-Control', 'no-store');
    res.render('vote/done', {
      layout: false,
      title: req.t('vote.done.title'),
      outcome: result.value,
      chosen,
      code: formatCode(code!),
    });
  });

  return router;
}
