import { Router, type Request, type Response } from 'express';
import { parseId } from '../http/ids';
import type { AppContext } from '../context';
import { loadEdition as loadEditionParam } from '../editions/edition.loader';
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
import { loadOverview, progress, shortfalls } from './jury.overview';
import { sendReminders } from './reminder.service';
import { JURY_STYLES } from './jury.routes';
import {
  addConflictSchema,
  addJurorSchema,
  conflictDecisionSchema,
  generateSchema,
  jurorDetailsOf,
  jurorDetailsSchema,
  parsePairs,
} from './jury.schemas';
import type { EditionJuror } from './jury.types';
import { isScoringOpen } from './scoring.rules';

/** What a refused form shows again: the posted values, the errors, and the status (422, or 409 for a conflict). */
interface FormState {
  values?: Record<string, unknown>;
  errors?: FieldError[];
  status?: number;
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

/** The posted text fields as they were typed, to show again in a refused form. */
function postedStrings<K extends string>(
  body: Record<string, unknown>,
  names: readonly K[],
): Record<K, string> {
  return Object.fromEntries(names.map((name) => [name, firstString(body[name])])) as Record<K, string>;
}

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

  const loadEdition = loadEditionParam(ctx.db);

  const idParam = (req: Request, name: string): number => {
    const id = parseId(req.params[name]);
    if (id === null) throw new HttpError(404);
    return id;
  };

  const base = (req: Request) => `/admin/editions/${req.edition!.id}`;
  const notice = (req: Request) => {
    const n = firstString(req.query.notice);
    return NOTICES.includes(n) ? n : '';
  };
  const page = (req: Request, res: Response, section: string, extra: Record<string, unknown>) => ({
    stylesheets: JURY_STYLES,
    edition: req.edition!,
    section,
    notice: notice(req),
    errors: [],
    ...extra,
  });

  /**
   * A page with a form, shown on GET and shown again with the posted values, the errors and status 422 or 409
   * when the form is refused. `load` gathers what the page shows, its title included.
   */
  const formPage =
    <S extends FormState>(
      view: string,
      section: string,
      load: (req: Request, res: Response, state: S) => Promise<Record<string, unknown>>,
    ) =>
    async (req: Request, res: Response, state: S = {} as S) => {
      const shown = {
        values: state.values ?? {},
        errors: state.errors ?? [],
        ...(await load(req, res, state)),
      };
      res.status(state.status ?? 200).render(view, page(req, res, section, shown));
    };

  /** The jury of an edition: who was invited, who accepted, who was revoked. Admins. */
  router.get('/admin/editions/:editionId/jury', admin, loadEdition, async (req, res) => {
    const jurors = await listJurors(ctx.db, req.edition!.id);
    res.render(
      'jury/admin/jurors',
      page(req, res, 'jurors', {
        title: res.locals.t('jury.admin.jurors.title'),
        jurors,
        organisations: await organisationNames(ctx, jurorOrgIds(jurors)),
      }),
    );
  });

  const jurorForm = formPage<FormState & { juror?: EditionJuror }>(
    'jury/admin/juror-form',
    'jurors',
    async (_req, res, { juror }) => {
      const groups = await organisationsByType(ctx);
      return {
        title: res.locals.t(juror ? 'jury.admin.form.editTitle' : 'jury.admin.form.newTitle'),
        juror: juror ?? null,
        groups: ORGANISATION_TYPES.map((type) => ({ type, organisations: groups[type] })),
      };
    },
  );

  const postedJuror = (body: Record<string, unknown>) => ({
    ...postedStrings(body, ['name', 'email', 'jobTitle', 'employerId', 'employerName']),
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
    const values = postedJuror(body);
    const form = parseForm(addJurorSchema, body);
    if (!form.ok) return jurorForm(req, res, { values, errors: form.errors, status: 422 });
    const result = await addJuror(ctx, {
      actor: req.user!,
      editionId: req.edition!.id,
      name: form.data.name,
      email: form.data.email,
      details: jurorDetailsOf(form.data),
      lng: req.lng,
    });
    if (!result.ok) return jurorForm(req, res, { values, errors: result.errors, status: 422 });
    res.redirect(303, `${base(req)}/jury?notice=${result.value.mail === 'invite' ? 'invited' : 'added'}`);
  });

  const loadJuror = async (req: Request): Promise<EditionJuror> => {
    const juror = await findMembership(ctx.db, {
      editionId: req.edition!.id,
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
    const values = postedJuror(body);
    const form = parseForm(jurorDetailsSchema, body);
    if (!form.ok) return jurorForm(req, res, { juror, values, errors: form.errors, status: 422 });
    const result = await updateJuror(ctx, {
      actor: req.user!,
      editionId: req.edition!.id,
      userId: juror.userId,
      details: jurorDetailsOf(form.data),
    });
    if (!result.ok) return jurorForm(req, res, { juror, values, errors: result.errors, status: 422 });
    res.redirect(303, `${base(req)}/jury?notice=updated`);
  });

  /** Sends a new invitation link to a juror who has not accepted yet; the old link stops working. Admins. */
  router.post('/admin/editions/:editionId/jury/:userId/resend', admin, loadEdition, async (req, res) => {
    const juror = await loadJuror(req);
    const result = await resendInvitation(ctx, {
      actor: req.user!,
      editionId: req.edition!.id,
      userId: juror.userId,
      lng: req.lng,
    });
    if (!result.ok) throw new HttpError(409, result.errors[0]!.messageKey);
    res.redirect(303, `${base(req)}/jury?notice=resent`);
  });

  /** Revokes a juror's seat: their access and any pending invitation end at once. Admins. */
  router.post('/admin/editions/:editionId/jury/:userId/revoke', admin, loadEdition, async (req, res) => {
    const juror = await loadJuror(req);
    await revokeJuror(ctx, { actor: req.user!, editionId: req.edition!.id, userId: juror.userId });
    res.redirect(303, `${base(req)}/jury?notice=revoked`);
  });

  const conflictsPage = formPage('jury/admin/conflicts', 'conflicts', async (req, res) => {
    const edition = req.edition!;
    const overview = await loadOverview(ctx.db, edition);
    const pairs = overview.conflicts.notablePairs(
      overview.jurors.map((j) => j.userId),
      overview.entries.map((e) => e.id),
    );
    const jurors = new Map(overview.jurors.map((j) => [j.userId, j]));
    const entries = new Map(overview.entries.map((e) => [e.id, e]));
    return {
      title: res.locals.t('jury.admin.conflicts.title'),
      rows: pairs.map((p) => ({
        juror: jurors.get(p.jurorId)!,
        entry: entries.get(p.entryId)!,
        number: entryNumber(edition, entries.get(p.entryId)!),
        conflict: overview.conflicts.get(p.jurorId, p.entryId),
      })),
      organisations: overview.conflicts.organisations,
      jurors: overview.jurors,
      entries: overview.entries.map((e) => ({ ...e, number: entryNumber(edition, e) })),
    };
  });

  /** Every conflict of interest of the edition and why it exists; add one by hand. Admins. */
  router.get('/admin/editions/:editionId/conflicts', admin, loadEdition, (req, res) =>
    conflictsPage(req, res),
  );

  /** Adds a conflict the data does not show, with a reason (audited). Admins. */
  router.post('/admin/editions/:editionId/conflicts', admin, loadEdition, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const values = postedStrings(body, ['jurorId', 'entryId', 'reason']);
    const form = parseForm(addConflictSchema, body);
    if (!form.ok) return conflictsPage(req, res, { values, errors: form.errors, status: 422 });
    const result = await decideConflict(ctx, {
      actor: req.user!,
      editionId: req.edition!.id,
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

  const decisionPage = formPage('jury/admin/conflict', 'conflicts', async (req, res) => {
    const edition = req.edition!;
    const overview = await loadOverview(ctx.db, edition);
    const juror = overview.jurors.find((j) => j.userId === idParam(req, 'userId'));
    const entry = overview.entries.find((e) => e.id === idParam(req, 'entryId'));
    if (!juror || !entry) throw new HttpError(404);
    return {
      title: res.locals.t('jury.admin.conflict.title'),
      juror,
      entry,
      number: entryNumber(edition, entry),
      conflict: overview.conflicts.get(juror.userId, entry.id),
      organisations: overview.conflicts.organisations,
    };
  });

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
      const values = postedStrings(body, ['reason', 'decision']);
      const form = parseForm(conflictDecisionSchema, body);
      if (!form.ok) return decisionPage(req, res, { values, errors: form.errors, status: 422 });
      const result = await decideConflict(ctx, {
        actor: req.user!,
        editionId: req.edition!.id,
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

  /** `checked`: the matrix as posted, when a hand change is refused. */
  const assignmentPage = formPage<FormState & { checked?: Set<string> }>(
    'jury/admin/assignment',
    'assignment',
    async (req, res, { values, checked }) => {
      const edition = req.edition!;
      const overview = await loadOverview(ctx.db, edition);
      const { settings } = overview;
      return {
        title: res.locals.t('jury.admin.assignment.title'),
        settings,
        values: values ?? {
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
          assigned: checked ? checked.has(`${jurorId}:${entryId}`) : overview.isAssigned(jurorId, entryId),
          started: overview.sheet(jurorId, entryId) !== undefined,
        }),
        load: (jurorId: number) => overview.entries.filter((e) => overview.isAssigned(jurorId, e.id)).length,
        outcome: {
          added: Number(firstString(req.query.added)) || 0,
          removed: Number(firstString(req.query.removed)) || 0,
          kept: Number(firstString(req.query.kept)) || 0,
        },
      };
    },
  );

  /** The assignment: its settings, entries short of jurors, and the juror × entry matrix to adjust by hand. Admins. */
  router.get('/admin/editions/:editionId/assignment', admin, loadEdition, (req, res) =>
    assignmentPage(req, res),
  );

  /** Saves the settings and (re)generates the assignment from them; reproducible with the same seed. Admins. */
  router.post('/admin/editions/:editionId/assignment/generate', admin, loadEdition, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const values = postedStrings(body, ['mode', 'jurorsPerEntry', 'maxLoad', 'seed']);
    const form = parseForm(generateSchema, body);
    if (!form.ok) return assignmentPage(req, res, { values, errors: form.errors, status: 422 });
    const result = await generateAssignment(ctx, {
      actor: req.user!,
      editionId: req.edition!.id,
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
    const result = await adjustAssignment(ctx, { actor: req.user!, editionId: req.edition!.id, pairs });
    if (!result.ok) return assignmentPage(req, res, { checked, errors: result.errors, status: 422 });
    const changed = result.value.added + result.value.removed > 0;
    res.redirect(
      303,
      `${base(req)}/assignment?notice=${changed ? 'adjusted' : 'unchanged'}&added=${result.value.added}&removed=${result.value.removed}`,
    );
  });

  /** The juror × entry progress matrix with completion per juror and per entry. Admins. */
  router.get('/admin/editions/:editionId/progress', admin, loadEdition, async (req, res) => {
    const edition = req.edition!;
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
    const result = await sendReminders(ctx, { actor: req.user!, editionId: req.edition!.id });
    if (!result.ok) throw new HttpError(409, result.messageKey);
    res.redirect(303, `${base(req)}/progress?sent=${result.sent}`);
  });

  return router;
}
