import type { Knex } from 'knex';
import { hashPassword } from '../../src/auth/password';
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
  input: { role: Role; email?: string; name?: string; password?: string | null } = { role: 'submitter' },
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
    now: new Date(),
  });
  return { id, email, password: password ?? '', role: input.role, name };
}
