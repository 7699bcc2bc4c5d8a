import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { AppContext } from '../context';
import { findEdition } from '../editions/edition.repo';
import type { Edition } from '../editions/edition.types';
import { entryNumber } from '../entries/entry.service';
import { requireRole } from '../http/access';
import { HttpError } from '../http/errors';
import { firstString, stringList } from '../http/form-values';
import { parseForm, type FieldError } from '../http/validation';
import { findOrganisationsByIds } from '../organisations/organisation.repo';
import { organisationsByType } from '../organisations/organisation.service';
import { ORGANISATION_TYPES, type Organisation } from '../organisations/organisation.types';
import { adjustAssignment, generateAssignment } from './assignment.service';
import { decideConflict } from './conflict.service';
import { findMembership, listJurors } from './juror.repo';
import { addJuror, resendInvitation, revokeJuror, updateJuror } from './juror.service';
import { loadOverview, progress, shortfalls, type JuryOverview } from './jury.overview';
import { sendReminders } from './reminder.service';
import { JURY_STYLES } from './jury.routes';
import {
  addConflictSchema,
  addJurorSchema,
  conflictDecisionSchema,
  generateSchema,
  jurorDetailsSchema,
  parsePairs,
  tiesOf,
} from './jury.schemas';
import type { EditionJuror } from './jury.types';
import { isScoringOpen } from './scoring.rules';

declare module 'express-serve-static-core' {
  interface Request {
    juryEdition?: Edition;
  }
}

const NOTICES = [
  'invited',
  'added',
  'updated',
  'resent',
  'revoked',
  'conflictAdded',
  'conflictLifted',
  'generated',
  'adjusted',
  'unchanged',
];

/** Organisation names for the pages: "Gemeente Zeist", "SSC Heuvelrug". */
async function organisationNames(ctx: AppContext, ids: Iterable<number>): Promise<Map<number, Organisation>> {
  return new Map((await findOrganisationsByIds(ctx.db, [...new Set(ids)])).map((o) => [o.id, o]));
}

function jurorOrgIds(jurors: EditionJuror[]): number[] {
  return jurors.flatMap((j) => [
    ...(j.employerId === null ? [] : [j.employerId]),
    ...j.ties.map((t) => t.organisationId),
  ]);
}

export function juryAdminRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');

  // After the guard, so strangers learn nothing about which editions exist.
  const loadEdition: RequestHandler = (req, _res, next) => {
    const raw = String(req.params.editionId);
    if (!/^\d{1,9}$/.test(raw)) return next(new HttpError(404));
    findEdition(ctx.db, Number(raw)).then((edition) => {
      if (!edition) return next(new HttpError(404));
      req.juryEdition = edition;
      next();
    }, next);
  };

  const idParam = (req: Request, name: string): number => {
    const raw = String(req.params[name]);
    if (!/^\d{1,9}$/.test(raw)) throw new HttpError(404);
    return Number(raw);
  };

  const base = (req: Request) => `/admin/editions/${req.juryEdition!.id}`;
  const notice = (req: Request) => {
    const n = firstString(req.query.notice);
    return NOTICES.includes(n) ? n : '';
  };
  const page = (req: Request, res: Response, section: string, extra: Record<string, unknown>) => ({
    stylesheets: JURY_STYLES,
    edition: req.juryEdition!,
    section,
    notice: notice(req),
    errors: [],
    ...extra,
  });

  /** The jury of an edition: who was invited, who accepted, who was revoked. Admins. */
  router.get('/admin/editions/:editionId/jury', admin, loadEdition, async (req, res) => {
    const jurors = await listJurors(ctx.db, req.juryEdition!.id);
    res.render(
      'jury/admin/jurors',
      page(req, res, 'jurors', {
        title: res.locals.t('jury.admin.jurors.title'),
        jurors,
        organisations: await organisationNames(ctx, jurorOrgIds(jurors)),
      }),
    );
  });

  const jurorForm = async (
    req: Request,
    res: Response,
    options: {
      juror?: EditionJuror;
      values: Record<string, unknown>;
      errors?: FieldError[];
      status?: number;
    },
  ) => {
    const groups = await organisationsByType(ctx);
    res.status(options.status ?? 200).render(
      'jury/admin/juror-form',
      page(req, res, 'jurors', {
        title: res.locals.t(options.juror ? 'jury.admin.form.editTitle' : 'jury.admin.form.newTitle'),
        juror: options.juror ?? null,
        groups: ORGANISATION_TYPES.map((type) => ({ type, organisations: groups[type] })),
        values: options.values,
        errors: options.errors ?? [],
      }),
    );
  };

  const postedValues = (body: Record<string, unknown>) => ({
    name: firstString(body.name),
    email: firstString(body.email),
    jobTitle: firstString(body.jobTitle),
    employerId: firstString(body.employerId),
    employerName: firstString(body.employerName),
    tiesMember: stringList(body.tiesMember),
    tiesBoard: stringList(body.tiesBoard),
  });

  /** Form to add a juror with their organisation ties. Admins. */
  router.get('/admin/editions/:editionId/jury/new', admin, loadEdition, (req, res) =>
    jurorForm(req, res, { values: { tiesMember: [], tiesBoard: [] } }),
  );

  /** Adds the juror and mails an invitation (or, for an existing juror, word that they were added). Admins. */
  router.post('/admin/editions/:editionId/jury', admin, loadEdition, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const values = postedValues(body);
    const form = parseForm(addJurorSchema, body);
    if (!form.ok) return jurorForm(req, res, { values, errors: form.errors, status: 422 });
    const { name, email, jobTitle, employerId, employerName } = form.data;
    const result = await addJuror(ctx, {
      actor: req.user!,
      editionId: req.juryEdition!.id,
      name,
      email,
      details: {
        jobTitle,
        employerId,
        employerName: employerId === null ? employerName : '',
        ties: tiesOf(form.data),
      },
      lng: req.lng,
    });
    if (!result.ok) return jurorForm(req, res, { values, errors: result.errors, status: 422 });
    res.redirect(303, `${base(req)}/jury?notice=${result.value.mail === 'invite' ? 'invited' : 'added'}`);
  });

  const loadJuror = async (req: Request): Promise<EditionJuror> => {
    const juror = await findMembership(ctx.db, {
      editionId: req.juryEdition!.id,
      userId: idParam(req, 'userId'),
    });
    if (!juror || juror.revokedAt) throw new HttpError(404);
    return juror;
  };

  /** Form to change a juror's job title, employer and ties. Admins. */
  router.get('/admin/editions/:editionId/jury/:userId/edit', admin, loadEdition, async (req, res) => {
    const juror = await loadJuror(req);
    return jurorForm(req, res, {
      juror,
      values: {
        jobTitle: juror.jobTitle,
        employerId: juror.employerId === null ? '' : String(juror.employerId),
        employerName: juror.employerName,
        tiesMember: juror.ties.filter((t) => t.kind === 'member').map((t) => String(t.organisationId)),
        tiesBoard: juror.ties.filter((t) => t.kind === 'board').map((t) => String(t.organisationId)),
      },
    });
  });

  /** Saves a juror's ties; the conflicts follow at once. Admins. */
  router.post('/admin/editions/:editionId/jury/:userId/edit', admin, loadEdition, async (req, res) => {
    const juror = await loadJuror(req);
    const body = req.body as Record<string, unknown>;
    const values = postedValues(body);
    const form = parseForm(jurorDetailsSchema, body);
    if (!form.ok) return jurorForm(req, res, { juror, values, errors: form.errors, status: 422 });
    const { jobTitle, employerId, employerName } = form.data;
    const result = await updateJuror(ctx, {
      actor: req.user!,
      editionId: req.juryEdition!.id,
      userId: juror.userId,
      details: {
        jobTitle,
        employerId,
        employerName: employerId === null ? employerName : '',
        ties: tiesOf(form.data),
      },
    });
    if (!result.ok) return jurorForm(req, res, { juror, values, errors: result.errors, status: 422 });
    res.redirect(303, `${base(req)}/jury?notice=updated`);
  });

  /** Sends a new invitation link to a juror who has not accepted yet; the old link stops working. Admins. */
  router.post('/admin/editions/:editionId/jury/:userId/resend', admin, loadEdition, async (req, res) => {
    const juror = await loadJuror(req);
    const result = await resendInvitation(ctx, {
      actor: req.user!,
      editionId: req.juryEdition!.id,
      userId: juror.userId,
      lng: req.lng,
    });
    if (!result.ok) throw new HttpError(409, result.errors[0]!.messageKey);
    res.redirect(303, `${base(req)}/jury?notice=resent`);
  });

  /** Revokes a juror's seat: their access and any pending invitation end at once. Admins. */
  router.post('/admin/editions/:editionId/jury/:userId/revoke', admin, loadEdition, async (req, res) => {
    const juror = await loadJuror(req);
    await revokeJuror(ctx, { actor: req.user!, editionId: req.juryEdition!.id, userId: juror.userId });
    res.redirect(303, `${base(req)}/jury?notice=revoked`);
  });

  const conflictsPage = async (
    req: Request,
    res: Response,
    options: { values?: Record<string, unknown>; errors?: FieldError[]; status?: number } = {},
  ) => {
    const overview = await loadOverview(ctx.db, req.juryEdition!);
    const jurorIds = overview.jurors.map((j) => j.userId);
    const pairs = overview.conflicts.notablePairs(
      jurorIds,
      overview.entries.map((e) => e.id),
    );
    const jurors = new Map(overview.jurors.map((j) => [j.userId, j]));
    const entries = new Map(overview.entries.map((e) => [e.id, e]));
    res.status(options.status ?? 200).render(
      'jury/admin/conflicts',
      page(req, res, 'conflicts', {
        title: res.locals.t('jury.admin.conflicts.title'),
        rows: pairs.map((p) => ({
          juror: jurors.get(p.jurorId)!,
          entry: entries.get(p.entryId)!,
          number: entryNumber(req.juryEdition!, entries.get(p.entryId)!),
          conflict: overview.conflicts.get(p.jurorId, p.entryId),
        })),
        organisations: overview.conflicts.organisations,
        jurors: overview.jurors,
        entries: overview.entries.map((e) => ({ ...e, number: entryNumber(req.juryEdition!, e) })),
        values: options.values ?? {},
        errors: options.errors ?? [],
      }),
    );
  };

  /** Every conflict of interest of the edition and why it exists; add one by hand. Admins. */
  router.get('/admin/editions/:editionId/conflicts', admin, loadEdition, (req, res) =>
    conflictsPage(req, res),
  );

  /** Adds a conflict the data does not show, with a reason (audited). Admins. */
  router.post('/admin/editions/:editionId/conflicts', admin, loadEdition, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const values = {
      jurorId: firstString(body.jurorId),
      entryId: firstString(body.entryId),
      reason: firstString(body.reason),
    };
    const form = parseForm(addConflictSchema, body);
    if (!form.ok) return conflictsPage(req, res, { values, errors: form.errors, status: 422 });
    const result = await decideConflict(ctx, {
      actor: req.user!,
      editionId: req.juryEdition!.id,
      ...form.data,
      decision: 'add',
    });
    if (!result.ok)
      return conflictsPage(req, res, {
        values,
        errors: [{ field: result.field, messageKey: result.messageKey }],
        status: result.status,
      });
    res.redirect(303, `${base(req)}/conflicts?notice=conflictAdded`);
  });

  const decisionPage = async (
    req: Request,
    res: Response,
    options: { values?: Record<string, unknown>; errors?: FieldError[]; status?: number } = {},
  ) => {
    const edition = req.juryEdition!;
    const overview: JuryOverview = await loadOverview(ctx.db, edition);
    const juror = overview.jurors.find((j) => j.userId === idParam(req, 'userId'));
    const entry = overview.entries.find((e) => e.id === idParam(req, 'entryId'));
    if (!juror || !entry) throw new HttpError(404);
    res.status(options.status ?? 200).render(
      'jury/admin/conflict',
      page(req, res, 'conflicts', {
        title: res.locals.t('jury.admin.conflict.title'),
        juror,
        entry,
        number: entryNumber(edition, entry),
        conflict: overview.conflicts.get(juror.userId, entry.id),
        organisations: overview.conflicts.organisations,
        values: options.values ?? {},
        errors: options.errors ?? [],
      }),
    );
  };

  /** One juror × entry pair: why it is (not) a conflict, and the form to lift or add it. Admins. */
  router.get('/admin/editions/:editionId/conflicts/:userId/:entryId', admin, loadEdition, (req, res) =>
    decisionPage(req, res),
  );

  /** Lifts or adds the conflict of one pair, with a reason (audited). Admins. */
  router.post(
    '/admin/editions/:editionId/conflicts/:userId/:entryId',
    admin,
    loadEdition,
    async (req, res) => {
      const body = req.body as Record<string, unknown>;
      const values = { reason: firstString(body.reason), decision: firstString(body.decision) };
      const form = parseForm(conflictDecisionSchema, body);
      if (!form.ok) return decisionPage(req, res, { values, errors: form.errors, status: 422 });
      const result = await decideConflict(ctx, {
        actor: req.user!,
        editionId: req.juryEdition!.id,
        jurorId: idParam(req, 'userId'),
        entryId: idParam(req, 'entryId'),
        decision: form.data.decision,
        reason: form.data.reason,
      });
      if (!result.ok)
        return decisionPage(req, res, {
          values,
          errors: [{ field: result.field, messageKey: result.messageKey }],
          status: result.status,
        });
      const done = form.data.decision === 'add' ? 'conflictAdded' : 'conflictLifted';
      res.redirect(303, `${base(req)}/conflicts?notice=${done}`);
    },
  );

  const assignmentPage = async (
    req: Request,
    res: Response,
    options: {
      values?: Record<string, unknown>;
      errors?: FieldError[];
      status?: number;
      checked?: Set<string>;
    } = {},
  ) => {
    const edition = req.juryEdition!;
    const overview = await loadOverview(ctx.db, edition);
    const { settings } = overview;
    res.status(options.status ?? 200).render(
      'jury/admin/assignment',
      page(req, res, 'assignment', {
        title: res.locals.t('jury.admin.assignment.title'),
        settings,
        values: options.values ?? {
          mode: settings.mode,
          jurorsPerEntry: String(settings.jurorsPerEntry),
          maxLoad: settings.maxLoad === null ? '' : String(settings.maxLoad),
          seed: settings.seed,
        },
        jurors: overview.jurors,
        entries: overview.entries.map((e) => ({ ...e, number: entryNumber(edition, e) })),
        shortfalls: shortfalls(overview).map((s) => ({ ...s, number: entryNumber(edition, s.entry) })),
        cell: (jurorId: number, entryId: number) => ({
          conflicted: overview.conflicts.isConflicted(jurorId, entryId),
          assigned: options.checked
            ? options.checked.has(`${jurorId}:${entryId}`)
            : overview.isAssigned(jurorId, entryId),
          started: overview.sheet(jurorId, entryId) !== undefined,
        }),
        load: (jurorId: number) => overview.entries.filter((e) => overview.isAssigned(jurorId, e.id)).length,
        outcome: {
          added: Number(firstString(req.query.added)) || 0,
          removed: Number(firstString(req.query.removed)) || 0,
          kept: Number(firstString(req.query.kept)) || 0,
        },
        errors: options.errors ?? [],
      }),
    );
  };

  /** The assignment: its settings, entries short of jurors, and the juror × entry matrix to adjust by hand. Admins. */
  router.get('/admin/editions/:editionId/assignment', admin, loadEdition, (req, res) =>
    assignmentPage(req, res),
  );

  /** Saves the settings and (re)generates the assignment from them; reproducible with the same seed. Admins. */
  router.post('/admin/editions/:editionId/assignment/generate', admin, loadEdition, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const values = {
      mode: firstString(body.mode),
      jurorsPerEntry: firstString(body.jurorsPerEntry),
      maxLoad: firstString(body.maxLoad),
      seed: firstString(body.seed),
    };
    const form = parseForm(generateSchema, body);
    if (!form.ok) return assignmentPage(req, res, { values, errors: form.errors, status: 422 });
    const result = await generateAssignment(ctx, {
      actor: req.user!,
      editionId: req.juryEdition!.id,
      settings: form.data,
    });
    if (!result.ok) return assignmentPage(req, res, { values, errors: result.errors, status: 409 });
    const { added, removed, kept } = result.value;
    res.redirect(
      303,
      `${base(req)}/assignment?notice=generated&added=${added}&removed=${removed}&kept=${kept}`,
    );
  });

  /** Saves the organiser's hand changes to the matrix (audited with the pairs added and removed). Admins. */
  router.post('/admin/editions/:editionId/assignment', admin, loadEdition, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const pairs = parsePairs(body.pairs);
    const checked = new Set(stringList(body.pairs));
    if (!pairs)
      return assignmentPage(req, res, {
        checked,
        errors: [{ field: 'pairs', messageKey: 'jury.errors.pairUnknown' }],
        status: 422,
      });
    const result = await adjustAssignment(ctx, { actor: req.user!, editionId: req.juryEdition!.id, pairs });
    if (!result.ok) return assignmentPage(req, res, { checked, errors: result.errors, status: 422 });
    const changed = result.value.added + result.value.removed > 0;
    res.redirect(
      303,
      `${base(req)}/assignment?notice=${changed ? 'adjusted' : 'unchanged'}&added=${result.value.added}&removed=${result.value.removed}`,
    );
  });

  /** The juror × entry progress matrix with completion per juror and per entry. Admins. */
  router.get('/admin/editions/:editionId/progress', admin, loadEdition, async (req, res) => {
    const edition = req.juryEdition!;
    const overview = await loadOverview(ctx.db, edition);
    const result = progress(overview);
    res.render(
      'jury/admin/progress',
      page(req, res, 'progress', {
        title: res.locals.t('jury.admin.progress.title'),
        jurors: overview.jurors,
        progress: {
          ...result,
          rows: result.rows.map((r) => ({ ...r, number: entryNumber(edition, r.entry) })),
        },
        scoringOpen: isScoringOpen(edition, ctx.clock.now()),
        sent: req.query.sent !== undefined ? Number(firstString(req.query.sent)) || 0 : null,
      }),
    );
  });

  /** Mails a reminder to every juror with unfinished work (audited). Admins. */
  router.post('/admin/editions/:editionId/progress/remind', admin, loadEdition, async (req, res) => {
    const result = await sendReminders(ctx, { actor: req.user!, editionId: req.juryEdition!.id });
    if (!result.ok) throw new HttpError(409, result.messageKey);
    res.redirect(303, `${base(req)}/progress?sent=${result.sent}`);
  });

  return router;
}
