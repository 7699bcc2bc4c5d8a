import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { logIn } from '../auth/auth.routes';
import { anonymousOnly, publicRoute, requireRole } from '../http/access';
import { HttpError } from '../http/errors';
import { keptFields } from '../http/form-values';
import type { FieldError } from '../http/validation';
import { answerRefusal } from '../http/render';
import { membershipOf } from './membership.service';
import { organisationsByType } from './organisation.service';
import { JOINT_TYPES, ORGANISATION_TYPES, OWNER_TYPES } from './organisation.types';
import { registrationLimiter, resendLimiter } from './registration.rate-limit';
import { parseRegistrationForm } from './registration.schemas';
import { registerSubmitter, resendVerification, verifyEmail } from './registration.service';

/** What the form shows again after an error: everything the person typed or chose, never the password. */
const keptValues = (body: unknown) =>
  keptFields(body, {
    text: ['name', 'email', 'organisationChoice', 'organisationId', 'proposedType', 'proposedName'],
    lists: ['ownerIds'],
  });

export function registrationRoutes(ctx: AppContext): Router {
  const router = Router();
  const submitter = requireRole('submitter');

  const showForm = async (
    res: Response,
    status: number,
    values: Record<string, unknown>,
    errors: FieldError[] = [],
  ) => {
    res.status(status).render('organisations/register', {
      title: res.locals.t('registration.title'),
      values,
      errors,
      groups: await organisationsByType(ctx),
      types: ORGANISATION_TYPES,
      ownerTypes: OWNER_TYPES,
      jointTypes: JOINT_TYPES,
    });
  };

  /**
   * Registration form: the person, and their organisation chosen from the register (or a joint body proposed to
   * the organisers). It shows the register, never which organisations take part. Anonymous only.
   */
  router.get('/register', anonymousOnly, ctx.publicPage, async (_req, res) => {
    await showForm(res, 200, {});
  });

  const limited = registrationLimiter(ctx, (req, res, next, minutes) => {
    showForm(res, 429, keptValues(req.body), [
      { field: 'name', messageKey: 'registration.errors.tooMany', params: { count: minutes } },
    ]).catch(next);
  });

  /** Creates the account and its request to join, mails a verification link, logs in. Anonymous only. */
  router.post('/register', anonymousOnly, limited, async (req: Request, res: Response) => {
    const values = keptValues(req.body);
    const form = parseRegistrationForm(req.body);
    if (!form.ok) return showForm(res, 422, values, form.errors);
    const result = await registerSubmitter(ctx, { ...form.data, lng: req.lng });
    if (!result.ok) return answerRefusal(result, (errors) => showForm(res, 422, values, errors));
    await logIn(req, result.value);
    res.redirect(303, '/register/check-email');
  });

  /** "Check your e-mail" after registering. Submitters; once verified, the account page says so instead. */
  router.get('/register/check-email', submitter, (req, res) => {
    if (req.user!.emailVerifiedAt) return res.redirect(303, '/account');
    res.render('organisations/check-email', { title: res.locals.t('registration.checkEmail.title') });
  });

  /** Verifies the e-mail address from the mailed link (once, 7 days). Public: the token is the key. */
  router.get('/register/verify/:token', publicRoute, async (req, res) => {
    const user = await verifyEmail(ctx, String(req.params.token));
    if (!user) {
      return res.status(410).render('organisations/verify-invalid', {
        title: res.locals.t('registration.verifyInvalid.title'),
      });
    }
    res.render('organisations/verified', {
      title: res.locals.t('registration.verified.title'),
      membership: await membershipOf(ctx, user),
    });
  });

  const resendLimited = resendLimiter(ctx, (_req, _res, next, minutes) =>
    next(new HttpError(429, 'registration.errors.resendTooMany', { count: minutes })),
  );

  /** Mails a fresh verification link to the logged-in submitter. Submitters. */
  router.post('/account/verify/resend', submitter, resendLimited, async (req, res) => {
    const outcome = await resendVerification(ctx, { user: req.user!, lng: req.lng });
    res.redirect(303, `/account?notice=${outcome === 'sent' ? 'verificationSent' : 'alreadyVerified'}`);
  });

  return router;
}
