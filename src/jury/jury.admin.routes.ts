import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { editionLoader } from '../editions/edition.loaders';
import { requireRole } from '../http/access';
import { firstString, stringList } from '../http/form-values';
import { loaded } from '../http/loaders';
import { answerRefusal, renderForm } from '../http/render';
import { parseForm } from '../http/validation';
import type { FieldError } from '../shared/result';
import { adjustAssignment, generateAssignment } from './assignment.service';
import { withRankingMoves } from '../results/ranking-moves.service';
import { decideConflict } from './conflict.service';
import { addJuror, resendInvitation, revokeJuror, updateJuror } from './juror.service';
import {
  assignmentPage,
  conflictPage,
  conflictsPage,
  jurorFormPage,
  jurorFormValues,
  juryListPage,
  progressPage,
} from './jury.admin.pages';
import { juryEditionEntryLoader, jurySeatLoader } from './jury.loaders';
import {
  addConflictSchema,
  addJurorSchema,
  conflictDecisionSchema,
  generateSchema,
  jurorDetailsOf,
  jurorDetailsSchema,
  parsePairs,
  readAssignmentOutcome,
} from './jury.schemas';
import type { EditionJuror, RankingMoves } from './jury.types';
import { sendReminders } from './reminder.service';

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

const postedJuror = (body: Record<string, unknown>) => ({
  ...postedStrings(body, ['name', 'email', 'jobTitle', 'employerId', 'employerName']),
  tiesMember: stringList(body.tiesMember),
  tiesBoard: stringList(body.tiesBoard),
});

/** What a form shows: the values (posted, or the stored ones) and the errors of a refused post. */
interface FormState {
  values?: Record<string, unknown>;
  errors?: FieldError[];
}

/** The organiser's jury pages of an edition: jurors, conflicts of interest, assignment, progress and reminders. */
export function juryAdminRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireRole('admin');
  const loadEdition = editionLoader(ctx);
  const loadSeat = jurySeatLoader(ctx);
  const loadEntry = juryEditionEntryLoader(ctx);

  const base = (req: Request) => `/admin/editions/${loaded(req, 'edition').id}`;
  /**
   * Where a conflict decision leads: the conflicts page, or — when it was taken after scoring closed and so changed
   * a ranking people may have seen — the results page at the list of what moved.
   */
  const afterConflictDecision = (req: Request, done: string, moves: RankingMoves | null) =>
    moves
      ? `${base(req)}/results?notice=rankingChanged#ranking-changes`
      : `${base(req)}/conflicts?notice=${done}`;
  const notice = (req: Request) => {
    const n = firstString(req.query.notice);
    return NOTICES.includes(n) ? n : '';
  };

  /** The jury of an edition: who was invited, who accepted, who was revoked. Admins. */
  router.get('/admin/editions/:editionId/jury', admin, loadEdition, async (req, res) => {
    res.render('jury/admin/jurors', {
      title: res.locals.t('jury.admin.jurors.title'),
      ...(await juryListPage(ctx, { edition: loaded(req, 'edition') })),
      notice: notice(req),
    });
  });

  /** The juror form: to add one (no `juror`) or to change a seat's details. */
  const showJurorForm = async (req: Request, res: Response, form: FormState, juror?: EditionJuror) =>
    renderForm(res, 'jury/admin/juror-form', {
      title: res.locals.t(juror ? 'jury.admin.form.editTitle' : 'jury.admin.form.newTitle'),
      ...(await jurorFormPage(ctx, { edition: loaded(req, 'edition'), juror })),
      values: form.values ?? {},
      errors: form.errors ?? [],
      notice: notice(req),
    });

  /** Form to add a juror with their organisation ties. Admins. */
  router.get('/admin/editions/:editionId/jury/new', admin, loadEdition, (req, res) =>
    showJurorForm(req, res, { values: { tiesMember: [], tiesBoard: [] } }),
  );

  /** Adds the juror and mails an invitation (or, for an existing juror, word that they were added). Admins. */
  router.post('/admin/editions/:editionId/jury', admin, loadEdition, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const values = postedJuror(body);
    const form = parseForm(addJurorSchema, body);
    if (!form.ok) return showJurorForm(req, res, { values, errors: form.errors });
    const result = await addJuror(ctx, {
      actor: req.user!,
      editionId: loaded(req, 'edition').id,
      name: form.data.name,
      email: form.data.email,
      details: jurorDetailsOf(form.data),
      lng: req.lng,
    });
    if (!result.ok) return answerRefusal(result, (errors) => showJurorForm(req, res, { values, errors }));
    res.redirect(303, `${base(req)}/jury?notice=${result.value.mail === 'invite' ? 'invited' : 'added'}`);
  });

  /** Form to change a juror's job title, employer and ties. Admins. */
  router.get('/admin/editions/:editionId/jury/:userId/edit', admin, loadEdition, loadSeat, (req, res) =>
    showJurorForm(req, res, { values: jurorFormValues(loaded(req, 'jurySeat')) }, loaded(req, 'jurySeat')),
  );

  /** Saves a juror's ties; the conflicts follow at once. Admins. */
  router.post(
    '/admin/editions/:editionId/jury/:userId/edit',
    admin,
    loadEdition,
    loadSeat,
    async (req, res) => {
      const body = req.body as Record<string, unknown>;
      const juror = loaded(req, 'jurySeat');
      const values = postedJuror(body);
      const form = parseForm(jurorDetailsSchema, body);
      if (!form.ok) return showJurorForm(req, res, { values, errors: form.errors }, juror);
      const result = await updateJuror(ctx, {
        actor: req.user!,
        editionId: loaded(req, 'edition').id,
        userId: juror.userId,
        details: jurorDetailsOf(form.data),
      });
      if (!result.ok)
        return answerRefusal(result, (errors) => showJurorForm(req, res, { values, errors }, juror));
      res.redirect(303, `${base(req)}/jury?notice=updated`);
    },
  );

  /** An action on one juror's seat (no form): the service, then back to the jury list with a notice. */
  const seatAction =
    (run: typeof resendInvitation | typeof revokeJuror, notice: string) =>
    async (req: Request, res: Response) => {
      const result = await run(ctx, {
        actor: req.user!,
        editionId: loaded(req, 'edition').id,
        userId: loaded(req, 'jurySeat').userId,
        lng: req.lng,
      });
      if (!result.ok) return answerRefusal(result);
      res.redirect(303, `${base(req)}/jury?notice=${notice}`);
    };

  /** Sends a new invitation link to a juror who has not accepted yet; the old link stops working. Admins. */
  router.post(
    '/admin/editions/:editionId/jury/:userId/resend',
    admin,
    loadEdition,
    loadSeat,
    seatAction(resendInvitation, 'resent'),
  );

  /** Revokes a juror's seat: their access and any pending invitation end at once. Admins. */
  router.post(
    '/admin/editions/:editionId/jury/:userId/revoke',
    admin,
    loadEdition,
    loadSeat,
    seatAction(revokeJuror, 'revoked'),
  );

  const showConflicts = async (req: Request, res: Response, form: FormState = {}) =>
    renderForm(res, 'jury/admin/conflicts', {
      title: res.locals.t('jury.admin.conflicts.title'),
      ...(await conflictsPage(ctx, { edition: loaded(req, 'edition') })),
      values: form.values ?? {},
      errors: form.errors ?? [],
      notice: notice(req),
    });

  /** Every conflict of interest of the edition and why it exists; add one by hand. Admins. */
  router.get('/admin/editions/:editionId/conflicts', admin, loadEdition, (req, res) =>
    showConflicts(req, res),
  );

  /** Adds a conflict the data does not show, with a reason (audited). Admins. */
  router.post('/admin/editions/:editionId/conflicts', admin, loadEdition, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const values = postedStrings(body, ['jurorId', 'entryId', 'reason']);
    const form = parseForm(addConflictSchema, body);
    if (!form.ok) return showConflicts(req, res, { values, errors: form.errors });
    const result = await decideConflict(
      { ...ctx, measureMoves: withRankingMoves },
      { actor: req.user!, editionId: loaded(req, 'edition').id, ...form.data, decision: 'add' },
    );
    if (!result.ok) return answerRefusal(result, (errors) => showConflicts(req, res, { values, errors }));
    res.redirect(303, afterConflictDecision(req, 'conflictAdded', result.value.moves));
  });

  const showConflict = async (req: Request, res: Response, form: FormState = {}) =>
    renderForm(res, 'jury/admin/conflict', {
      title: res.locals.t('jury.admin.conflict.title'),
      ...(await conflictPage(ctx, {
        edition: loaded(req, 'edition'),
        juror: loaded(req, 'jurySeat'),
        entry: loaded(req, 'juryEditionEntry'),
      })),
      values: form.values ?? {},
      errors: form.errors ?? [],
      notice: notice(req),
    });

  /** One juror × entry pair: why it is (not) a conflict, and the form to lift or add it. Admins. */
  router.get(
    '/admin/editions/:editionId/conflicts/:userId/:entryId',
    admin,
    loadEdition,
    loadSeat,
    loadEntry,
    (req, res) => showConflict(req, res),
  );

  /** Lifts or adds the conflict of one pair, with a reason (audited). Admins. */
  router.post(
    '/admin/editions/:editionId/conflicts/:userId/:entryId',
    admin,
    loadEdition,
    loadSeat,
    loadEntry,
    async (req, res) => {
      const body = req.body as Record<string, unknown>;
      const values = postedStrings(body, ['reason', 'decision']);
      const form = parseForm(conflictDecisionSchema, body);
      if (!form.ok) return showConflict(req, res, { values, errors: form.errors });
      const result = await decideConflict(
        { ...ctx, measureMoves: withRankingMoves },
        {
          actor: req.user!,
          editionId: loaded(req, 'edition').id,
          jurorId: loaded(req, 'jurySeat').userId,
          entryId: loaded(req, 'juryEditionEntry').id,
          decision: form.data.decision,
          reason: form.data.reason,
        },
      );
      if (!result.ok) return answerRefusal(result, (errors) => showConflict(req, res, { values, errors }));
      const done = form.data.decision === 'add' ? 'conflictAdded' : 'conflictLifted';
      res.redirect(303, afterConflictDecision(req, done, result.value.moves));
    },
  );

  /** `checked`: the matrix as posted, when a hand change is refused. */
  const showAssignment = async (
    req: Request,
    res: Response,
    form: FormState & { checked?: ReadonlySet<string> } = {},
  ) =>
    renderForm(res, 'jury/admin/assignment', {
      title: res.locals.t('jury.admin.assignment.title'),
      ...(await assignmentPage(ctx, {
        edition: loaded(req, 'edition'),
        values: form.values,
        checked: form.checked,
      })),
      errors: form.errors ?? [],
      notice: notice(req),
      outcome: readAssignmentOutcome(req.query),
    });

  /** The assignment: its settings, entries short of jurors, and the juror × entry matrix to adjust by hand. Admins. */
  router.get('/admin/editions/:editionId/assignment', admin, loadEdition, (req, res) =>
    showAssignment(req, res),
  );

  /** Saves the settings and (re)generates the assignment from them; reproducible with the same seed. Admins. */
  router.post('/admin/editions/:editionId/assignment/generate', admin, loadEdition, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const values = postedStrings(body, ['mode', 'jurorsPerEntry', 'maxLoad', 'seed']);
    const form = parseForm(generateSchema, body);
    if (!form.ok) return showAssignment(req, res, { values, errors: form.errors });
    const result = await generateAssignment(ctx, {
      actor: req.user!,
      editionId: loaded(req, 'edition').id,
      settings: form.data,
    });
    if (!result.ok) return answerRefusal(result, (errors) => showAssignment(req, res, { values, errors }));
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
      return showAssignment(req, res, {
        checked,
        errors: [{ field: 'pairs', messageKey: 'jury.errors.pairUnknown' }],
      });
    const result = await adjustAssignment(ctx, {
      actor: req.user!,
      editionId: loaded(req, 'edition').id,
      pairs,
    });
    if (!result.ok) return answerRefusal(result, (errors) => showAssignment(req, res, { checked, errors }));
    const { added, removed } = result.value;
    res.redirect(
      303,
      `${base(req)}/assignment?notice=${added + removed > 0 ? 'adjusted' : 'unchanged'}&added=${added}&removed=${removed}`,
    );
  });

  /** The juror × entry progress matrix with completion per juror and per entry. Admins. */
  router.get('/admin/editions/:editionId/progress', admin, loadEdition, async (req, res) => {
    res.render('jury/admin/progress', {
      title: res.locals.t('jury.admin.progress.title'),
      ...(await progressPage(ctx, { edition: loaded(req, 'edition'), now: ctx.clock.now() })),
      sent: req.query.sent !== undefined ? Number(firstString(req.query.sent)) || 0 : null,
      notice: notice(req),
      errors: [],
    });
  });

  /** Mails a reminder to every juror with unfinished work (audited). Admins. */
  router.post('/admin/editions/:editionId/progress/remind', admin, loadEdition, async (req, res) => {
    const result = await sendReminders(ctx, { actor: req.user!, editionId: loaded(req, 'edition').id });
    if (!result.ok) return answerRefusal(result);
    res.redirect(303, `${base(req)}/progress?sent=${result.value.sent}`);
  });

  return router;
}
