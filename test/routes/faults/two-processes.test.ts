import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { openDb, runMigrations } from '../../../src/db/db';
import { DEMO_PASSWORD, seedDemo } from '../../../src/demo/demo.seed';

/**
 * Two real app processes on one database, as behind a load balancer (PostgreSQL when TEST_DATABASE_URL is set, in
 * a schema of its own; else one SQLite file), both with their caches on. What one process writes, the other shows
 * within a second; an upload in progress on one survives the start of another; login limits hold across both.
 */
const ROOT = path.join(__dirname, '../../..');
const pgUrl = process.env.TEST_DATABASE_URL;
const SECRET = randomBytes(32).toString('hex');
let dir: string;
let schema: string | undefined;
let env: Record<string, string>;
let db: Knex;
const servers: ChildProcess[] = [];
let portA: number;
let portB: number;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = http.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), BASE_URL: `http://127.0.0.1:${port}` },
    stdio: 'ignore',
  });
  servers.push(child);
  for (let i = 0; i < 150; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

/** A browser against one process: cookies kept, CSRF token read from the page a form is on. */
class Client {
  private cookies = new Map<string, string>();
  constructor(private port: number) {}
  onto(port: number) {
    const other = new Client(port);
    other.cookies = this.cookies;
    return other;
  }
  async request(pathname: string, init: RequestInit = {}) {
    const res = await fetch(`http://127.0.0.1:${this.port}${pathname}`, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as object), cookie: this.cookieHeader() },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!, value.join('='));
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }
  get(pathname: string) {
    return this.request(pathname);
  }
  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async post(formPage: string, action: string, fields: Record<string, string>) {
    const page = await this.get(formPage);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (!token) throw new Error(`no form on ${formPage} (${page.status})`);
    return this.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, _csrf: token }).toString(),
    });
  }
  async login(email: string, password = DEMO_PASSWORD) {
    const res = await this.post('/login', '/login', { email, password });
    if (res.status !== 303) throw new Error(`login ${email}: ${res.status}`);
  }
}

/** Polls until `check` holds, for at most `ms`; returns how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started <= ms) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not seen within ${ms} ms`);
}

let demo: Awaited<ReturnType<typeof seedDemo>>;
let adminA: Client;
let adminB: Client;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'innovatieprijs-two-'));
  const uploadDir = path.join(dir, 'uploads');
  if (pgUrl) {
    schema = `t_two_${randomBytes(4).toString('hex')}`;
    const admin = knexFactory({ client: 'pg', connection: pgUrl });
    await admin.raw(`create schema ${schema}`);
    await admin.destroy();
    env = { DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema };
  } else {
    env = { DATABASE_URL: '', SQLITE_FILE: path.join(dir, 'db.sqlite') };
  }
  env = {
    ...env,
    UPLOAD_DIR: uploadDir,
    MAIL_DIR: path.join(dir, 'mail'),
    SESSION_SECRET: SECRET,
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    CACHE_SECONDS: '60',
  };
  db = openDb({
    databaseUrl: env.DATABASE_URL || null,
    databaseSchema: schema ?? null,
    sqliteFile: env.SQLITE_FILE ?? '',
  } as never);
  await runMigrations(db);
  demo = await seedDemo(db, {
    entries: 6,
    jurors: 3,
    criteria: 4,
    seed: 'twee',
    uploadDir,
    now: new Date(),
    finalShare: 0.5,
  });
  [portA, portB] = [await freePort(), await freePort()];
  await startServer(portA);
  await startServer(portB);
  adminA = new Client(portA);
  await adminA.login(demo.admin.email);
  adminB = adminA.onto(portB);
}, 90_000);

afterAll(async () => {
  for (const s of servers) s.kill('SIGKILL');
  await db?.destroy();
  if (pgUrl && schema) {
    const admin = knexFactory({ client: 'pg', connection: pgUrl });
    await admin.raw(`drop schema if exists ${schema} cascade`);
    await admin.destroy();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

const edition = () => `/admin/editions/${demo.editionId}`;

it('shows a final score saved on one process in the other process’s exports within a second', async () => {
  const sheet = await db('score_sheets').where({ status: 'draft' }).first();
  const juror = demo.jurors.find((j) => j.id === sheet.juror_user_id)!;
  const jurorA = new Client(portA);
  await jurorA.login(juror.email);
  const criteria = await db('criteria').where({ edition_id: demo.editionId }).orderBy('position');
  const csv = async () => (await adminB.get(`${edition()}/scores.csv`)).text.split('\n').length;
  const before = await csv(); // process B keeps this ranking in its cache
  const fields: Record<string, string> = { action: 'final', motivation: 'Sterk en overdraagbaar.' };
  for (const c of criteria) fields[`score_${c.id}`] = '8';
  const saved = await jurorA.post(
    `/jury/entries/${sheet.entry_id}/score`,
    `/jury/entries/${sheet.entry_id}/score`,
    fields,
  );
  expect(saved.status).toBe(303);
  await within(1000, async () => (await csv()) > before);
});

it('drops an entry made ineligible on one process from the other process’s ranking within a second', async () => {
  const entry = await db('entries')
    .where({ edition_id: demo.editionId, status: 'submitted' })
    .orderBy('number')
    .first();
  const number = `${new Date().getFullYear()}-${String(entry.number).padStart(3, '0')}`;
  const ranked = async () => (await adminB.get(`${edition()}/results.csv`)).text.includes(number);
  expect(await ranked()).toBe(true);
  const res = await adminA.post(`/admin/entries/${entry.id}`, `/admin/entries/${entry.id}/eligibility`, {
    eligibility: 'ineligible',
    reason: 'Buiten het thema',
  });
  expect(res.status).toBe(303);
  await within(1000, async () => !(await ranked()));
});

it('ends a deactivated juror’s session on the other process at once, though both keep users in memory', async () => {
  const juror = demo.jurors[demo.jurors.length - 1]!;
  const jurorB = new Client(portB);
  await jurorB.login(juror.email);
  expect((await jurorB.get('/jury')).status).toBe(200);
  const res = await adminA.post(
    `/admin/users/${juror.id}/deactivate`,
    `/admin/users/${juror.id}/deactivate`,
    {},
  );
  expect(res.status).toBe(303);
  // Process B keeps the juror in memory: on SQLite it looks at the file's change counter on every request, so the
  // very next one is refused; PostgreSQL tells it at commit, a moment later.
  if (pgUrl) await within(1000, async () => (await jurorB.get('/jury')).status === 303);
  else expect((await jurorB.get('/jury')).status).toBe(303);
});

it('holds the login limit across both processes', async () => {
  const email = demo.submitters[0]!.email;
  for (const port of [portA, portB, portA, portB, portA]) {
    const res = await new Client(port).post('/login', '/login', { email, password: 'fout wachtwoord' });
    expect(res.status).toBe(401);
  }
  for (const port of [portA, portB]) {
    const res = await new Client(port).post('/login', '/login', { email, password: DEMO_PASSWORD });
    expect(res.status).toBe(429);
  }
});

it('keeps an upload in progress on one process when another process starts', async () => {
  // The edition opens for entries again for this test; entries may then take files.
  const closes = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  await db('editions')
    .where({ id: demo.editionId })
    .update({ phase: 'open', closes_at: pgUrl ? closes : closes.getTime() });
  const submitter = demo.submitters[1]!;
  const entry = await db('entries')
    .where({ organisation_id: submitter.organisationId, status: 'submitted' })
    .first();
  const client = new Client(portA);
  await client.login(submitter.email);
  const form = await client.get(`/entries/${entry.id}/edit`);
  const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
  const cookie = client.cookieHeader();
  const boundary = '----twee' + randomBytes(6).toString('hex');
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="traag.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const pdf = fs.readFileSync(path.join(env.UPLOAD_DIR!, (await db('attachments').first()).stored_name));
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const portC = await freePort();
  const answered = new Promise<number>((resolve, reject) => {
    const req = http.request(
      `http://127.0.0.1:${portA}/entries/${entry.id}/attachments`,
      {
        method: 'POST',
        headers: {
          cookie,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + pdf.length + tail.length),
        },
      },
      (res) => resolve(res.statusCode!),
    );
    req.on('error', reject);
    req.write(head);
    req.write(pdf.subarray(0, 10));
    // Half sent; a new process starts (its start-up tidies the upload folder), then the rest follows.
    void startServer(portC).then(() => {
      req.write(pdf.subarray(10));
      req.end(tail);
    }, reject);
  });
  expect(await answered).toBe(303);
  const stored = await db('attachments').where({ entry_id: entry.id, original_name: 'traag.pdf' }).first();
  expect(stored).toBeDefined();
  expect(fs.existsSync(path.join(env.UPLOAD_DIR!, stored.stored_name))).toBe(true);
}, 60_000);

it('shows the winner announced on one process on the other process’s public pages within a second', async () => {
  // Deliberation, reached by the phase machine in earlier tests of the app; set here directly as the fixture.
  await db('editions').where({ id: demo.editionId }).update({ phase: 'deliberation' });
  const year = (await db('editions').where({ id: demo.editionId }).first()).year;
  const anonymousB = new Client(portB);
  const winnerLink = async () => (await anonymousB.get('/')).text.includes(`/edities/${year}/winnaar`);
  expect(await winnerLink()).toBe(false); // process B now keeps the home page in its cache
  const ranking = (await adminA.get(`${edition()}/results.csv`)).text;
  // A winner needs the edition's minimum number of scores (#12); the demo's minimum of 3 is not what this tests.
  await db('editions').where({ id: demo.editionId }).update({ min_scores: 1 });
  // The winner must be ranked (#12): an admitted entry with a final score sheet.
  const entry = await db('entries as e')
    .where({ 'e.edition_id': demo.editionId, 'e.eligibility': 'eligible', 'e.status': 'submitted' })
    .whereExists(db('score_sheets as s').whereRaw('s.entry_id = e.id').where('s.status', 'final'))
    .orderBy('e.number')
    .first('e.id');
  expect(ranking).toBeTruthy();
  const page = `${edition()}/results/entries/${entry.id}`;
  expect((await adminA.post(page, `${page}/nomination`, { kind: 'nominee' })).status).toBe(303);
  const decided = await adminA.post(`${edition()}/results`, `${edition()}/results/decision`, {
    winnerEntryId: String(entry.id),
    motivation: 'De jury koos unaniem.',
  });
  expect(decided.status).toBe(303);
  const announced = await adminA.post(`${edition()}/announce`, `${edition()}/announce`, {});
  expect(announced.status).toBe(303);
  await within(1000, winnerLink);
});
