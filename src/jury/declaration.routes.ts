import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { editionLoader } from '../editions/edition.loaders';
import { requireRole } from '../http/access';
import { firstString } from '../http/form-values';
import { loaded } from '../http/loaders';
import { answerRefusal, renderForm } from '../http/render';
import { safeLocalPath } from '../http/safe-redirect';
import { parseForm } from '../http/validation';
import type { FieldError } from '../shared/result';
import { declarationAdminPage, jurorDeclarationPage } from './declaration.pages';
import { acceptDeclarationSchema, declarationTextsSchema } from './declaration.schemas';
import { acceptDeclaration, saveDeclaration } from './declaration.service';
import { jurorSeatLoader } from './jury.loaders';
import { JURY_STYLES } from './jury.pages';

/** The jury declaration: jurors read and accept it, organisers write it and see who accepted. */
export function declarationRoutes(ctx: AppContext): Router {
  const router = Router();
  const juror = requireRole('juror');
  const admin = requireRole('admin');
  const loadSeat = jurorSeatLoader(ctx);
  const loadEdition = editionLoader(ctx);

  const showJurorPage = async (req: Request, res: Response, errors: FieldError[] = []) => {
    const { edition, seat } = loaded(req, 'jurorSeat');
    renderForm(res, 'jury/declaration', {
      title: res.locals.t('jury.declaration.title'),
      ...(await jurorDeclarationPage(ctx, {
        edition,
        seat,
        lng: req.lng,
        next: safeLocalPath(req.query.next) ?? null,
      })),
      errors,
    });
  };

  /** The declaration of an edition whose jury the juror sits on, with the box to accept it. Jurors (their seat). */
  router.get('/jury/editions/:editionId/declaration', juror, loadSeat, (req, res) => showJurorPage(req, res));

  /** Accepts the declaration (once; audited), then on to the sheet the juror wanted to open. Jurors (their seat). */
  router.post('/jury/editions/:editionId/declaration', juror, loadSeat, async (req, res) => {
    const form = parseForm(acceptDeclarationSchema, req.body);
    if (!form.ok) return showJurorPage(req, res, form.errors);
    const { edition } = loaded(req, 'jurorSeat');
    const result = await acceptDeclaration(ctx, { user: req.user!, editionId: edition.id, lng: req.lng });
    if (!result.ok) return answerRefusal(result);
    res.redirect(303, safeLocalPath(firstString((req.body as Record<string, unknown>).next)) ?? '/jury');
  });

  const showAdminPage = async (
    req: Request,
    res: Response,
    form: { values?: Record<string, unknown>; errors?: FieldError[] } = {},
  ) => {
    const page = await declarationAdminPage(ctx, { edition: loaded(req, 'edition') });
    renderForm(res, 'jury/admin/declaration', {
      title: res.locals.t('jury.declaration.admin.title'),
      ...page,
      juryTab: 'declaration',
      stylesheets: JURY_STYLES,
      values: form.values ?? page.values,
      errors: form.errors ?? [],
      notice: firstString(req.query.notice) === 'saved' ? 'saved' : '',
    });
  };

  /** The edition's declaration texts (nl, en) and which jurors accepted them when. Admins. */
  router.get('/admin/editions/:editionId/declaration', admin, loadEdition, (req, res) =>
    showAdminPage(req, res),
  );

  /** Saves the declaration texts (audited); an empty text falls back to the default. Admins. */
  router.post('/admin/editions/:editionId/declaration', admin, loadEdition, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const values = { textNl: firstString(body.textNl), textEn: firstString(body.textEn) };
    const form = parseForm(declarationTextsSchema, body);
    if (!form.ok) return showAdminPage(req, res, { values, errors: form.errors });
    const result = await saveDeclaration(ctx, {
      actor: req.user!,
      edition: loaded(req, 'edition'),
      nl: form.data.textNl,
      en: form.data.textEn,
    });
    if (!result.ok) return answerRefusal(result, (errors) => showAdminPage(req, res, { values, errors }));
    res.redirect(303, `/admin/editions/${loaded(req, 'edition').id}/declaration?notice=saved`);
  });

  return router;
}
