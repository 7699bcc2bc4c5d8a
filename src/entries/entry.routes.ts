import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { requireRole } from '../http/access';
import { HttpError } from '../http/errors';
import { firstString } from '../http/form-values';
import { parseId } from '../http/ids';
import { loaded } from '../http/loaders';
import { answerRefusal, renderForm } from '../http/render';
import { parseForm } from '../http/validation';
import { proposalSchema } from '../organisations/registration.schemas';
import type { FieldError, Result } from '../shared/result';
import type { User } from '../users/user.types';
import { entryLoader } from './entry.loaders';
import {
  adminEntriesPage,
  adminEntryPage,
  entriesIndexPage,
  entryPage,
  partnersPage,
  submitCheckPage,
  type EntryPageInput,
} from './entry.pages';
import { bulkEligibility, bulkTag, findEditionForBulk } from './bulk.service';
import { entriesCsv } from './entry.export';
import { messageFormPage } from '../messages/message.pages';
import { selectedEntries } from '../messages/message.service';
import { eligibilitySchema, parseAdminEntryQuery, parseBulkForm, parseEntryForm } from './entry.schemas';
import {
  addPartner,
  createEntry,
  proposePartner,
  removePartner,
  reopenEntry,
  saveEntry,
  setEligibility,
  submitEntry,
  withdrawEntry,
} from './entry.service';
import { editionQuestions } from './question.service';

export function entryRoutes(ctx: AppContext): Router {
  const router = Router();
  const submitter = requireRole('submitter');
  const admin = requireRole('admin');
  const loadEntry = entryLoader(ctx);

  /** What an entry's page module needs: the loaded entry and edition, the user, and now. */
  const pageInput = (req: Request): EntryPageInput => ({
    entry: loaded(req, 'entry'),
    edition: loaded(req, 'entryEdition'),
    user: req.user!,
    now: ctx.clock.now(),
    lng: req.lng,
  });
  const entryPath = (req: Request, rest = '') => `/entries/${loaded(req, 'entry').id}${rest}`;

  /** The entrant's entries for the current edition, and a way to start one. Entrants. */
  router.get('/entries', submitter, async (req, res) => {
    const page = await entriesIndexPage(ctx, { user: req.user!, now: ctx.clock.now() });
    res.render('entries/index', {
      title: res.locals.t('entries.index.title'),
      ...page,
      notice: firstString(req.query.notice),
      errors: [],
    });
  });

  /** Starts a new draft for the entrant's organisation in the current edition. Entrants. */
  router.post('/entries', submitter, async (req, res) => {
    const result = await createEntry(ctx, { user: req.user! });
    if (!result.ok) return answerRefusal(result);
    res.redirect(303, `/entries/${result.value}/edit`);
  });

  /** One entry: its state, what is missing, and what the entrant can do now. Entrants of the organisation. */
  router.get('/entries/:entryId', submitter, loadEntry, async (req, res) => {
    const page = await entryPage(ctx, pageInput(req));
    res.render('entries/show', {
      title: page.entry.title || res.locals.t('entries.untitled'),
      ...page,
      notice: firstString(req.query.notice),
      errors: [],
    });
  });

  /** The entry form shown again with its errors (422, or 409 when a colleague saved first), the text kept. */
  const showForm = async (
    req: Request,
    res: Response,
    errors: FieldError[],
    values: Record<string, unknown>,
    status?: number,
  ) =>
    renderForm(res, 'entries/form', {
      title: res.locals.t('entries.form.title'),
      ...(await entryPage(ctx, pageInput(req))),
      values,
      errors,
      uploadErrors: [],
      status,
    });

  /** The entry form (with attachments). Read-only after the deadline. Entrants of the organisation. */
  router.get('/entries/:entryId/edit', submitter, loadEntry, async (req, res) => {
    const page = await entryPage(ctx, pageInput(req));
    if (!page.canEdit) return res.redirect(303, entryPath(req));
    res.render('entries/form', {
      title: res.locals.t('entries.form.title'),
      ...page,
      values: { ...page.entry, ...page.answerValues },
      errors: [],
      uploadErrors: [],
      notice: firstString(req.query.notice),
    });
  });

  /** Saves the form; "save and continue" goes on to the submit check. Entrants of the organisation, before the deadline. */
  router.post('/entries/:entryId/edit', submitter, loadEntry, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const version = Number(firstString(body.version));
    const entry = loaded(req, 'entry');
    const parsed = parseEntryForm(body, {
      questions: await editionQuestions(ctx, loaded(req, 'entryEdition').id),
      current: entry,
    });
    // The version goes back on the form too: without it the corrected form would look stale (409).
    if (!parsed.ok) return showForm(req, res, parsed.errors, { ...parsed.values, version });
    const result = await saveEntry(ctx, {
      user: req.user!,
      entryId: entry.id,
      version,
      draft: parsed.draft,
      answers: parsed.answers,
      lng: req.lng,
    });
    if (!result.ok) {
      const values = { ...body, ...parsed.draft, version };
      // A colleague saved in between: their text is kept, and this one comes back on the form to copy from.
      if (result.refusal === 'conflict') return showForm(req, res, result.errors, values, 409);
      return answerRefusal(result, (errors) => showForm(req, res, errors, values));
    }
    const nextStep = firstString(body.next);
    const next =
      nextStep === 'submit'
        ? entryPath(req, '/submit')
        : nextStep === 'partners'
          ? entryPath(req, '/partners?notice=saved')
          : nextStep === 'attachments'
            ? entryPath(req, '/attachments?notice=saved')
            : entryPath(req, '/edit?notice=saved');
    res.redirect(303, next);
  });

  const renderPartners = async (
    req: Request,
    res: Response,
    errors: FieldError[] = [],
    values: Record<string, unknown> = {},
  ) => {
    const q = firstString(req.query.q).trim().slice(0, 100);
    const { entry, edition, now } = pageInput(req);
    renderForm(res, 'entries/partners', {
      title: res.locals.t('entries.partners.title'),
      ...(await partnersPage(ctx, { entry, edition, now, q })),
      q,
      errors,
      values,
      notice: firstString(req.query.notice),
    });
  };

  /**
   * The entry's partners, chosen from the register (a search that works without JavaScript), and a proposal for a
   * partner that is not in it. Entrants of the organisation.
   */
  router.get('/entries/:entryId/partners', submitter, loadEntry, (req, res) => renderPartners(req, res));

  /**
   * A change of partners: `change` reads the form and calls the service (or returns the form's errors); then back
   * to the page with a notice, or the page again with why not.
   */
  const partnerChange =
    (notice: string, change: (req: Request, user: User, entryId: number) => Promise<Result | FieldError[]>) =>
    async (req: Request, res: Response) => {
      const values = req.body as Record<string, unknown>;
      const result = await change(req, req.user!, loaded(req, 'entry').id);
      if (Array.isArray(result)) return renderPartners(req, res, result, values);
      if (!result.ok) return answerRefusal(result, (errors) => renderPartners(req, res, errors, values));
      res.redirect(303, entryPath(req, `/partners?notice=${notice}`));
    };

  /** Adds a partner from the register. Entrants of the organisation, while the entry may be edited. */
  router.post(
    '/entries/:entryId/partners',
    submitter,
    loadEntry,
    partnerChange('partnerAdded', async (req, user, entryId) => {
      const organisationId = parseId(firstString((req.body as Record<string, unknown>).organisationId));
      if (organisationId === null) return [{ field: 'q', messageKey: 'entries.partners.errors.unknown' }];
      return addPartner(ctx, { user, entryId, organisationId });
    }),
  );

  /** Removes a partner. Entrants of the organisation, while the entry may be edited. */
  router.post(
    '/entries/:entryId/partners/:organisationId/remove',
    submitter,
    loadEntry,
    partnerChange('partnerRemoved', async (req, user, entryId) => {
      const organisationId = parseId(req.params.organisationId);
      if (organisationId === null) throw new HttpError(404);
      return removePartner(ctx, { user, entryId, organisationId });
    }),
  );

  /** Proposes a partner that is not in the register to the organisers. Entrants of the organisation, while editable. */
  router.post(
    '/entries/:entryId/partners/propose',
    submitter,
    loadEntry,
    partnerChange('partnerProposed', async (req, user, entryId) => {
      const form = parseForm(proposalSchema, req.body);
      if (!form.ok) return form.errors;
      const { proposedName: name, proposedType: type, ownerIds } = form.data;
      return proposePartner(ctx, { user, entryId, name, type, ownerIds });
    }),
  );

  /** Check before submitting: what is missing, or a confirmation button. Entrants of the organisation. */
  router.get('/entries/:entryId/submit', submitter, loadEntry, async (req, res) => {
    res.render('entries/submit', {
      title: res.locals.t('entries.submit.title'),
      ...(await submitCheckPage(ctx, pageInput(req))),
      errors: [],
    });
  });

  /** Submits the entry and mails the receipt. Entrants of the organisation, while entries are accepted. */
  router.post('/entries/:entryId/submit', submitter, loadEntry, async (req, res) => {
    const result = await submitEntry(ctx, {
      user: req.user!,
      entryId: loaded(req, 'entry').id,
      lng: req.lng,
    });
    if (!result.ok)
      return answerRefusal(result, async (errors) =>
        renderForm(res, 'entries/submit', {
          title: res.locals.t('entries.submit.title'),
          ...(await submitCheckPage(ctx, pageInput(req))),
          errors,
        }),
      );
    res.redirect(303, entryPath(req, '/submitted'));
  });

  /** Confirmation after submitting, with the receipt details. Entrants of the organisation. */
  router.get('/entries/:entryId/submitted', submitter, loadEntry, async (req, res) => {
    if (loaded(req, 'entry').status !== 'submitted') return res.redirect(303, entryPath(req));
    res.render('entries/submitted', {
      title: res.locals.t('entries.submitted.title'),
      ...(await entryPage(ctx, pageInput(req))),
    });
  });

  const renderWithdraw = async (req: Request, res: Response, errors: FieldError[] = []) =>
    renderForm(res, 'entries/withdraw', {
      title: res.locals.t('entries.withdraw.title'),
      ...(await entryPage(ctx, pageInput(req))),
      errors,
    });

  /** Confirmation page before withdrawing. Entrants of the organisation. */
  router.get('/entries/:entryId/withdraw', submitter, loadEntry, (req, res) => renderWithdraw(req, res));

  /** Withdraws the entry. Entrants of the organisation, before the deadline. */
  router.post('/entries/:entryId/withdraw', submitter, loadEntry, async (req, res) => {
    const result = await withdrawEntry(ctx, { user: req.user!, entryId: loaded(req, 'entry').id });
    if (!result.ok) return answerRefusal(result, (errors) => renderWithdraw(req, res, errors));
    res.redirect(303, entryPath(req, '?notice=withdrawn'));
  });

  /** Takes a withdrawn entry back into draft. Entrants of the organisation, before the deadline. */
  router.post('/entries/:entryId/reopen', submitter, loadEntry, async (req, res) => {
    const result = await reopenEntry(ctx, { user: req.user!, entryId: loaded(req, 'entry').id });
    if (!result.ok) return answerRefusal(result);
    res.redirect(303, entryPath(req, '?notice=reopened'));
  });

  /** All entries of an edition with filters and counts. Admins. */
  router.get('/admin/entries', admin, async (req, res) => {
    const query = parseAdminEntryQuery(req.query as Record<string, unknown>);
    res.render('entries/admin-index', {
      title: res.locals.t('entries.admin.title'),
      ...(await adminEntriesPage(ctx, { ...query, lng: req.lng })),
      notice: firstString(req.query.notice),
      count: Number(firstString(req.query.count)) || 0,
      errors: [],
      values: {},
    });
  });

  /**
   * An action on the entries ticked in the list: admit, mark not eligible with one reason, tag or untag (each all or
   * nothing, in one transaction, audited per entry), export them as CSV with their answers, or write to their
   * entrants (shows the message form of messages/ for this selection; nothing is sent yet). A selection with an id
   * that is no number or not an entry of the edition is refused (422). Admins.
   */
  router.post('/admin/entries/bulk', admin, async (req, res) => {
    const form = parseBulkForm(req.body as Record<string, unknown>);
    const showList = async (errors: FieldError[]) =>
      renderForm(res, 'entries/admin-index', {
        title: res.locals.t('entries.admin.title'),
        ...(await adminEntriesPage(ctx, { editionId: form.editionId, filter: {}, lng: req.lng })),
        values: { ...form, entryIds: form.entryIds.map(String) },
        errors,
      });
    // The list's form always carries its edition; without one the request is malformed, not a missing page.
    if (!form.editionId) throw new HttpError(400);
    const edition = await findEditionForBulk(ctx, form.editionId);
    if (!edition) throw new HttpError(404);
    if (!form.action) return showList([{ field: 'action', messageKey: 'entries.bulk.errors.action' }]);
    if (form.malformedIds)
      return showList([{ field: 'entryIds', messageKey: 'entries.bulk.errors.malformed' }]);
    if (form.action === 'message') {
      // The message form of the messages module, with the selection checked against the edition first.
      const selection = await selectedEntries(ctx, { edition, entryIds: form.entryIds });
      if (!selection.ok) return answerRefusal(selection, showList);
      const entryIds = selection.value.map((e) => String(e.id));
      return renderForm(res, 'messages/new', {
        title: res.locals.t('messages.selectionTitle'),
        ...(await messageFormPage(ctx, { edition, group: 'selectedEntries', entryIds })),
        values: { group: 'selectedEntries', entryIds },
        errors: [],
        notice: '',
      });
    }
    if (form.action === 'export') {
      if (form.entryIds.length === 0)
        return showList([{ field: 'entryIds', messageKey: 'entries.bulk.errors.noneSelected' }]);
      const csv = await entriesCsv(ctx, { edition, entryIds: form.entryIds, lng: req.lng, t: req.t });
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="inzendingen-${edition.year}.csv"`);
      res.setHeader('Cache-Control', 'private, no-store');
      return res.send(csv);
    }
    const common = { actor: req.user!, editionId: edition.id, entryIds: form.entryIds };
    const result =
      form.action === 'admit' || form.action === 'ineligible'
        ? await bulkEligibility(ctx, {
            ...common,
            eligibility: form.action === 'admit' ? 'eligible' : 'ineligible',
            reason: form.reason,
          })
        : await bulkTag(ctx, { ...common, tag: form.newTag, remove: form.action === 'untag' });
    if (!result.ok) return answerRefusal(result, showList);
    res.redirect(
      303,
      `/admin/entries?edition=${edition.id}&notice=bulk-${form.action}&count=${result.value}`,
    );
  });

  const renderAdminEntry = async (
    req: Request,
    res: Response,
    errors: FieldError[] = [],
    posted: Record<string, unknown> = {},
  ) => {
    const page = await adminEntryPage(ctx, pageInput(req));
    renderForm(res, 'entries/admin-show', {
      title: page.number + ' ' + (page.entry.title || res.locals.t('entries.untitled')),
      ...page,
      notice: firstString(req.query.notice),
      errors,
      values: { ...page.values, ...posted },
    });
  };

  /** One entry in full, with eligibility. Admins. */
  router.get('/admin/entries/:entryId', admin, loadEntry, (req, res) => renderAdminEntry(req, res));

  /** Marks an entry eligible or not, with a reason (audited). Admins. */
  router.post('/admin/entries/:entryId/eligibility', admin, loadEntry, async (req, res) => {
    const form = parseForm(eligibilitySchema, req.body);
    const values = req.body as Record<string, unknown>;
    if (!form.ok) return renderAdminEntry(req, res, form.errors, values);
    const result = await setEligibility(ctx, {
      actor: req.user!,
      entryId: loaded(req, 'entry').id,
      ...form.data,
    });
    if (!result.ok) return answerRefusal(result, (errors) => renderAdminEntry(req, res, errors, values));
    res.redirect(303, `/admin/entries/${loaded(req, 'entry').id}?notice=eligibility`);
  });

  return router;
}
