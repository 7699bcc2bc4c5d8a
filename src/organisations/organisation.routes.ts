import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { requireRole } from '../http/access';
import { firstString, keptFields } from '../http/form-values';
import { loaded, loader } from '../http/loaders';
import { answerRefusal, renderForm } from '../http/render';
import { parseForm } from '../http/validation';
import type { FieldError } from '../shared/result';
import { listWaitingRequests } from './membership.service';
import {
  jointBodySchema,
  organisationEditSchema,
  parseOrganisationFilter,
  resolutionSchema,
} from './organisation.schemas';
import {
  countOpenOrganisations,
  createJointBody,
  getOrganisation,
  listForAdmin,
  organisationsByType,
  resolveOrganisation,
  updateOrganisation,
} from './organisation.service';
import { adminOrganisationDetails } from './organisation.pages';
import {
  JOINT_TYPES,
  ORGANISATION_STATUSES,
  ORGANISATION_TYPES,
  OWNER_TYPES,
  isRegisterType,
  type Organisation,
} from './organisation.types';

const NOTICES = ['updated', 'unchanged', 'created', 'approved', 'merged', 'refused', 'imported'];

/** Form values as the page shows them again: text, and lists of id strings for checkboxes. */
const keptValues = (body: unknown) =>
  keptFields(body, {
    text: ['name', 'type', 'domains', 'decision', 'mergeIntoId', 'reason'],
    lists: ['ownerIds'],
  });

export function organisationRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');
  const loadOrganisation = loader('organisationId', 'organisation', (id) => getOrganisation(ctx, id));

  const ownerGroups = async (exceptId?: number) => {
    const groups = await organisationsByType(ctx);
    return OWNER_TYPES.map((type) => ({
      type,
      organisations: groups[type].filter((o) => o.id !== exceptId),
    }));
  };

  /** The register: every organisation by name, with type, status, owners, members and domains; filters. Admins. */
  router.get('/admin/organisations', admin, async (req, res) => {
    const filter = parseOrganisationFilter(req.query as Record<string, unknown>);
    const notice = firstString(req.query.notice);
    res.render('organisations/index', {
      title: res.locals.t('organisations.index.title'),
      organisations: await listForAdmin(ctx, filter),
      openCount: await countOpenOrganisations(ctx),
      waitingRequests: (await listWaitingRequests(ctx)).length,
      filter,
      types: ORGANISATION_TYPES,
      statuses: ORGANISATION_STATUSES,
      notice: NOTICES.includes(notice) ? notice : null,
    });
  });

  /** Requests to join that wait for a decision, across all organisations (first members need an organiser). Admins. */
  router.get('/admin/organisations/requests', admin, async (_req, res) => {
    res.render('organisations/requests', {
      title: res.locals.t('organisations.requests.title'),
      requests: await listWaitingRequests(ctx),
    });
  });

  const renderNew = async (res: Response, values: Record<string, unknown>, errors: FieldError[] = []) =>
    renderForm(res, 'organisations/new', {
      title: res.locals.t('organisations.new.title'),
      values,
      errors,
      jointTypes: JOINT_TYPES,
      ownerGroups: await ownerGroups(),
    });

  /** Form to add a joint body (SSC, gemeenschappelijke regeling, other body) with owners from the register. Admins. */
  router.get('/admin/organisations/new', admin, (_req, res) => renderNew(res, { type: 'ssc' }));

  router.post('/admin/organisations/new', admin, async (req, res) => {
    const values = keptValues(req.body);
    const form = parseForm(jointBodySchema, req.body);
    if (!form.ok) return renderNew(res, values, form.errors);
    const result = await createJointBody(ctx, { actor: req.user!, ...form.data });
    if (!result.ok) return answerRefusal(result, (errors) => renderNew(res, values, errors));
    res.redirect(303, `/admin/organisations?notice=created`);
  });

  const renderEdit = async (
    req: Request,
    res: Response,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
  ) => {
    const organisation = loaded(req, 'organisation');
    renderForm(res, 'organisations/edit', {
      title: res.locals.t('organisations.edit.title', { name: res.locals.orgLabel(organisation) }),
      organisation,
      official: isRegisterType(organisation.type) && organisation.code !== null,
      values,
      errors,
      types: [...JOINT_TYPES],
      ownerGroups: await ownerGroups(organisation.id),
      ...(await adminOrganisationDetails(ctx, organisation)),
    });
  };

  /** Form to correct a joint body (name, type, owners) or set any organisation's e-mail domains. Admins. */
  router.get('/admin/organisations/:organisationId/edit', admin, loadOrganisation, async (req, res) => {
    const organisation = loaded(req, 'organisation');
    const details = await adminOrganisationDetails(ctx, organisation);
    await renderEdit(req, res, {
      name: organisation.name,
      type: organisation.type,
      ownerIds: organisation.ownerIds.map(String),
      domains: details.domains.join('\n'),
    });
  });

  /** Saves the correction (audited). Admins. */
  router.post('/admin/organisations/:organisationId/edit', admin, loadOrganisation, async (req, res) => {
    const values = keptValues(req.body);
    const form = parseForm(organisationEditSchema, req.body);
    if (!form.ok) return renderEdit(req, res, values, form.errors);
    const result = await updateOrganisation(ctx, {
      actor: req.user!,
      organisationId: loaded(req, 'organisation').id,
      ...form.data,
    });
    if (!result.ok) return answerRefusal(result, (errors) => renderEdit(req, res, values, errors));
    res.redirect(303, `/admin/organisations?notice=${result.value.changed ? 'updated' : 'unchanged'}`);
  });

  const renderResolve = async (
    req: Request,
    res: Response,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
  ) => {
    const organisation: Organisation = loaded(req, 'organisation');
    const groups = await organisationsByType(ctx);
    renderForm(res, 'organisations/resolve', {
      title: res.locals.t('organisations.resolve.title', { name: organisation.name }),
      organisation,
      values,
      errors,
      targets: ORGANISATION_TYPES.map((type) => ({
        type,
        organisations: groups[type].filter((o) => o.id !== organisation.id),
      })),
      ...(await adminOrganisationDetails(ctx, organisation)),
    });
  };

  /** An organiser decides on a proposed or unverified organisation: approve, merge into another, refuse. Admins. */
  router.get('/admin/organisations/:organisationId/resolve', admin, loadOrganisation, (req, res) =>
    renderResolve(req, res, {}),
  );

  router.post('/admin/organisations/:organisationId/resolve', admin, loadOrganisation, async (req, res) => {
    const values = keptValues(req.body);
    const form = parseForm(resolutionSchema, req.body);
    if (!form.ok)
      return renderResolve(req, res, values, [
        { field: 'decision', messageKey: 'organisations.resolve.errors.decisionRequired' },
        ...form.errors.filter((e) => e.field !== 'decision'),
      ]);
    const { reason, ...resolution } = form.data;
    const result = await resolveOrganisation(ctx, {
      actor: req.user!,
      organisationId: loaded(req, 'organisation').id,
      resolution,
      reason,
    });
    if (!result.ok) return answerRefusal(result, (errors) => renderResolve(req, res, values, errors));
    const notice = { approve: 'approved', merge: 'merged', refuse: 'refused' }[resolution.decision];
    res.redirect(303, `/admin/organisations?notice=${notice}`);
  });

  return router;
}
