import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { requireRole } from '../http/access';
import { HttpError } from '../http/errors';
import { parseForm, type FieldError } from '../http/validation';
import { findOrganisationById } from './organisation.repo';
import { organisationEditSchema, parseOrganisationFilter } from './organisation.schemas';
import { listForAdmin, organisationsByType, updateOrganisation } from './organisation.service';
import { ORGANISATION_TYPES, type Organisation } from './organisation.types';

const NOTICES = ['updated', 'unchanged'];

export function organisationRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');

  /** Loads :organisationId after the guard (so anonymous users are sent to login, not told what exists). */
  const loadOrganisation = async (req: Request, res: Response, next: NextFunction) => {
    const organisation = await findOrganisationById(ctx.db, Number(req.params.organisationId));
    if (!organisation) throw new HttpError(404);
    res.locals.organisation = organisation;
    next();
  };

  const renderEdit = async (
    res: Response,
    status: number,
    organisation: Organisation,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
  ) => {
    const groups = await organisationsByType(ctx);
    // An organisation cannot own itself.
    for (const type of ORGANISATION_TYPES)
      groups[type] = groups[type].filter((o) => o.id !== organisation.id);
    res.status(status).render('organisations/edit', {
      title: res.locals.t('organisations.edit.title'),
      organisation,
      values,
      errors,
      groups,
      types: ORGANISATION_TYPES,
    });
  };

  /** All organisations, sorted by name, with type, owners and number of accounts; filter by type and name. Admins. */
  router.get('/admin/organisations', admin, async (req, res) => {
    const filter = parseOrganisationFilter(req.query as Record<string, unknown>);
    const notice =
      typeof req.query.notice === 'string' && NOTICES.includes(req.query.notice) ? req.query.notice : null;
    res.render('organisations/index', {
      title: res.locals.t('organisations.index.title'),
      organisations: await listForAdmin(ctx, filter),
      filter,
      types: ORGANISATION_TYPES,
      notice,
    });
  });

  /** Form to correct an organisation's name, type and (for an SSC) owners. Admins. */
  router.get('/admin/organisations/:organisationId/edit', admin, loadOrganisation, async (_req, res) => {
    const organisation = res.locals.organisation as Organisation;
    await renderEdit(res, 200, organisation, {
      name: organisation.name,
      type: organisation.type,
      ownerIds: organisation.ownerIds.map(String),
    });
  });

  /** Saves the correction (audited). Admins. */
  router.post('/admin/organisations/:organisationId/edit', admin, loadOrganisation, async (req, res) => {
    const organisation = res.locals.organisation as Organisation;
    const body = req.body as Record<string, unknown>;
    const values = {
      name: String((Array.isArray(body.name) ? body.name[0] : body.name) ?? ''),
      type: String((Array.isArray(body.type) ? body.type[0] : body.type) ?? ''),
      ownerIds: body.ownerIds === undefined ? [] : [body.ownerIds].flat().map(String),
    };
    const form = parseForm(organisationEditSchema, body);
    if (!form.ok) return renderEdit(res, 422, organisation, values, form.errors);
    const result = await updateOrganisation(ctx, {
      actor: req.user!,
      organisationId: organisation.id,
      ...form.data,
    });
    if (!result.ok) return renderEdit(res, 422, organisation, values, result.errors);
    res.redirect(303, `/admin/organisations?notice=${result.changed ? 'updated' : 'unchanged'}`);
  });

  return router;
}
