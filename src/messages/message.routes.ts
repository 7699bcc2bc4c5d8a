import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { editionLoader } from '../editions/edition.loaders';
import { requireRole } from '../http/access';
import { firstString } from '../http/form-values';
import { loaded } from '../http/loaders';
import { answerRefusal, renderForm } from '../http/render';
import { parseForm } from '../http/validation';
import type { FieldError } from '../shared/result';
import { MESSAGE_GROUPS } from './message';
import { confirmSchema, messageSchema } from './message.schemas';
import { previewMessage, sendMessage } from './message.service';

/** Organisers write to a group of an edition: the form, a preview with the count and a confirmation, then one mail each. */
export function messageRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');
  const loadEdition = editionLoader(ctx);
  const posted = (req: Request) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    return {
      group: firstString(body.group),
      subject: firstString(body.subject),
      body: firstString(body.body),
    };
  };

  const showForm = (
    req: Request,
    res: Response,
    values: Record<string, unknown> = {},
    errors: FieldError[] = [],
  ) =>
    renderForm(res, 'messages/new', {
      title: res.locals.t('messages.title'),
      edition: loaded(req, 'edition'),
      groups: MESSAGE_GROUPS,
      values,
      errors,
      notice: firstString(req.query.notice) === 'sent' ? 'sent' : '',
    });

  /** The form: group, subject and text with placeholders. Admins. */
  router.get('/admin/editions/:editionId/messages/new', admin, loadEdition, (req, res) =>
    showForm(req, res, { group: firstString(req.query.group) }),
  );

  const showPreview = async (req: Request, res: Response, errors: FieldError[] = []) => {
    const values = posted(req);
    const form = parseForm(messageSchema, req.body);
    if (!form.ok) return showForm(req, res, values, form.errors);
    const preview = await previewMessage(ctx, { edition: loaded(req, 'edition'), draft: form.data });
    if (!preview.ok) return answerRefusal(preview, (e) => showForm(req, res, values, e));
    renderForm(res, 'messages/preview', {
      title: res.locals.t('messages.previewTitle'),
      edition: loaded(req, 'edition'),
      values,
      count: preview.value.recipients.length,
      example: preview.value.example,
      errors,
    });
  };

  /** The preview: how many people get it and the mail as the first of them reads it. Sends nothing. Admins. */
  router.post('/admin/editions/:editionId/messages/preview', admin, loadEdition, (req, res) =>
    showPreview(req, res),
  );

  /** Sends the message once confirmed: one mail per person through the outbox (audited). Admins. */
  router.post('/admin/editions/:editionId/messages', admin, loadEdition, async (req, res) => {
    const confirmed = parseForm(confirmSchema, req.body);
    if (!confirmed.ok) return showPreview(req, res, confirmed.errors);
    const form = parseForm(messageSchema, req.body);
    if (!form.ok) return showForm(req, res, posted(req), form.errors);
    const edition = loaded(req, 'edition');
    const result = await sendMessage(ctx, { actor: req.user!, edition, draft: form.data });
    if (!result.ok) return answerRefusal(result, (e) => showForm(req, res, posted(req), e));
    res.redirect(303, `/admin/editions/${edition.id}/messages/new?notice=sent`);
  });

  return router;
}
