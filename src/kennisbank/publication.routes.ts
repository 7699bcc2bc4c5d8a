import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { entryLoader } from '../entries/entry.loaders';
import { requireRole } from '../http/access';
import { firstString } from '../http/form-values';
import { loaded } from '../http/loaders';
import { answerRefusal, renderForm } from '../http/render';
import type { FieldError } from '../shared/result';
import { publicationPage, publicationValues } from './publication.pages';
import { parsePublicationForm } from './publication.schemas';
import { decidePublication } from './publication.service';

export function publicationRoutes(ctx: AppContext): Router {
  const router = Router();
  const submitter = requireRole('submitter');
  const loadEntry = entryLoader(ctx);

  const render = async (
    req: Request,
    res: Response,
    errors: FieldError[] = [],
    posted?: Record<string, unknown>,
  ) => {
    const page = await publicationPage(ctx, {
      entry: loaded(req, 'entry'),
      edition: loaded(req, 'entryEdition'),
    });
    renderForm(res, 'kennisbank/publication', {
      title: res.locals.t('kennisbank.publication.title'),
      ...page,
      values: posted ?? page.values,
      errors,
      notice: firstString(req.query.notice),
    });
  };

  /** Whether the entry may appear in the kennisbank, and how. Members of the entrant organisation. */
  router.get('/entries/:entryId/publicatie', submitter, loadEntry, (req, res) => render(req, res));

  /** Gives, changes or withdraws the consent (audited; a withdrawal is public at once). Members of the entrant organisation. */
  router.post('/entries/:entryId/publicatie', submitter, loadEntry, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const form = parsePublicationForm(body);
    if (!form.ok) return render(req, res, form.errors, publicationValues(body));
    const result = await decidePublication(ctx, {
      user: req.user!,
      entryId: loaded(req, 'entry').id,
      decision: form.decision,
    });
    if (!result.ok)
      return answerRefusal(result, (errors) => render(req, res, errors, publicationValues(body)));
    const notice = form.decision.consent ? 'saved' : 'withdrawn';
    res.redirect(303, `/entries/${loaded(req, 'entry').id}/publicatie?notice=${notice}`);
  });

  return router;
}
