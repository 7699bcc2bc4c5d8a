import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { editionLoader } from '../editions/edition.loaders';
import { requireRole } from '../http/access';
import { firstString, stringList } from '../http/form-values';
import { loaded } from '../http/loaders';
import { answerRefusal, renderForm } from '../http/render';
import { parseForm } from '../http/validation';
import type { FieldError } from '../shared/result';
import { messageFormPage } from './message.pages';
import { confirmSchema, messageSchema } from './message.schemas';
import { previewMessage, sendMessage } from './message.service';

/**
 * Organisers write to a group of an edition: the form, a preview with the count and a confirmation, then one mail
 * each. The group "the entrants of these entries" starts from the organisers' list (the bulk action "message the
 * entrants", entry.routes.ts), which shows this form with the ticked entries; their ids travel as hidden fields.
 */
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
      entryIds: stringList(body.entryIds),
    };
  };

  const showForm = async (
    req: Request,
    res: Response,
    values: { group?: string; entryIds?: readonly string[] } & Record<string, unknown> = {},
    errors: FieldError[] = [],
  ) =>
    renderForm(res, 'messages/new', {
      title: res.locals.t(values.group === 'selectedEntries' ? 'messages.selectionTitle' : 'messages.title'),
      ...(await messageFormPage(ctx, {
        edition: loaded(req, 'edition'),
        group: values.group ?? '',
        entryIds: values.entryIds ?? [],
      })),
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
      ...(await messageFormPage(ctx, {
        edition: loaded(req, 'edition'),
        group: form.data.group,
        entryIds: values.entryIds,
      })),
      values,
      count: preview.value.recipients.length,
      example: preview.value.example,
      errors,
    });
  };

  /**
   * The preview: how many people get it and the mail as the first of them reads it; a selection of entries that is
   * not the edition's is refused (422). Sends nothing. Admins.
   */
  router.post('/admin/editions/:editionId/messages/preview', admin, loadEdition, (req, res) =>
    showPreview(req, res),
  );

  /**
   * Sends the message once confirmed: one mail per person through the outbox (audited). For selected entries the
   * ids are checked again against the edition. Admins.
   */
  router.post('/admin/editions/:editionId/messages', admin, loadEdition, async (req, res) => {
    const confirmed = parseForm(confirmSchema, req.body);
    if (!confirmed.ok) return showPreview(req, res, confirmed.errors);
    const form = parseForm(messageSchema, req.body);
    if (!form.ok) return showForm(req, res, posted(req), form.errors);
    const edition = loaded(req, 'edition');
    const result = await sendMessage(ctx, { actor: req.user!, edition, draft: form.data });
    if (!result.ok) return answerRefusal(result, (e) => showForm(req, res, posted(req), e));
    // A message to selected entries goes back to the list it started from.
    if (form.data.group === 'selectedEntries')
      return res.redirect(303, `/admin/entries?edition=${edition.id}&notice=bulk-message`);
    res.redirect(303, `/admin/editions/${edition.id}/messages/new?notice=sent`);
  });

  return router;
}
