import { z } from 'zod';
import { formText } from '../http/validation';
import { ORGANISATION_TYPES, isOrganisationType, type OrganisationType } from './organisation.types';

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** A radio group: one of `values`, or the catalogue key `required` when nothing (or something else) was chosen. */
export const formChoice = <T extends string>(values: readonly [T, ...T[]], required: string) =>
  z.preprocess((v) => first(v) ?? '', z.enum(values, { error: required }));

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

/** An organiser's correction of an organisation. */
export const organisationEditSchema = z.object({
  name: formText({ max: 200, required: 'organisations.errors.nameRequired' }),
  type: organisationTypeField(),
  ownerIds: formIds(),
});

/** The list's filter comes from a GET form or a link; anything unexpected is ignored, not an error. */
export function parseOrganisationFilter(query: Record<string, unknown>): {
  type?: OrganisationType;
  q: string;
} {
  const type = first(query.type);
  const q = first(query.q);
  return {
    type: isOrganisationType(type) ? type : undefined,
    q: typeof q === 'string' ? q.trim().slice(0, 200) : '',
  };
}
