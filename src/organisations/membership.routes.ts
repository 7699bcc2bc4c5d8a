import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { requireRole } from '../http/access';
import { HttpError } from '../http/errors';
import { firstString } from '../http/form-values';
import { loaded, loader } from '../http/loaders';
import { answerRefusal, renderForm } from '../http/render';
import { parseForm } from '../http/validation';
import type { FieldError } from '../shared/result';
import {
  cancelRequest,
  decideMembership,
  getMembershipOf,
  removeMember,
  requestMembership,
} from './membership.service';
import type { MembershipWithPerson } from './membership.types';
import { mayViewOrganisation, organisationPage } from './organisation.pages';
import { membershipDecisionSchema, reasonSchema, formId } from './organisation.schemas';
import { getOrganisation } from './organisation.service';
import type { Organisation } from './organisation.types';
import { z } from 'zod';
import { accountPage } from '../users/account.pages';

const joinSchema = z.object({ organisationId: formId('registration.errors.organisationRequired') });

declare module '../http/loaders' {
  interface Loaded {
    organisation: Organisation;
    membership: MembershipWithPerson;
  }
}

const NOTICES = ['approved', 'refused', 'removed'];

export function membershipRoutes(ctx: AppContext): Router {
  const router = Router();
  const membersAndOrganisers = requireRole('submitter', 'admin');
  const submitter = requireRole('submitter');

  /** :organisationId for its own granted members and for organisers; 404 for everyone else. */
  const loadOrganisation = loader('organisationId', 'organisation', async (id, req) => {
    const organisation = await getOrganisation(ctx, id);
    return organisation && mayViewOrganisation(req.user!, organisation) ? organisation : undefined;
  });
  /** :membershipId of that organisation. */
  const loadMembership = loader('membershipId', 'membership', (id, req) =>
    getMembershipOf(ctx, { organisationId: loaded(req, 'organisation').id, membershipId: id }),
  );

  /**
   * An organisation's page: its entries of every edition with their announced outcome, its members and waiting
   * requests (and, for organisers, ended memberships and the jurors tied to it). Its members and organisers.
   */
  router.get('/organisations/:organisationId', membersAndOrganisers, loadOrganisation, async (req, res) => {
    const page = await organisationPage(ctx, {
      organisation: loaded(req, 'organisation'),
      viewer: req.user!,
    });
    const notice = firstString(req.query.notice);
    res.render('organisations/show', {
      title: res.locals.orgLabel(page.organisation),
      ...page,
      notice: NOTICES.includes(notice) ? notice : null,
    });
  });

  const renderRequest = (req: Request, res: Response, errors: FieldError[] = [], values: object = {}) =>
    renderForm(res, 'organisations/request', {
      title: res.locals.t('organisations.request.title', { name: loaded(req, 'membership').name }),
      organisation: loaded(req, 'organisation'),
      membership: loaded(req, 'membership'),
      errors,
      values: { ...values },
    });

  /** A request to join, with approve and refuse (the mail to members and organisers links here). Members and organisers. */
  router.get(
    '/organisations/:organisationId/requests/:membershipId',
    membersAndOrganisers,
    loadOrganisation,
    loadMembership,
    (req, res) => renderRequest(req, res),
  );

  /** Approves or refuses the request (audited; the requester gets a mail). Members and organisers. */
  router.post(
    '/organisations/:organisationId/requests/:membershipId',
    membersAndOrganisers,
    loadOrganisation,
    loadMembership,
    async (req, res) => {
      const form = parseForm(membershipDecisionSchema, req.body);
      const values = req.body as Record<string, unknown>;
      if (!form.ok) return renderRequest(req, res, form.errors, values);
      const result = await decideMembership(ctx, {
        actor: req.user!,
        organisationId: loaded(req, 'organisation').id,
        membershipId: loaded(req, 'membership').id,
        ...form.data,
      });
      if (!result.ok) return answerRefusal(result, (errors) => renderRequest(req, res, errors, values));
      const notice = form.data.decision === 'approve' ? 'approved' : 'refused';
      res.redirect(303, `/organisations/${loaded(req, 'organisation').id}?notice=${notice}`);
    },
  );

  const renderRemove = (req: Request, res: Response, errors: FieldError[] = []) =>
    renderForm(res, 'organisations/remove-member', {
      title: res.locals.t('organisations.remove.title', { name: loaded(req, 'membership').name }),
      organisation: loaded(req, 'organisation'),
      membership: loaded(req, 'membership'),
      self: loaded(req, 'membership').userId === req.user!.id,
      errors,
    });

  /** Confirmation before removing a member (or leaving). Members and organisers. */
  router.get(
    '/organisations/:organisationId/members/:membershipId/remove',
    membersAndOrganisers,
    loadOrganisation,
    loadMembership,
    (req, res) => {
      if (loaded(req, 'membership').status !== 'active') throw new HttpError(404);
      renderRemove(req, res);
    },
  );

  /** Removes the member; access ends at once (audited; the person and the members get a mail). Members and organisers. */
  router.post(
    '/organisations/:organisationId/members/:membershipId/remove',
    membersAndOrganisers,
    loadOrganisation,
    loadMembership,
    async (req, res) => {
      const form = parseForm(reasonSchema, req.body);
      if (!form.ok) return renderRemove(req, res, form.errors);
      const self = loaded(req, 'membership').userId === req.user!.id;
      const result = await removeMember(ctx, {
        actor: req.user!,
        organisationId: loaded(req, 'organisation').id,
        membershipId: loaded(req, 'membership').id,
        reason: form.data.reason,
      });
      if (!result.ok) return answerRefusal(result);
      res.redirect(
        303,
        self ? '/account?notice=left' : `/organisations/${loaded(req, 'organisation').id}?notice=removed`,
      );
    },
  );

  /** Withdraws the account's own waiting request. Submitters. */
  router.post('/account/membership/cancel', submitter, async (req, res) => {
    const result = await cancelRequest(ctx, { user: req.user! });
    if (!result.ok) return answerRefusal(result);
    res.redirect(303, '/account?notice=requestCancelled');
  });

  /** Asks to join an organisation of the register (an account without one). Submitters. */
  router.post('/account/membership', submitter, async (req, res) => {
    const showAgain = async (errors: FieldError[]) =>
      renderForm(res, 'users/account', {
        title: res.locals.t('users.account.title'),
        ...(await accountPage(ctx, { user: req.user!, notice: '' })),
        errors,
        values: req.body as Record<string, unknown>,
      });
    const form = parseForm(joinSchema, req.body);
    if (!form.ok) return showAgain(form.errors);
    const result = await requestMembership(ctx, {
      user: req.user!,
      organisationId: form.data.organisationId,
    });
    if (!result.ok) return answerRefusal(result, showAgain);
    res.redirect(303, '/account?notice=requestSent');
  });

  return router;
}
