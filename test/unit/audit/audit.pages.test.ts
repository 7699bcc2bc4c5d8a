import { recordAudit } from '../../../src/audit/audit.repo';
import { auditPage, parseAuditFilter } from '../../../src/audit/audit.pages';
import { createUser } from '../../helpers/factories';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

let t: TestApp;
let actorId: number;

beforeAll(async () => {
  t = await makeTestApp();
  actorId = (await createUser(t.db, { role: 'admin', name: 'Anna Admin' })).id;
  const record = (action: string, subjectType: string, minutes: number) =>
    recordAudit(t.db, {
      actorUserId: actorId,
      action,
      subjectType,
      subjectId: 7,
      after: { minutes },
      at: new Date(Date.UTC(2027, 2, 1, 10, minutes)),
    });
  await record('edition.create', 'edition', 0);
  await record('user.invite_admin', 'user', 1);
  await record('edition.copy', 'edition', 2);
  await record('edition.copy', 'edition', 3);
});
afterAll(() => t.close());

describe('the audit filter', () => {
  it('takes the first value of a repeated parameter, cuts overlong ones, and reads nothing else', () => {
    expect(parseAuditFilter({ action: ['edition.copy', 'user.activate'], subjectType: 'edition' })).toEqual({
      action: 'edition.copy',
      subjectType: 'edition',
    });
    expect(parseAuditFilter({ action: 'x'.repeat(100), subjectType: { nested: 1 } })).toEqual({
      action: 'x'.repeat(80),
      subjectType: '',
    });
    expect(parseAuditFilter({})).toEqual({ action: '', subjectType: '' });
  });
});

describe('the audit page', () => {
  it('lists every event newest first with who did it, and every action once for the filter', async () => {
    const page = await auditPage(t, { filter: { action: '', subjectType: '' } });
    expect(page.events.map((e) => [e.action, e.after])).toEqual([
      ['edition.copy', { minutes: 3 }],
      ['edition.copy', { minutes: 2 }],
      ['user.invite_admin', { minutes: 1 }],
      ['edition.create', { minutes: 0 }],
    ]);
    expect(page.events[0]?.actorName).toBe('Anna Admin');
    expect(page.actions).toEqual(['edition.copy', 'edition.create', 'user.invite_admin']);
  });

  it('narrows the events by action and by subject, but still offers every action', async () => {
    const copies = await auditPage(t, { filter: { action: 'edition.copy', subjectType: '' } });
    expect(copies.events).toHaveLength(2);
    expect(copies.actions).toHaveLength(3);
    const users = await auditPage(t, { filter: { action: '', subjectType: 'user' } });
    expect(users.events.map((e) => e.action)).toEqual(['user.invite_admin']);
    expect((await auditPage(t, { filter: { action: 'nothing.here', subjectType: '' } })).events).toEqual([]);
  });
});
