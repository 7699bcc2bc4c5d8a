import type { Knex } from 'knex';
import { hashPassword } from '../../src/auth/password';
import { insertOrganisation, setOwners } from '../../src/organisations/organisation.repo';
import type { OrganisationType } from '../../src/organisations/organisation.types';
import { insertUser } from '../../src/users/user.repo';
import { insertMembership } from '../../src/organisations/membership.repo';
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
  const now = new Date();
  const id = await insertUser(db, {
    email,
    name,
    role: input.role,
    passwordHash: password === null ? null : await hashPassword(password),
    now,
  });
  // A member of an organisation is one whose membership was granted and whose address is verified: that is what
  // a test asking for a submitter "of" an organisation means, unless it says the address is not verified.
  const verifiedAt =
    input.emailVerifiedAt !== undefined ? input.emailVerifiedAt : input.organisationId ? now : null;
  if (verifiedAt) await db('users').where({ id }).update({ email_verified_at: verifiedAt });
  if (input.organisationId)
    await insertMembership(db, {
      organisationId: input.organisationId,
      userId: id,
      status: 'active',
      via: 'organiser',
      now,
    });
  return { id, email, password: password ?? '', role: input.role, name };
}

export interface TestOrganisation {
  id: number;
  name: string;
  type: OrganisationType;
}

/**
 * An organisation in the register (name taken as given); for a joint body, pass the ids of its owners. A gemeente,
 * province or waterschap the official register already holds (every migrated database does) is that one.
 */
export async function createOrganisation(
  db: Knex,
  input: { name: string; type: OrganisationType; ownerIds?: number[] },
): Promise<TestOrganisation> {
  const existing = await db('organisations').where({ name: input.name, type: input.type }).first('id');
  const id = existing
    ? Number(existing.id)
    : await insertOrganisation(db, {
        name: input.name,
        type: input.type,
        now: new Date(),
        source: 'organiser',
      });
  if (input.ownerIds?.length) await setOwners(db, { sscId: id, ownerIds: input.ownerIds });
  return { id, name: input.name, type: input.type };
}
