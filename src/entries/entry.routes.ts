import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { findCurrentEdition, findEdition, listCategories, listEditions } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { requireRole } from '../http/access';
import { HttpError } from '../http/errors';
import { firstString } from '../http/form-values';
import { parseForm, type FieldError } from '../http/validation';
import { findOrganisationById, findOrganisationsByIds } from '../organisations/organisation.repo';
import { isEmailVerified } from '../users/user.types';
import { loadEntry } from './entry.access';
import {
  ENTRY_STATUSES,
  ELIGIBILITIES,
  missingForSubmit,
  SUMMARY_MAX_WORDS,
  TEXT_LIMITS,
} from './entry.rules';
import { listAttachments, listEntries, listPartnerIds } from './entry.repo';
import { eligibilitySchema, parseEntryForm } from './entry.schemas';
import { parseId } from '../http/ids';
import { refusalToError } from '../http/render';
import { proposalSchema } from '../organisations/registration.schemas';
import { membershipOf } from '../organisations/membership.service';
import type { Result } from '../shared/result';
import { partnersPage } from './entry.pages';
import {
  addPartner,
  proposePartner,
  removePartner,
  createEntry,
  entryNumber,
  entryWindow,
  reopenEntry,
  saveEntry,
  setEligibility,
  submitEntry,
  withdrawEntry,
  type EntryError,
} from './entry.service';
import type { Entry } from './entry.types';

export function entryRoutes(ctx: AppContext): Router {
  const router = Router();
  const submitter = requireRole('submitter');
  const admin = requireRole('admin');
  const load = loadEntry(ctx.db);

  const pageLocals = async (req: Request, entry: Entry, edition: Edition) => {
    const now = ctx.clock.now();
    const window = entryWindow(edition, now);
    const [categories, attachments, organisation, partners] = await Promise.all([
      listCategories(ctx.db, edition.id),
      listAttachments(ctx.db, entry.id),
      findOrganisationById(ctx.db, entry.organisationId),
      listPartnerIds(ctx.db, entry.id).then((ids) => findOrganisationsByIds(ctx.db, ids)),
    ]);
    return {
      entry,
      edition,
      number: entryNumber(edition, entry),
      window,
      canEdit: window.editable && entry.status !== 'withdrawn',
      categories,
      category: categories.find((c) => c.id === entry.categoryId) ?? null,
      attachments,
      organisation,
      partners,
      missing: missingForSubmit(entry),
      emailVerified: req.user ? isEmailVerified(req.user) : false,
      limits: TEXT_LIMITS,
      maxWords: SUMMARY_MAX_WORDS,
    };
  };

  const renderWithErrors = async (
    req: Request,
    res: Response,
    view: string,
    errors: EntryError[],
    status = 422,
    extra = {},
  ) => {
    const locals = await pageLocals(req, req.entry!, req.entryEdition!);
    res.status(status).render(view, {
      title: res.locals.t(`entries.${view.split('/')[1]}.title`),
      ...locals,
      values: locals.entry,
      errors,
      uploadErrors: [],
      ...extra,
    });
  };

  /** The entrant's entries for the current edition, and a way to start one. Entrants. */
  router.get('/entries', submitter, async (req, res) => {
    const user = req.user!;
    const now = ctx.clock.now();
    const edition = await findCurrentEdition(ctx.db);
    const published = edition && edition.phase !== 'concept' ? edition : null;
    const organisation = user.organisationId
      ? await findOrganisationById(ctx.db, user.organisationId)
      : undefined;
    const entries =
      published && organisation
        ? await listEntries(ctx.db, { editionId: published.id, organisationId: organisation.id })
        : [];
    const editions = await listEditions(ctx.db);
    res.render('entries/index', {
      title: res.locals.t('entries.index.title'),
      edition: published,
      window: published ? entryWindow(published, now) : { editable: false, accepting: false },
      organisation,
      entries: entries.map((e) => ({ ...e, number: entryNumber(published!, e) })),
      editionsById: new Map(editions.map((e) => [e.id, e])),
      emailVerified: isEmailVerified(user),
      membership: await membershipOf(ctx, user),
      // The edition's rule on who may enter, by the register's type: said before anyone starts an entry.
      eligible: !published || !organisation || published.eligibleTypes.includes(organisation.type),
      notice: firstString(req.query.notice),
      errors: [],
    });
  });

  /** Starts a new draft for the entrant's organisation in the current edition. Entrants. */
  router.post('/entries', submitter, async (req, res) => {
    const edition = await findCurrentEdition(ctx.db);
    if (!edition || edition.phase === 'concept') throw new HttpError(422, 'entries.refusals.deadline_passed');
    const result = await createEntry(ctx, { user: req.user!, editionId: edition.id });
    if (!result.ok) throw new HttpError(result.status ?? 422, result.errors[0]!.messageKey);
    res.redirect(303, `/entries/${result.value}/edit`);
  });

  /** One entry: its state, what is missing, and what the entrant can do now. Entrants of the organisation. */
  router.get('/entries/:entryId', submitter, load, async (req, res) => {
    const locals = await pageLocals(req, req.entry!, req.entryEdition!);
    res.render('entries/show', {
      title: req.entry!.title || res.locals.t('entries.untitled'),
      ...locals,
      notice: firstString(req.query.notice),
      errors: [],
    });
  });

  /** The entry form (with attachments). Read-only after the deadline. Entrants of the organisation. */
  router.get('/entries/:entryId/edit', submitter, load, async (req, res) => {
    const locals = await pageLocals(req, req.entry!, req.entryEdition!);
    if (!locals.canEdit) return res.redirect(303, `/entries/${req.entry!.id}`);
    res.render('entries/form', {
      title: res.locals.t('entries.form.title'),
      ...locals,
      values: req.entry,
      errors: [],
      uploadErrors: [],
      notice: firstString(req.query.notice),
    });
  });

  /** Saves the form; "save and continue" goes on to the submit check. Entrants of the organisation, before the deadline. */
  router.post('/entries/:entryId/edit', submitter, load, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const parsed = parseEntryForm(body);
    if (!parsed.ok)
      return renderWithErrors(req, res, 'entries/form', parsed.errors, 422, { values: parsed.values });
    const version = Number(firstString(body.version));
    const result = await saveEntry(ctx, {
      user: req.user!,
      entryId: req.entry!.id,
      version,
      draft: parsed.draft,
    });
    if (!result.ok)
      return renderWithErrors(req, res, 'entries/form', result.errors, result.status ?? 422, {
        values: { ...parsed.draft, version },
      });
    const nextStep = firstString(body.next);
    const next =
      nextStep === 'submit'
        ? `/entries/${req.entry!.id}/submit`
        : nextStep === 'partners'
          ? `/entries/${req.entry!.id}/partners?notice=saved`
          : `/entries/${req.entry!.id}/edit?notice=saved`;
    res.redirect(303, next);
  });

  const renderPartners = async (
    req: Request,
    res: Response,
    status = 200,
    errors: FieldError[] = [],
    values: Record<string, unknown> = {},
  ) => {
    const q = firstString(req.query.q).trim().slice(0, 100);
    const page = await partnersPage(ctx, { entry: req.entry!, edition: req.entryEdition!, q });
    res.status(status).render('entries/partners', {
      title: res.locals.t('entries.partners.title'),
      ...page,
      number: entryNumber(req.entryEdition!, req.entry!),
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
  router.get('/entries/:entryId/partners', submitter, load, (req, res) => renderPartners(req, res));

  const partnerResult = async (
    req: Request,
    res: Response,
    result: Result,
    notice: string,
    values: Record<string, unknown> = {},
  ) => {
    if (!result.ok) {
      if (result.refusal !== 'invalid') throw refusalToError(result);
      return renderPartners(req, res, 422, result.errors, values);
    }
    res.redirect(303, `/entries/${req.entry!.id}/partners?notice=${notice}`);
  };

  /** Adds a partner from the register. Entrants of the organisation, while the entry may be edited. */
  router.post('/entries/:entryId/partners', submitter, load, async (req, res) => {
    const id = parseId(firstString((req.body as Record<string, unknown>).organisationId));
    if (id === null)
      return renderPartners(req, res, 422, [{ field: 'q', messageKey: 'entries.partners.errors.unknown' }]);
    await partnerResult(
      req,
      res,
      await addPartner(ctx, { user: req.user!, entryId: req.entry!.id, organisationId: id }),
      'partnerAdded',
    );
  });

  /** Removes a partner. Entrants of the organisation, while the entry may be edited. */
  router.post('/entries/:entryId/partners/:organisationId/remove', submitter, load, async (req, res) => {
    const id = parseId(req.params.organisationId);
    if (id === null) throw new HttpError(404);
    await partnerResult(
      req,
      res,
      await removePartner(ctx, { user: req.user!, entryId: req.entry!.id, organisationId: id }),
      'partnerRemoved',
    );
  });

  /** Proposes a partner that is not in the register to the organisers. Entrants of the organisation, while editable. */
  router.post('/entries/:entryId/partners/propose', submitter, load, async (req, res) => {
    const values = req.body as Record<string, unknown>;
    const form = parseForm(proposalSchema, values);
    if (!form.ok) return renderPartners(req, res, 422, form.errors, values);
    const { proposedName: name, proposedType: type, ownerIds } = form.data;
    await partnerResult(
      req,
      res,
      await proposePartner(ctx, { user: req.user!, entryId: req.entry!.id, name, type, ownerIds }),
      'partnerProposed',
      values,
    );
  });

  /** Check before submitting: what is missing, or a confirmation button. Entrants of the organisation. */
  router.get('/entries/:entryId/submit', submitter, load, async (req, res) => {
    const locals = await pageLocals(req, req.entry!, req.entryEdition!);
    res.render('entries/submit', { title: res.locals.t('entries.submit.title'), ...locals, errors: [] });
  });

  /** Submits the entry and mails the receipt. Entrants of the organisation, while entries are accepted. */
  router.post('/entries/:entryId/submit', submitter, load, async (req, res) => {
    const result = await submitEntry(ctx, { user: req.user!, entryId: req.entry!.id, lng: req.lng });
    if (!result.ok) return renderWithErrors(req, res, 'entries/submit', result.errors, result.status ?? 422);
    res.redirect(303, `/entries/${req.entry!.id}/submitted`);
  });

  /** Confirmation after submitting, with the receipt details. Entrants of the organisation. */
  router.get('/entries/:entryId/submitted', submitter, load, async (req, res) => {
    if (req.entry!.status !== 'submitted') return res.redirect(303, `/entries/${req.entry!.id}`);
    const locals = await pageLocals(req, req.entry!, req.entryEdition!);
    res.render('entries/submitted', { title: res.locals.t('entries.submitted.title'), ...locals });
  });

  /** Confirmation page before withdrawing. Entrants of the organisation. */
  router.get('/entries/:entryId/withdraw', submitter, load, async (req, res) => {
    const locals = await pageLocals(req, req.entry!, req.entryEdition!);
    res.render('entries/withdraw', { title: res.locals.t('entries.withdraw.title'), ...locals, errors: [] });
  });

  /** Withdraws the entry. Entrants of the organisation, before the deadline. */
  router.post('/entries/:entryId/withdraw', submitter, load, async (req, res) => {
    const result = await withdrawEntry(ctx, { user: req.user!, entryId: req.entry!.id });
    if (!result.ok)
      return renderWithErrors(req, res, 'entries/withdraw', result.errors, result.status ?? 422);
    res.redirect(303, `/entries/${req.entry!.id}?notice=withdrawn`);
  });

  /** Takes a withdrawn entry back into draft. Entrants of the organisation, before the deadline. */
  router.post('/entries/:entryId/reopen', submitter, load, async (req, res) => {
    const result = await reopenEntry(ctx, { user: req.user!, entryId: req.entry!.id });
    if (!result.ok) throw new HttpError(result.status ?? 422, result.errors[0]!.messageKey);
    res.redirect(303, `/entries/${req.entry!.id}?notice=reopened`);
  });

  /** All entries of an edition with filters and counts. Admins. */
  router.get('/admin/entries', admin, async (req, res) => {
    const editions = await listEditions(ctx.db);
    const editionId =
      Number(firstString(req.query.edition)) || (await findCurrentEdition(ctx.db))?.id || editions[0]?.id;
    const edition = editionId ? await findEdition(ctx.db, editionId) : undefined;
    const filter = {
      status: ENTRY_STATUSES.find((s) => s === req.query.status),
      eligibility: ELIGIBILITIES.find((s) => s === req.query.eligibility),
      categoryId: Number(firstString(req.query.category)) || undefined,
      organisationId: Number(firstString(req.query.organisation)) || undefined,
    };
    const all = edition ? await listEntries(ctx.db, { editionId: edition.id }) : [];
    const entries = all.filter(
      (e) =>
        (!filter.status || e.status === filter.status) &&
        (!filter.eligibility || e.eligibility === filter.eligibility) &&
        (!filter.categoryId || e.categoryId === filter.categoryId) &&
        (!filter.organisationId || e.organisationId === filter.organisationId),
    );
    const count = (pred: (e: (typeof all)[number]) => boolean) => all.filter(pred).length;
    res.render('entries/admin-index', {
      title: res.locals.t('entries.admin.title'),
      editions,
      edition,
      categories: edition ? await listCategories(ctx.db, edition.id) : [],
      organisations: [...new Map(all.map((e) => [e.organisationId, e.organisationName])).entries()].sort(
        (a, b) => a[1].localeCompare(b[1], 'nl'),
      ),
      entries: entries.map((e) => ({ ...e, numberLabel: entryNumber(edition!, e) })),
      counts: {
        total: all.length,
        draft: count((e) => e.status === 'draft'),
        submitted: count((e) => e.status === 'submitted'),
        withdrawn: count((e) => e.status === 'withdrawn'),
        eligible: count((e) => e.eligibility === 'eligible' && e.status === 'submitted'),
        ineligible: count((e) => e.eligibility === 'ineligible' && e.status === 'submitted'),
      },
      filter,
    });
  });

  const adminEntryPage = async (
    req: Request,
    res: Response,
    errors: FieldError[] = [],
    values: Record<string, unknown> = {},
  ) => {
    const locals = await pageLocals(req, req.entry!, req.entryEdition!);
    const partnerIds = await listPartnerIds(ctx.db, req.entry!.id);
    res.status(errors.length ? 422 : 200).render('entries/admin-show', {
      title: locals.number + ' ' + (req.entry!.title || res.locals.t('entries.untitled')),
      ...locals,
      partnerCount: partnerIds.length,
      notice: firstString(req.query.notice),
      errors,
      values: { eligibility: req.entry!.eligibility, reason: req.entry!.eligibilityReason ?? '', ...values },
    });
  };

  /** One entry in full, with eligibility. Admins. */
  router.get('/admin/entries/:entryId', admin, load, (req, res) => adminEntryPage(req, res));

  /** Marks an entry eligible or not, with a reason (audited). Admins. */
  router.post('/admin/entries/:entryId/eligibility', admin, load, async (req, res) => {
    const form = parseForm(eligibilitySchema, req.body);
    const values = req.body as Record<string, unknown>;
    if (!form.ok) return adminEntryPage(req, res, form.errors, values);
    const result = await setEligibility(ctx, { actor: req.user!, entryId: req.entry!.id, ...form.data });
    if (!result.ok) return adminEntryPage(req, res, result.errors, values);
    res.redirect(303, `/admin/entries/${req.entry!.id}?notice=eligibility`);
  });

  return router;
}
