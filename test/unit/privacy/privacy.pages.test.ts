import { deleteAccountPage, deletionRequestsPage, personalData } from '../../../src/privacy/privacy.pages';
import { requestDeletion } from '../../../src/privacy/privacy.service';
import { findUserById } from '../../../src/users/user.repo';
import type { User } from '../../../src/users/user.types';
import { createOrganisation, createUser } from '../../helpers/factories';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

let t: TestApp;
let sam: User;

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-03-01T23:30:00Z') });
  const zeist = await createOrganisation(t.db, { name: 'Zeist', type: 'gemeente' });
  const created = await createUser(t.db, {
    role: 'submitter',
    name: 'Sam Inzender',
    email: 'sam@zeist.nl',
    organisationId: zeist.id,
  });
  const found = await findUserById(t.db, created.id);
  if (!found) throw new Error('user not stored');
  sam = found;
});
afterAll(() => t.close());

describe('the personal data download', () => {
  it('holds the account without secrets, the organisation and the person’s own rows, named for the day', async () => {
    const { filename, data } = await personalData(t, { user: sam, now: t.clock.now() });
    // The date in the name is the UTC day of the export, as the download has always been named.
    expect(filename).toBe('innovatieprijs-mijn-gegevens-2027-03-01.json');
    expect(data.exportedAt).toBe('2027-03-01T23:30:00.000Z');
    expect(data.account).toMatchObject({ email: 'sam@zeist.nl', name: 'Sam Inzender' });
    expect(data.account).not.toHaveProperty('password_hash');
    expect(data.account).not.toHaveProperty('session_version');
    expect(data.organisation).toEqual({ id: expect.any(Number), name: 'Zeist', type: 'gemeente' });
    expect(data.memberships).toHaveLength(1);
    expect(data.jury).toEqual({ memberships: [], conflictDeclarations: [], scoreSheets: [], scores: [] });
  });
});

describe('deleting an account', () => {
  it('shows the form until the person asked, then the waiting request; organisers see it listed', async () => {
    expect(await deleteAccountPage(t, { user: sam })).toEqual({ pending: null });
    expect((await deletionRequestsPage(t)).requests).toEqual([]);
    const asked = await requestDeletion(t, { user: sam, reason: 'Met pensioen' });
    expect(asked.ok).toBe(true);
    const page = await deleteAccountPage(t, { user: sam });
    expect(page.pending).toMatchObject({ userId: sam.id, reason: 'Met pensioen', status: 'pending' });
    const list = await deletionRequestsPage(t);
    expect(list.requests.map((r) => [r.userName, r.userEmail, r.status])).toEqual([
      ['Sam Inzender', 'sam@zeist.nl', 'pending'],
    ]);
  });
});
