import fs from 'node:fs';
import path from 'node:path';
import { listRoutes } from '../../../src/http/access';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { Browser } from '../../helpers/agent';
import { buildAccessWorld, concretePath, type AccessWorld } from '../../helpers/world';

let t: TestApp;
let w: AccessWorld;
beforeAll(async () => {
  t = await makeTestApp({ now: new Date() });
  w = await buildAccessWorld(t);
});
afterAll(() => t.close());

// Every field name any form in the app uses, read from the views, plus the numbered ones lists post.
function fieldNames(): string[] {
  const names = new Set<string>([
    'nameNl_0',
    'nameEn_0',
    'weight_0',
    'id_0',
    'score_1',
    'comment_1',
    'action',
    'decision',
    'remove',
  ]);
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
  for (const file of walk(path.join(__dirname, '../../../views'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/name(?:="|: ')([A-Za-z][\w]*)["']/g)) names.add(m[1]!);
  }
  names.delete('_csrf');
  return [...names].sort();
}

const SCRIPT = '<script>alert("xss")</script>';
const CORPUS: Record<string, () => string | string[]> = {
  htmlAndSql: () => `${SCRIPT}'; DROP TABLE users; -- " OR 1=1`,
  unicodeAndControl: () => 'Ωmega ü 😀 \u202Eevil\u0000\u0007\u001b[31m',
  longText: () => 'x'.repeat(20_000),
  wrongTypes: () => ['1', '2', '-1', '1e309', 'NaN'],
  numbersAtEdges: () => '99999999999999999999',
  empty: () => '',
};

const TABLES = [
  'users',
  'organisations',
  'editions',
  'criteria',
  'categories',
  'entries',
  'entry_partners',
  'attachments',
  'edition_jurors',
  'conflict_decisions',
  'assignments',
  'score_sheets',
  'scores',
  'audit_events',
  'deletion_requests',
  'user_tokens',
];

async function snapshot(): Promise<Record<string, string>> {
  const counts: Record<string, string> = {};
  for (const table of TABLES) {
    if (!(await t.db.schema.hasTable(table))) continue;
    const rows = await t.db(table).select('*');
    counts[table] = JSON.stringify(
      rows.map((r) => ({ ...r, updated_at: undefined, last_login_at: undefined })),
    );
  }
  return counts;
}

function browserFor(roles: readonly string[] | undefined): Browser {
  if (!roles) return new Browser(t.app);
  if (roles.includes('admin')) return w.browsers.admin;
  if (roles.includes('juror')) return w.browsers.jurorAssigned;
  return w.browsers.submitterA;
}

describe('bad input of every kind', () => {
  it('never causes a 5xx, shows payloads escaped, and stores nothing from refused requests', async () => {
    const names = fieldNames();
    expect(names.length).toBeGreaterThan(40);
    const posts = listRoutes(t.app as never).filter(
      (r) => r.method === 'POST' && !r.path.endsWith('/attachments') && r.path !== '/logout',
    );
    expect(posts.length).toBeGreaterThan(25);
    const problems: string[] = [];
    for (const route of posts) {
      const roles = route.access?.kind === 'roles' ? route.access.roles : undefined;
      const browser = browserFor(roles);
      const formPage = roles ? '/account' : '/login';
      for (const [kind, make] of Object.entries(CORPUS)) {
        const body: Record<string, string | string[]> = Object.fromEntries(names.map((n) => [n, make()]));
        const before = await snapshot();
        const token = await browser.csrf(formPage);
        const res = await browser.agent
          .post(concretePath(route.path, w))
          .type('form')
          .send({ ...body, _csrf: token });
        const where = `${route.path} (${kind}) → ${res.status}`;
        if (res.status >= 500) problems.push(`${where}: server error`);
        if (res.text.includes(SCRIPT)) problems.push(`${where}: payload rendered unescaped`);
        if (
          res.status >= 400 &&
          res.status !== 429 &&
          JSON.stringify(await snapshot()) !== JSON.stringify(before)
        ) {
          problems.push(`${where}: refused but something changed`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 300_000); // every POST route × every payload: minutes on a busy machine, not a measure of speed

  it('refuses a body over the size limit with 413 and a translated page', async () => {
    const browser = w.browsers.admin;
    const token = await browser.csrf('/account');
    const res = await browser.agent
      .post(`/admin/editions/${w.editionId}/edit`)
      .type('form')
      .send({ _csrf: token, name: 'x'.repeat(400_000) });
    expect(res.status).toBe(413);
    expect(res.text).toContain('Te groot');
  });

  it('answers duplicate and missing fields without a stack trace', async () => {
    const browser = w.browsers.admin;
    const token = await browser.csrf('/account');
    const res = await browser.agent
      .post('/admin/users/invite')
      .type('form')
      .send('name=a&name=b&email=x@y.nl&email=z@y.nl&_csrf=' + encodeURIComponent(token));
    expect(res.status).toBeLessThan(500);
    const missing = await browser.agent.post('/admin/users/invite').type('form').send({ _csrf: token });
    expect(missing.status).toBe(422);
    expect(missing.text).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});
