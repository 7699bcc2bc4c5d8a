import { z } from 'zod';
import { formText } from '../http/validation';
import {
  JOINT_TYPES,
  ORGANISATION_STATUSES,
  ORGANISATION_TYPES,
  isOrganisationType,
  type OrganisationStatus,
  type OrganisationType,
} from './organisation.types';

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** A radio group: one of `values`, or the catalogue key `required` when nothing (or something else) was chosen. */
export const formChoice = <T extends string>(values: readonly [T, ...T[]], required: string) =>
  z.preprocess((v) => first(v) ?? '', z.enum(values, { error: required }));

/** One id from a select: a positive integer, or the catalogue key `required`. */
export const formId = (required: string) =>
  z.preprocess(
    (v) => first(v) ?? '',
    z
      .string({ error: required })
      .regex(/^[1-9]\d{0,9}$/, { error: required })
      .transform(Number),
  );

/** A group of checkboxes holding ids: absent, one or many values → distinct positive integers. */
export const formIds = () =>
  z.preprocess(
    (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(
        z
          .string({ error: 'common.errors.invalid' })
          .regex(/^[1-9]\d{0,9}$/, { error: 'common.errors.invalid' }),
      )
      .max(2000, { error: 'common.errors.invalid' })
      .transform((ids) => [...new Set(ids.map(Number))]),
  );

export const organisationTypeField = () =>
  formChoice(ORGANISATION_TYPES, 'organisations.errors.typeRequired');

/** E-mail domains, one per line: lower case, without "@" or "www.", blank lines dropped; at most 20. */
const domainLines = () =>
  formText({ max: 5000 })
    .transform((text) =>
      text
        .split('\n')
        .map((line) => line.trim().toLowerCase().replace(/^@/, ''))
        .filter((line) => line !== ''),
    )
    .pipe(z.array(z.string()).max(20, { error: 'organisations.errors.tooManyDomains' }));

/** An organiser's correction of an organisation (name and type only count for joint bodies). */
export const organisationEditSchema = z.object({
  name: formText({ max: 200, required: 'organisations.errors.nameRequired' }),
  type: organisationTypeField(),
  ownerIds: formIds(),
  domains: domainLines(),
});

/** An organiser adds a joint body. */
export const jointBodySchema = z.object({
  type: formChoice(JOINT_TYPES, 'organisations.errors.jointTypeRequired'),
  name: formText({ max: 200, required: 'organisations.errors.nameRequired' }),
  ownerIds: formIds(),
  domains: domainLines(),
});

/** An organiser's decision on a proposed or unverified organisation. */
export const resolutionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), reason: formText({ max: 2000 }) }),
  z.object({
    decision: z.literal('merge'),
    mergeIntoId: formId('organisations.resolve.errors.mergeTarget'),
    reason: formText({ max: 2000 }),
  }),
  z.object({ decision: z.literal('refuse'), reason: formText({ max: 2000 }) }),
]);

/** A member's or organiser's decision on a membership request; a reason is optional. */
export const membershipDecisionSchema = z.object({
  decision: formChoice(['approve', 'refuse'], 'organisations.membership.errors.decisionRequired'),
  reason: formText({ max: 2000 }),
});

export const reasonSchema = z.object({ reason: formText({ max: 2000 }) });

/** The list's filter comes from a GET form or a link; anything unexpected is ignored, not an error. */
export function parseOrganisationFilter(query: Record<string, unknown>): {
  type?: OrganisationType;
  status?: OrganisationStatus;
  q: string;
} {
  const type = first(query.type);
  const status = first(query.status);
  const q = first(query.q);
  return {
    type: isOrganisationType(type) ? type : undefined,
    status: (ORGANISATION_STATUSES as readonly unknown[]).includes(status)
      ? (status as OrganisationStatus)
      : undefined,
    q: typeof q === 'string' ? q.trim().slice(0, 200) : '',
  };
}
