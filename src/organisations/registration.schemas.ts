import { z } from 'zod';
import { newAccountSchema } from '../auth/auth.schemas';
import { PASSWORD_MIN_LENGTH, passwordPolicyError } from '../auth/password';
import { formText, parseForm, type FieldError, type FormResult } from '../http/validation';
import { formChoice, formId, formIds } from './organisation.schemas';
import { JOINT_TYPES, type JointType } from './organisation.types';

const choiceSchema = z.object({
  organisationChoice: formChoice(['register', 'propose'], 'registration.errors.choiceRequired'),
});

const registerSchema = z.object({
  organisationId: formId('registration.errors.organisationRequired'),
});

/** A joint body that is not in the register yet: a proposal, with its owners chosen from the register. */
export const proposalSchema = z.object({
  proposedType: formChoice(JOINT_TYPES, 'organisations.errors.jointTypeRequired'),
  proposedName: formText({ max: 200, required: 'organisations.errors.nameRequired' }),
  ownerIds: formIds(),
});

export type OrganisationChoice =
  | { kind: 'register'; organisationId: number }
  | { kind: 'propose'; type: JointType; name: string; ownerIds: number[] };

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
  const account = parseForm(newAccountSchema, body);
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
  } else if (choice.data.organisationChoice === 'register') {
    const chosen = parseForm(registerSchema, body);
    if (chosen.ok) organisation = { kind: 'register', organisationId: chosen.data.organisationId };
    else errors.push(...chosen.errors);
  } else {
    const proposal = parseForm(proposalSchema, body);
    if (proposal.ok) {
      const { proposedType: type, proposedName: name, ownerIds } = proposal.data;
      organisation = { kind: 'propose', type, name, ownerIds };
    } else {
      errors.push(...proposal.errors);
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
  'proposedType',
  'proposedName',
  'ownerIds',
] as const;

const fieldOrder = (field: string) => {
  const i = (REGISTRATION_FIELDS as readonly string[]).indexOf(field);
  return i < 0 ? REGISTRATION_FIELDS.length : i;
};
