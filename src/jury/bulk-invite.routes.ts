import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { editionLoader } from '../editions/edition.loaders';
import { requireRole } from '../http/access';
import { firstString } from '../http/form-values';
import { loaded } from '../http/loaders';
import { answerRefusal, renderForm } from '../http/render';
import type { FieldError } from '../shared/result';
import { summarise } from './bulk-invite';
import { planBulkInvites, sendBulkInvites } from './bulk-invite.service';

/** Inviting many jurors at once: paste a list, see per line what will happen, then send. Organisers. */
export function bulkInviteRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');
  const loadEdition = editionLoader(ctx);
  const listOf = (req: Request) => firstString((req.body as Record<string, unknown>).list);

  const showForm = (req: Request, res: Response, list = '', errors: FieldError[] = []) =>
    renderForm(res, 'jury/admin/bulk', {
      title: res.locals.t('jury.bulk.title'),
      edition: loaded(req, 'edition'),
      juryTab: 'jurors',
      values: { list },
      errors,
    });

  /** The form to paste a list (name, e-mail, job title, employer per line). Admins. */
  router.get('/admin/editions/:editionId/jury/bulk', admin, loadEdition, (req, res) => showForm(req, res));

  /** What sending would do, per line (new, already a juror, invalid and why); nothing is stored. Admins. */
  router.post('/admin/editions/:editionId/jury/bulk/preview', admin, loadEdition, async (req, res) => {
    const list = listOf(req);
    const plan = await planBulkInvites(ctx, { editionId: loaded(req, 'edition').id, text: list });
    if (!plan.ok) return answerRefusal(plan, (errors) => showForm(req, res, list, errors));
    res.render('jury/admin/bulk-preview', {
      title: res.locals.t('jury.bulk.previewTitle'),
      edition: loaded(req, 'edition'),
      juryTab: 'jurors',
      list,
      plan: plan.value,
      counts: summarise(plan.value),
    });
  });

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
