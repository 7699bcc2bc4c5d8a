import { z } from 'zod';
import { newAccountSchema } from '../auth/auth.schemas';
import { PASSWORD_MIN_LENGTH, passwordPolicyError } from '../auth/password';
import { formText, parseForm, type FieldError, type FormResult } from '../http/validation';
import { formChoice, formIds, organisationTypeField } from './organisation.schemas';
import type { OrganisationType } from './organisation.types';

export const MAX_OWNER_LINES = 50;

const accountSchema = newAccountSchema;

const choiceSchema = z.object({
  organisationChoice: formChoice(['existing', 'new'], 'registration.errors.choiceRequired'),
});

const existingSchema = z.object({
  organisationId: z.preprocess(
    (v) => (Array.isArray(v) ? v[0] : v) ?? '',
    z
      .string()
      .regex(/^[1-9]\d{0,9}$/, { error: 'registration.errors.organisationRequired' })
      .transform(Number),
  ),
});

/** "Other owners, one per line": blank lines dropped, each line a name of at most 200 characters. */
const ownerLines = () =>
  formText({ max: 20000 })
    .transform((text) =>
      text
        .split('\n')
        .map((line) => line.replace(/\s+/g, ' ').trim())
        .filter((line) => line !== ''),
    )
    .pipe(
      z
        .array(z.string().max(200, { error: 'registration.errors.ownerLineTooLong' }))
        .max(MAX_OWNER_LINES, { error: 'registration.errors.tooManyOwnerLines' }),
    );

const newOrganisationSchema = z.object({
  organisationType: organisationTypeField(),
  organisationName: formText({ max: 200, required: 'organisations.errors.nameRequired' }),
  ownerIds: formIds(),
  otherOwners: ownerLines(),
});

export type OrganisationChoice =
  | { kind: 'existing'; organisationId: number }
  | { kind: 'new'; type: OrganisationType; name: string; ownerIds: number[]; ownerLines: string[] };

export interface RegistrationForm {
  name: string;
  email: string;
  password: string;
  organisation: OrganisationChoice;
}

/**
 * The registration form is two questions, about the person and about the organisation, each checked in full,
 * so that one submit shows every problem at once (the GOV.UK pattern), in the order of the form.
 */
export function parseRegistrationForm(body: unknown): FormResult<RegistrationForm> {
  const errors: FieldError[] = [];
  const account = parseForm(accountSchema, body);
  if (!account.ok) errors.push(...account.errors);
  // The password policy is checked even when another account field is wrong, so it is not a second surprise.
  const raw = (body ?? {}) as Record<string, unknown>;
  const password = typeof raw.password === 'string' ? raw.password : '';
  const email = typeof raw.email === 'string' ? raw.email : '';
  const policy = password === '' ? null : passwordPolicyError(password, email);
  if (policy && !errors.some((e) => e.field === 'password')) {
    errors.push({ field: 'password', messageKey: policy, params: { min: PASSWORD_MIN_LENGTH } });
  }

  let organisation: OrganisationChoice | undefined;
  const choice = parseForm(choiceSchema, body);
  if (!choice.ok) {
    errors.push(...choice.errors);
  } else if (choice.data.organisationChoice === 'existing') {
    const existing = parseForm(existingSchema, body);
    if (existing.ok) organisation = { kind: 'existing', organisationId: existing.data.organisationId };
    else errors.push(...existing.errors);
  } else {
    const created = parseForm(newOrganisationSchema, body);
    if (created.ok) {
      const { organisationType: type, organisationName: name, ownerIds, otherOwners } = created.data;
      organisation = { kind: 'new', type, name, ownerIds, ownerLines: otherOwners };
    } else {
      errors.push(...created.errors);
    }
  }

  if (!account.ok || !organisation || errors.length > 0) {
    return { ok: false, errors: errors.sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field)) };
  }
  const { name } = account.data;
  return {
    ok: true,
    data: { name, email: account.data.email, password: account.data.password, organisation },
  };
}

/** The order of the fields on the page, which is the order of the error summary. */
export const REGISTRATION_FIELDS = [
  'name',
  'email',
  'password',
  'passwordConfirm',
  'organisationChoice',
  'organisationId',
  'organisationType',
  'organisationName',
  'ownerIds',
  'otherOwners',
] as const;

const fieldOrder = (field: string) => {
  const i = (REGISTRATION_FIELDS as readonly string[]).indexOf(field);
  return i < 0 ? REGISTRATION_FIELDS.length : i;
};
