import type { Knex } from 'knex';
import { hashPassword } from '../../src/auth/password';
import { insertOrganisation, setOwners } from '../../src/organisations/organisation.repo';
import type { OrganisationType } from '../../src/organisations/organisation.types';
import { insertUser } from '../../src/users/user.repo';
import type { Role } from '../../src/users/user.types';

export const DEFAULT_PASSWORD = 'correct horse battery staple';

let counter = 0;

export interface TestUser {
  id: number;
  email: string;
  password: string;
  role: Role;
  name: string;
}

export async function createUser(
  db: Knex,
  input: {
    role: Role;
    email?: string;
    name?: string;
    password?: string | null;
    organisationId?: number | null;
    emailVerifiedAt?: Date | null;
  } = { role: 'submitter' },
): Promise<TestUser> {
  counter += 1;
  const email = input.email ?? `${input.role}${counter}@example.nl`;
  const name = input.name ?? `${input.role[0]!.toUpperCase()}${input.role.slice(1)} ${counter}`;
  const password = input.password === undefined ? DEFAULT_PASSWORD : input.password;
  const id = await insertUser(db, {
    email,
    name,
    role: input.role,
    passwordHash: password === null ? null : await hashPassword(password),
    organisationId: input.organisationId ?? null,
    now: new Date(),
  });
  if (input.emailVerifiedAt)
    await db('users').where({ id }).update({ email_verified_at: input.emailVerifiedAt });
  return { id, email, password: password ?? '', role: input.role, name };
}

export interface TestOrganisation {
  id: number;
  name: string;
  type: OrganisationType;
}

/** An organisation as stored (name taken as given); for an SSC, pass the ids of its owners. */
export async function createOrganisation(
  db: Knex,
  input: { name: string; type: OrganisationType; ownerIds?: number[] },
): Promise<TestOrganisation> {
  const id = await insertOrganisation(db, { name: input.name, type: input.type, now: new Date() });
  if (input.ownerIds?.length) await setOwners(db, { sscId: id, ownerIds: input.ownerIds });
  return { id, name: input.name, type: input.type };
}
