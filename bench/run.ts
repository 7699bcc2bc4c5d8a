/**
 * `npm run bench`: builds the app, seeds two fresh SQLite databases with demo data — a list shape (100 entries, each
 * scored by 5 of 25 jurors) and a results shape (500 entries × 25 jurors × 6 criteria) — starts the BUILT app as
 * `npm start` does, once with one worker and once with one per core, and a bare Express route as the ceiling, and
 * measures each scenario with autocannon: every connection its own logged-in user (logged in one after another).
 * With BENCH_DATABASE_URL it also runs score saves and the results page against two app processes on one
 * PostgreSQL database. Prints tables (ratios to the bare route, targets met or not) and writes JSON.
 * Not a test: figures depend on the machine; the README records them with the machine they came from.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import knexFactory from 'knex';
import { openDb, runMigrations } from '../src/db/db';
import { seedDemo, DEMO_PASSWORD } from '../src/demo/demo.seed';
import { tinyPdf } from '../src/demo/demo.data';
import { runVoteScenario, type VoteMeasured } from './vote';
import type { Knex } from 'knex';
import { kennisbankBench } from './kennisbank';

const ROOT = path.join(__dirname, '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
/** The shape HotCRP was compared on (issue #20): a list of 100 entries, each scored by 5 of 25 jurors. */
const LIST_SHAPE = {
  entries: Number(process.env.BENCH_LIST_ENTRIES ?? 100),
  jurors: Number(process.env.BENCH_JURORS ?? 25),
  criteria: Number(process.env.BENCH_CRITERIA ?? 6),
  jurorsPerEntry: Number(process.env.BENCH_JURORS_PER_ENTRY ?? 5),
};
/** The results shape: every juror scores every entry (500 × 25 × 6 = 12,500 sheets). */
const SIZES = {
  entries: Number(process.env.BENCH_ENTRIES ?? 500),
  jurors: Number(process.env.BENCH_JURORS ?? 25),
  criteria: Number(process.env.BENCH_CRITERIA ?? 6),
};
/** Worker counts to run every scenario with: one worker, and one per core (what `npm start` runs). */
const WORKER_MODES = (process.env.BENCH_WORKERS ?? `1,${os.availableParallelism()}`)
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
/** When set, score saves and the results page also run against two app processes on this PostgreSQL database. */
const PG_URL = process.env.BENCH_DATABASE_URL ?? '';

interface Measured {
  name: string;
  group: 'ceiling' | 'anonymous' | 'authenticated' | 'reference' | 'write' | 'export';
  connections: number;
  requestsPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
  redirects: number;
  /** The server's largest RSS while this scenario ran. */
  rssMaxMb?: number;
  ratio?: number;
  target?: string;
  met?: boolean;
  note?: string;
}

function rssOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0; // the process just ended
  }
}

/** A process and everything it started (the cluster's primary and its workers). */
function treeOf(pid: number): number[] {
  let children: number[] = [];
  try {
    children = fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    // gone
  }
  return [pid, ...children.flatMap(treeOf)];
}

/** The RSS of a process tree together, in MB: what the machine gives the app. */
function rssMb(pids: number[]): number {
  return Math.round(pids.flatMap(treeOf).reduce((sum, pid) => sum + rssOf(pid), 0) * 10) / 10;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, i)]! * 100) / 100;
}

async function start(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp | null,
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    if (!ready) return resolve({ child, match: [''] as unknown as RegExpMatchArray });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = out.match(ready);
      if (m) resolve({ child, match: m });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${cmd} exited (${code}) before it was ready:\n${out}`)));
    setTimeout(() => reject(new Error(`${cmd} not ready after 30 s:\n${out}`)), 30_000).unref();
  });
}

/** Request logging is off during the run (LOG_LEVEL=warn), so readiness is read from /healthz. */
async function waitForHealth(base: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${base}/healthz did not answer`);
}

/** A logged-in client: the session cookie plus the CSRF cookie and a token from a form page. */
async function login(base: string, email: string): Promise<{ cookie: string; csrf: string }> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      jar.set(k!, v!);
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const page = await fetch(`${base}/login`);
  keep(page);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, _csrf: token }),
  });
  keep(res);
  if (res.status !== 303) throw new Error(`login failed for ${email}: ${res.status}`);
  const account = await fetch(`${base}/account`, { headers: { cookie: cookie() } });
  keep(account);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await account.text())![1]!;
  return { cookie: cookie(), csrf };
}

async function measure(name: string, group: Measured['group'], opts: autocannon.Options): Promise<Measured> {
  const latencies: number[] = [];
  const statuses = { ok: 0, redirect: 0, clientError: 0, serverError: 0 };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ duration: DURATION, connections: 10, ...opts }, (err, res) =>
      err ? reject(err) : resolve(res),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      // autocannon counts a 303 as "non-2xx"; a form post answered with a redirect succeeded, so keep them apart.
      if (status >= 500) statuses.serverError++;
      else if (status >= 400) statuses.clientError++;
      else if (status >= 300) statuses.redirect++;
      else statuses.ok++;
    });
  });
  latencies.sort((a, b) => a - b);
  return {
    name,
    group,
    connections: opts.connections ?? 10,
    requestsPerSec: Math.round(result.requests.average),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts,
    non2xx: statuses.clientError + statuses.serverError,
    total: result.requests.total,
    redirects: statuses.redirect,
  };
}

/** Several app processes: autocannon takes an array of URLs and spreads the connections over them (lib/run.js). */
const spread = (urls: string[]): string => (urls.length === 1 ? urls[0]! : (urls as unknown as string));

type Session = { cookie: string; csrf: string; id: number };
type Target = { sqliteFile: string } | { databaseUrl: string; schema: string };

interface Shape {
  name: string;
  target: Target;
  uploadDir: string;
  editionId: number;
  adminEmail: string;
  jurors: Array<{ id: number; email: string }>;
  submitterEmail: string;
  /** Per juror: the entries they have a sheet for, and those whose sheet is still a draft (for saves). */
  sheets: Map<number, number[]>;
  drafts: Map<number, number[]>;
  criteria: number[];
  /** The entry with the most sheets (the organiser's entry page). */
  busiestEntry: number;
  uploadEntryId: number;
}

const idOf = (r: { id: number } | number) => (typeof r === 'number' ? r : r.id);

function openTarget(target: Target): Knex {
  return 'sqliteFile' in target
    ? openDb({
        databaseUrl: null,
        databaseSchema: null,
        sqliteFile: target.sqliteFile,
        sqliteSynchronous: 'NORMAL',
      })
    : openDb({
        databaseUrl: target.databaseUrl,
        databaseSchema: target.schema,
        sqliteFile: '',
        sqliteSynchronous: 'NORMAL',
      });
}

/** Seeds one shape (seed:demo) plus an open edition with a draft entry for the upload scenario. */
async function seedShape(
  name: string,
  sizes: { entries: number; jurors: number; criteria: number; jurorsPerEntry?: number },
  target: Target,
  uploadDir: string,
): Promise<Shape> {
  const started = Date.now();
  const db = openTarget(target);
  await runMigrations(db);
  const now = new Date();
  const demo = await seedDemo(db, { ...sizes, seed: 'bench', uploadDir, now, finalShare: 0.95 });
  const [submitter] = demo.submitters;
  const openEditionId = idOf(
    (
      await db('editions')
        .insert({
          name: 'Bench open',
          year: 2099,
          phase: 'open',
          opens_at: new Date(now.getTime() - 86400000),
          closes_at: new Date(now.getTime() + 86400000),
          max_file_mb: 25,
          max_files: 50,
          allowed_types_json: JSON.stringify(['pdf']),
          eligible_types_json: JSON.stringify(['gemeente', 'ssc']),
          tie_break_json: '[{"kind":"juryDecision"}]',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
    )[0],
  );
  const uploadEntryId = idOf(
    (
      await db('entries')
        .insert({
          edition_id: openEditionId,
          number: 1,
          organisation_id: submitter!.organisationId,
          created_by_user_id: submitter!.id,
          title: 'Upload',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
    )[0],
  );
  const criteria = (await db('criteria').where({ edition_id: demo.editionId }).orderBy('position')).map(
    (c: { id: number }) => c.id,
  );
  const sheets = new Map<number, number[]>();
  const drafts = new Map<number, number[]>();
  const perEntry = new Map<number, number>();
  for (const s of await db('score_sheets')
    .where({ edition_id: demo.editionId })
    .orderBy(['juror_user_id', 'entry_id'])) {
    sheets.set(s.juror_user_id, [...(sheets.get(s.juror_user_id) ?? []), s.entry_id]);
    if (s.status === 'draft')
      drafts.set(s.juror_user_id, [...(drafts.get(s.juror_user_id) ?? []), s.entry_id]);
    perEntry.set(s.entry_id, (perEntry.get(s.entry_id) ?? 0) + 1);
  }
  const busiestEntry = [...perEntry].sort((a, b) => b[1] - a[1])[0]![0];
  await db.destroy();
  console.log(
    `Seeded ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(demo.counts)}`,
  );
  return {
    name,
    target,
    uploadDir,
    editionId: demo.editionId,
    adminEmail: demo.admin.email,
    jurors: demo.jurors,
    submitterEmail: submitter!.email,
    sheets,
    drafts,
    criteria,
    busiestEntry,
    uploadEntryId,
  };
}

// The app runs as `npm start` runs it (package.json's "serve"): the same environment settings and node options
// (the heap limit), read from there so the two cannot drift apart.
const serveScript: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts
  .serve;
const SESSION_SECRET = randomBytes(32).toString('hex'); // shared, so both PostgreSQL processes accept a session

interface RunningApp {
  base: string;
  pid: number;
  stop: () => void;
}

async function startApp(shape: Shape, workers: number, dir: string): Promise<RunningApp> {
  const [, envPart, argPart, entry] = /^((?:\w+=\S+\s+)*)node (.*?)(dist\/src\/[\w-]+\.js)$/.exec(
    serveScript,
  )!;
  const serveEnv = Object.fromEntries(
    envPart!
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((kv) => kv.split('=')),
  );
  const port = 20000 + Math.floor(Math.random() * 20000);
  const base = `http://127.0.0.1:${port}`;
  const database =
    'sqliteFile' in shape.target
      ? { SQLITE_FILE: shape.target.sqliteFile }
      : { DATABASE_URL: shape.target.databaseUrl, DATABASE_SCHEMA: shape.target.schema };
  const app = await start(
    'node',
    [...argPart!.trim().split(/\s+/).filter(Boolean), entry!],
    {
      ...serveEnv,
      ...database,
      NODE_ENV: 'production',
      WORKERS: String(workers),
      PORT: String(port),
      BASE_URL: base,
      UPLOAD_DIR: shape.uploadDir,
      MAIL_DIR: path.join(dir, 'mail'),
      SESSION_SECRET,
      LOG_LEVEL: 'warn',
    },
    null,
  );
  await waitForHealth(base);
  return { base, pid: app.child.pid!, stop: () => app.child.kill('SIGTERM') };
}

/** Logs each user in, one after another (as people do; the login limits count failures, not these). */
async function loginAll(base: string, users: Array<{ id: number; email: string }>): Promise<Session[]> {
  const sessions: Session[] = [];
  for (const u of users) sessions.push({ ...(await login(base, u.email)), id: u.id });
  return sessions;
}

/** A GET where each connection is its own user: the first request of a connection takes the next session. */
function eachAs(sessions: Session[], pathFor: (s: Session) => string): autocannon.Options['requests'] {
  let next = 0;
  return [
    {
      setupRequest: (req: autocannon.Request, context: object) => {
        const ctx = context as { session?: number };
        ctx.session ??= next++ % sessions.length;
        const s = sessions[ctx.session]!;
        return { ...req, path: pathFor(s), headers: { ...req.headers, cookie: s.cookie } };
      },
    },
  ];
}

/** Score saves: each connection its own juror, walking through their draft sheets; counted back afterwards. */
async function scoreSaves(
  name: string,
  urls: string[],
  shape: Shape,
  jurors: Session[],
): Promise<{ result: Measured; verify: () => Promise<void> }> {
  const marker = `bench-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const cursor = new Map<number, number>();
  const targeted = new Set<string>();
  const saved = new Set<string>();
  let next = 0;
  const result = await measure(name, 'write', {
    url: spread(urls),
    connections: jurors.length,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: autocannon.Request, context: object) => {
          const ctx = context as { juror?: number };
          ctx.juror ??= next++ % jurors.length;
          const session = jurors[ctx.juror]!;
          const entries = shape.drafts.get(session.id)!;
          const i = cursor.get(session.id) ?? 0;
          cursor.set(session.id, i + 1);
          const entryId = entries[i % entries.length]!;
          targeted.add(`${session.id}:${entryId}`);
          (context as { sheet?: string }).sheet = `${session.id}:${entryId}`;
          const body = new URLSearchParams({ _csrf: session.csrf, action: 'draft', motivation: marker });
          for (const c of shape.criteria) body.set(`score_${c}`, String(5 + (i % 4)));
          return {
            ...req,
            path: `/jury/entries/${entryId}/score`,
            headers: {
              ...req.headers,
              cookie: session.cookie,
              'content-type': 'application/x-www-form-urlencoded',
            },
            body: body.toString(),
          };
        },
        onResponse: (status: number, _body: string, context: object) => {
          if (status === 303) saved.add((context as { sheet: string }).sheet);
        },
      },
    ],
  });
  return {
    result,
    verify: async () => {
      const db = openTarget(shape.target);
      const counted = Number(
        (await db('score_sheets').where({ motivation: marker }).count({ n: '*' }).first())?.n ?? 0,
      );
      const duplicates = await db('scores')
        .select('sheet_id', 'criterion_id')
        .count({ n: '*' })
        .groupBy('sheet_id', 'criterion_id')
        .having(db.raw('count(*) > 1'));
      await db.destroy();
      // Every sheet whose save was answered "saved" carries the marker; a request still in flight when the run
      // stopped may have been saved too, so the count lies between the two.
      const allCounted = counted >= saved.size && counted <= targeted.size;
      result.note = `${result.redirects} saves answered "saved" (303) on ${saved.size} sheets, ${result.non2xx} refused, ${result.errors} errors; ${counted} sheets carry the run's marker (${targeted.size} were sent to, the last ones still in flight at the end); ${duplicates.length} duplicate scores`;
      result.met =
        result.requestsPerSec >= 1000 &&
        result.errors === 0 &&
        result.non2xx === 0 &&
        allCounted &&
        duplicates.length === 0;
      result.target = '≥ 1,000/s, every save counted back';
    },
  };
}

interface ModeReport {
  workers: number;
  scenarios: Measured[];
  exports: Array<{ name: string; status: number; ms: number; bytes: number }>;
  upload?: {
    status: number;
    ms: number;
    rssBeforeMb: number;
    rssPeakMb: number;
    growthMb: number;
    met: boolean;
  };
  rss: { maxMb: number; target: string; met: boolean };
  /** The audience vote (issue #14, bench/vote.ts). */
  vote?: VoteMeasured;
}

async function runMode(
  workers: number,
  list: Shape,
  full: Shape,
  bareUrl: string,
  dir: string,
): Promise<ModeReport> {
  console.log(`\n== ${workers} worker(s) ==`);
  const results: Measured[] = [];
  let treeMax = 0;
  let running: RunningApp | null = null;
  let scenarioMax = 0;
  const sampler = setInterval(() => {
    if (!running) return;
    const now = rssMb([running.pid]);
    treeMax = Math.max(treeMax, now);
    scenarioMax = Math.max(scenarioMax, now);
  }, 100);
  const run = async (m: () => Promise<Measured>) => {
    scenarioMax = 0;
    const r = await m();
    r.rssMaxMb = scenarioMax;
    results.push(r);
    console.log(
      `  ${r.name}: ${r.requestsPerSec} req/s, p95 ${r.p95} ms, errors ${r.errors}, 4xx/5xx ${r.non2xx}, 3xx ${r.redirects}, RSS (all processes) ${r.rssMaxMb} MB`,
    );
    return r;
  };
  const report: ModeReport = {
    workers,
    scenarios: results,
    exports: [],
    rss: { maxMb: 0, target: '', met: false },
  };
  try {
    const ceiling = await run(() => measure('bare Express route (ceiling)', 'ceiling', { url: bareUrl }));

    // The list shape: the pages HotCRP was compared on.
    running = await startApp(list, workers, dir);
    const base = running.base;
    const jurors = await loginAll(base, list.jurors.slice(0, 10));
    const admins = await loginAll(
      base,
      Array.from({ length: 10 }, () => ({ id: 0, email: list.adminEmail })),
    );
    await run(() => measure('public home page', 'anonymous', { url: `${base}/` }));
    await run(() => measure('login page', 'anonymous', { url: `${base}/login` }));
    await run(() =>
      measure('account page (smallest logged-in page)', 'reference', {
        url: base,
        requests: eachAs(jurors, () => '/account'),
      }),
    );
    await run(() =>
      measure('juror dashboard', 'authenticated', { url: base, requests: eachAs(jurors, () => '/jury') }),
    );
    await run(() =>
      measure('juror’s entry page', 'authenticated', {
        url: base,
        requests: eachAs(jurors, (s) => `/jury/entries/${list.sheets.get(s.id)![0]}`),
      }),
    );
    await run(() =>
      measure('juror’s scoring form', 'authenticated', {
        url: base,
        requests: eachAs(jurors, (s) => `/jury/entries/${list.sheets.get(s.id)![0]}/score`),
      }),
    );
    await run(() =>
      measure(`organiser’s entry list (${LIST_SHAPE.entries})`, 'authenticated', {
        url: base,
        requests: eachAs(admins, () => `/admin/entries?edition=${list.editionId}`),
      }),
    );
    await run(() =>
      measure(`organiser’s entry page (${LIST_SHAPE.jurorsPerEntry} score sheets)`, 'authenticated', {
        url: base,
        requests: eachAs(admins, () => `/admin/entries/${list.busiestEntry}`),
      }),
    );
    running.stop();

    // The results shape: the ranking, its exports, score saves, a large upload.
    running = await startApp(full, workers, dir);
    const fullBase = running.base;
    const [admin] = await loginAll(fullBase, [{ id: 0, email: full.adminEmail }]);
    await run(() =>
      measure(`results page (${SIZES.entries}×${SIZES.jurors}×${SIZES.criteria})`, 'authenticated', {
        url: `${fullBase}/admin/editions/${full.editionId}/results`,
        headers: { cookie: admin!.cookie },
      }),
    );
    await run(() =>
      measure('CSV export (ranking)', 'export', {
        url: `${fullBase}/admin/editions/${full.editionId}/results.csv`,
        headers: { cookie: admin!.cookie },
        connections: 4,
      }),
    );
    for (const file of ['results.xlsx', 'jury-report.pdf', 'scores.csv']) {
      const started = Date.now();
      const res = await fetch(`${fullBase}/admin/editions/${full.editionId}/${file}`, {
        headers: { cookie: admin!.cookie },
      });
      const bytes = (await res.arrayBuffer()).byteLength;
      report.exports.push({ name: file, status: res.status, ms: Date.now() - started, bytes });
      console.log(
        `  ${file}: status ${res.status}, ${Date.now() - started} ms, ${Math.round(bytes / 1024)} kB`,
      );
    }
    const saves = await scoreSaves(
      `score POST (${full.jurors.length} jurors at once)`,
      [fullBase],
      full,
      await loginAll(fullBase, full.jurors),
    );
    await saves.verify();
    await run(async () => saves.result);

    report.upload = await largeUpload(fullBase, full, running.pid);
    // The audience vote (issue #14): 300 phones cast 3,000 votes while the projector follows (bench/vote.ts).
    if ('sqliteFile' in full.target)
      report.vote = await runVoteScenario({
        base: fullBase,
        adminCookie: admin!.cookie,
        sqliteFile: full.target.sqliteFile,
        editionId: full.editionId,
      });
    running.stop();
    running = null;

    for (const r of results) {
      r.ratio = Math.round((r.requestsPerSec / ceiling.requestsPerSec) * 1000) / 1000;
      if (r.group === 'anonymous') Object.assign(r, { target: '≥ 0.5× bare', met: r.ratio >= 0.5 });
      if (r.group === 'authenticated' && !r.name.startsWith('results'))
        Object.assign(r, { target: '≥ 0.25× bare', met: r.ratio >= 0.25 });
      if (r.name.startsWith('results')) Object.assign(r, { target: 'p95 ≤ 50 ms', met: r.p95 <= 50 });
    }
    report.rss = { maxMb: treeMax, target: '< 400 MB, all processes together', met: treeMax < 400 };
    return report;
  } finally {
    clearInterval(sampler);
    running?.stop();
  }
}

/** A 20 MB upload: how much does the app's memory (all its processes) grow while it streams the file to disk? */
async function largeUpload(base: string, shape: Shape, pid: number): Promise<ModeReport['upload']> {
  const uploader = await login(base, shape.submitterEmail);
  const editPage = await fetch(`${base}/entries/${shape.uploadEntryId}/edit`, {
    headers: { cookie: uploader.cookie },
  });
  const token = /name="_csrf" value="([^"]+)"/.exec(await editPage.text())?.[1] ?? uploader.csrf;
  const pdf = Buffer.concat([
    tinyPdf('bench upload'),
    Buffer.alloc(20 * 1024 * 1024 - 1000, 0x20),
    Buffer.from('\n%%EOF\n'),
  ]);
  const form = new FormData();
  form.set('_csrf', token);
  form.set('files', new Blob([pdf], { type: 'application/pdf' }), 'groot-bestand.pdf');
  await new Promise((r) => setTimeout(r, 500));
  const before = rssMb([pid]);
  let peak = before;
  const peakSampler = setInterval(() => (peak = Math.max(peak, rssMb([pid]))), 20);
  const started = Date.now();
  const res = await fetch(`${base}/entries/${shape.uploadEntryId}/attachments`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { cookie: uploader.cookie },
  });
  clearInterval(peakSampler);
  const growthMb = Math.round((peak - before) * 10) / 10;
  console.log(`  20 MB upload: status ${res.status}, ${Date.now() - started} ms, RSS ${before} → ${peak} MB`);
  return {
    status: res.status,
    ms: Date.now() - started,
    rssBeforeMb: before,
    rssPeakMb: peak,
    growthMb,
    met: res.status === 303 && growthMb < 30,
  };
}

/** Issue #16: score saves and the results page served by two app processes on one PostgreSQL database. */
async function runPostgres(bareUrl: string, dir: string): Promise<Measured[]> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: PG_URL });
  await admin.raw(`create schema ${schema}`);
  const results: Measured[] = [];
  const apps: RunningApp[] = [];
  try {
    const shape = await seedShape(
      'results shape on PostgreSQL',
      SIZES,
      { databaseUrl: PG_URL, schema },
      path.join(dir, 'uploads-pg'),
    );
    console.log('\n== two app processes on one PostgreSQL database ==');
    apps.push(await startApp(shape, 1, dir), await startApp(shape, 1, dir));
    const urls = apps.map((a) => a.base);
    const ceiling = await measure('bare Express route (ceiling)', 'ceiling', { url: bareUrl });
    // Half the sessions made through each process: both read them from the one database.
    const jurors = [
      ...(await loginAll(urls[0]!, shape.jurors.slice(0, 13))),
      ...(await loginAll(urls[1]!, shape.jurors.slice(13))),
    ];
    const [organiser] = await loginAll(urls[0]!, [{ id: 0, email: shape.adminEmail }]);
    const resultsPage = await measure(
      `results page, two processes (${SIZES.entries}×${SIZES.jurors}×${SIZES.criteria})`,
      'authenticated',
      {
        url: spread(urls.map((u) => `${u}/admin/editions/${shape.editionId}/results`)),
        headers: { cookie: organiser!.cookie },
      },
    );
    Object.assign(resultsPage, { target: 'p95 ≤ 50 ms', met: resultsPage.p95 <= 50 });
    const saves = await scoreSaves(
      `score POST, two processes (${jurors.length} jurors at once)`,
      urls,
      shape,
      jurors,
    );
    await saves.verify();
    for (const r of [ceiling, resultsPage, saves.result]) {
      r.ratio = Math.round((r.requestsPerSec / ceiling.requestsPerSec) * 1000) / 1000;
      results.push(r);
      console.log(
        `  ${r.name}: ${r.requestsPerSec} req/s, p95 ${r.p95} ms, errors ${r.errors}, 4xx/5xx ${r.non2xx}${r.note ? `; ${r.note}` : ''}`,
      );
    }
    return results;
  } finally {
    apps.forEach((a) => a.stop());
    await new Promise((r) => setTimeout(r, 500));
    await admin.raw(`drop schema if exists ${schema} cascade`);
    await admin.destroy();
  }
}

function table(results: Measured[]): string {
  const lines = [
    '| scenario | conns | req/s | × bare | p50 ms | p95 ms | p99 ms | errors | 4xx/5xx | target | met |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results)
    lines.push(
      `| ${r.name} | ${r.connections} | ${r.requestsPerSec} | ${r.ratio?.toFixed(2)} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.target ?? '–'} | ${r.met === undefined ? '–' : r.met ? 'yes' : 'NO'} |`,
    );
  return lines.join('\n');
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'innovatieprijs-bench-'));
  const bare = await start('node', ['bench/bare-server.js'], { PORT: '0' }, /listening (\d+)/);
  const bareUrl = `http://127.0.0.1:${bare.match[1]}`;
  try {
    const list = await seedShape(
      'list shape',
      LIST_SHAPE,
      { sqliteFile: path.join(dir, 'list.sqlite') },
      path.join(dir, 'uploads-list'),
    );
    const full = await seedShape(
      'results shape',
      SIZES,
      { sqliteFile: path.join(dir, 'full.sqlite') },
      path.join(dir, 'uploads-full'),
    );
    const modes: ModeReport[] = [];
    for (const workers of WORKER_MODES) modes.push(await runMode(workers, list, full, bareUrl, dir));
    const postgres = PG_URL ? await runPostgres(bareUrl, dir) : null;

    const report = {
      measuredAt: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGb: Math.round(os.totalmem() / 1e9),
        node: process.version,
      },
      shapes: { list: LIST_SHAPE, results: SIZES },
      durationSeconds: DURATION,
      serve: serveScript,
      modes,
      postgres,
    };
    for (const mode of modes) {
      console.log(`\n### ${mode.workers} worker(s)\n\n${table(mode.scenarios)}`);
      const u = mode.upload!;
      console.log(
        `\n20 MB upload: status ${u.status}, ${u.ms} ms, RSS growth ${u.growthMb} MB (target < 30 MB: ${u.met ? 'yes' : 'NO'}); RSS of all processes at most ${mode.rss.maxMb} MB (target < 400 MB: ${mode.rss.met ? 'yes' : 'NO'})`,
      );
      const saves = mode.scenarios.find((s) => s.group === 'write');
      if (saves) console.log(`Score POSTs: ${saves.note}`);
    }
    if (postgres)
      console.log(`\n### two processes on PostgreSQL\n\n${table(postgres)}\n${postgres.at(-1)?.note ?? ''}`);
    else console.log('\n(PostgreSQL scenarios skipped: set BENCH_DATABASE_URL to run them.)');
    const out = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'latest.json'), JSON.stringify(report, null, 2));
    console.log(`\nWritten to bench/results/latest.json`);
  } finally {
    bare.child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main()
  .then(() => (process.env.BENCH_KENNISBANK === '0' ? undefined : kennisbankBench()))
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
