import { z } from 'zod';
import { firstString, stringList } from '../http/form-values';
import { formEmail, formText } from '../http/validation';
import type { JurorEntryPair } from './assignment';
import type { JurorDetails } from './juror.service';
import { ASSIGNMENT_MODES, type JurorTie } from './jury.types';
import type { PostedSheet } from './score.service';

const idList = z.preprocess(
  (v) => stringList(v),
  z
    .array(z.string().regex(/^\d{1,9}$/, { error: 'jury.errors.organisationUnknown' }))
    .transform((ids) => ids.map(Number)),
);

const optionalId = (key: string) =>
  z.preprocess(
    (v) => firstString(v).trim(),
    z
      .string()
      .regex(/^(\d{1,9})?$/, { error: key })
      .transform((s) => (s === '' ? null : Number(s))),
  );

const requiredId = (key: string) =>
  z.preprocess(
    (v) => firstString(v).trim(),
    z
      .string()
      .regex(/^\d{1,9}$/, { error: key })
      .transform(Number),
  );

/** Job title, employer and ties: the part of the juror form that the edit page shares with the add page. */
export const jurorDetailsSchema = z
  .object({
    jobTitle: formText({ max: 200, required: 'jury.errors.jobTitleRequired' }),
    employerId: optionalId('jury.errors.organisationUnknown'),
    employerName: formText({ max: 200 }),
    tiesMember: idList,
    tiesBoard: idList,
  })
  .superRefine((v, ctx) => {
    if (v.employerId === null && v.employerName === '')
      ctx.addIssue({ code: 'custom', path: ['employerId'], message: 'jury.errors.employerRequired' });
  });

export const addJurorSchema = z
  .object({
    name: formText({ max: 200, required: 'jury.errors.nameRequired' }),
    email: formEmail('jury.errors.emailRequired'),
  })
  .and(jurorDetailsSchema);

export type JurorDetailsForm = z.output<typeof jurorDetailsSchema>;

/** Ties from the two checklists; an organisation ticked in both counts once, as the board seat. */
export function tiesOf(form: Pick<JurorDetailsForm, 'tiesMember' | 'tiesBoard'>): JurorTie[] {
  const ties = new Map<number, JurorTie>();
  for (const id of form.tiesMember) ties.set(id, { organisationId: id, kind: 'member' });
  for (const id of form.tiesBoard) ties.set(id, { organisationId: id, kind: 'board' });
  return [...ties.values()].sort((a, b) => a.organisationId - b.organisationId);
}

/** The details as the juror service takes them; an employer chosen from the list drops the typed-in name. */
export function jurorDetailsOf(form: JurorDetailsForm): JurorDetails {
  return {
    jobTitle: form.jobTitle,
    employerId: form.employerId,
    employerName: form.employerId === null ? form.employerName : '',
    ties: tiesOf(form),
  };
}

const reason = (required: string) => formText({ max: 2000, required });

export const addConflictSchema = z.object({
  jurorId: requiredId('jury.errors.jurorRequired'),
  entryId: requiredId('jury.errors.entryRequired'),
  reason: reason('jury.errors.reasonRequired'),
});

export const conflictDecisionSchema = z.object({
  decision: z.preprocess((v) => firstString(v), z.enum(['add', 'lift'], { error: 'common.errors.invalid' })),
  reason: reason('jury.errors.reasonRequired'),
});

export const declareSchema = z.object({ reason: reason('jury.errors.declareReasonRequired') });
export const abstainSchema = z.object({ reason: reason('jury.errors.abstainReasonRequired') });

const wholeNumber = (min: number, max: number, key: string) =>
  z.preprocess(
    (v) => {
      const s = firstString(v).trim();
      return /^\d{1,4}$/.test(s) ? Number(s) : Number.NaN;
    },
    z.number({ error: key }).int({ error: key }).min(min, { error: key }).max(max, { error: key }),
  );

export const generateSchema = z.object({
  mode: z.preprocess((v) => firstString(v), z.enum(ASSIGNMENT_MODES, { error: 'jury.errors.modeRequired' })),
  jurorsPerEntry: wholeNumber(1, 50, 'jury.errors.perEntryInvalid'),
  maxLoad: z.preprocess(
    (v) => {
      const s = firstString(v).trim();
      return s === '' ? null : /^\d{1,4}$/.test(s) ? Number(s) : Number.NaN;
    },
    z.union([z.null(), z.number().int().min(1).max(500)], { error: 'jury.errors.maxLoadInvalid' }),
  ),
  seed: formText({ max: 100, required: 'jury.errors.seedRequired' }),
});

/** What the assignment page says after a generation or hand change: the counts in its query. */
export function readAssignmentOutcome(query: Record<string, unknown>) {
  return {
    added: Number(firstString(query.added)) || 0,
    removed: Number(firstString(query.removed)) || 0,
    kept: Number(firstString(query.kept)) || 0,
  };
}

/** The checkboxes of the assignment matrix: "jurorId:entryId" each. Null when one is malformed. */
export function parsePairs(value: unknown): JurorEntryPair[] | null {
  const pairs: JurorEntryPair[] = [];
  for (const raw of stringList(value)) {
    const m = /^(\d{1,9}):(\d{1,9})$/.exec(raw);
    if (!m) return null;
    pairs.push({ jurorId: Number(m[1]), entryId: Number(m[2]) });
  }
  return pairs;
}

/**
 * The scoring form: `score_<criterionId>` (a radio group, absent when nothing is chosen), `comment_<criterionId>`,
 * `motivation` and the button pressed (`action`). Keys are kept raw: the service decides whether they are this
 * edition's criteria, so a crafted key is refused rather than ignored.
 */
export function parseScoreForm(body: Record<string, unknown>): {
  action: 'draft' | 'final';
  posted: PostedSheet;
} {
  const scores = new Map<string, string>();
  const comments = new Map<string, string>();
  for (const [key, value] of Object.entries(body)) {
    const m = /^(score|comment)_(.*)$/.exec(key);
    if (!m) continue;
    if (m[1] === 'score') scores.set(m[2]!, firstString(value).trim());
    else comments.set(m[2]!, firstString(value).replace(/\r\n/g, '\n').trim());
  }
  return {
    action: firstString(body.action) === 'final' ? 'final' : 'draft',
    posted: {
      scores,
      comments,
      motivation:
        'motivation' in body ? firstString(body.motivation).replace(/\r\n/g, '\n').trim() : undefined,
    },
  };
}
