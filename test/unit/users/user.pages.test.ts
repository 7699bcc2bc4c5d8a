import { userListPage } from '../../../src/users/user.pages';
import { createUser } from '../../helpers/factories';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('the organisers’ list of accounts', () => {
  it('lists every account by role and name, and shows only the notices it knows', async () => {
    await createUser(t.db, { role: 'submitter', name: 'Sam' });
    await createUser(t.db, { role: 'admin', name: 'Bea' });
    await createUser(t.db, { role: 'admin', name: 'Anna' });
    await createUser(t.db, { role: 'juror', name: 'Joost', password: null });
    const page = await userListPage(t, { notice: 'invited' });
    expect(page.users.map((u) => [u.role, u.name, u.hasPassword])).toEqual([
      ['admin', 'Anna', true],
      ['admin', 'Bea', true],
      ['juror', 'Joost', false],
      ['submitter', 'Sam', true],
    ]);
    expect(page.notice).toBe('invited');
    expect((await userListPage(t, { notice: '<script>' })).notice).toBeNull();
    expect((await userListPage(t, { notice: '' })).notice).toBeNull();
  });
});
