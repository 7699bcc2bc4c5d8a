/**
 * `npm run bench`: builds the app, fills a fresh SQLite database with demo data (500 entries × 25 jurors ×
 * 6 criteria by default), starts the BUILT app and a bare Express route as the ceiling, and measures each
 * scenario with autocannon. Prints a table (ratios to the bare route, targets met or not) and writes JSON.
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
import { measureVote, prepareVoteBench } from './vote';

const ROOT = path.join(__dirname, '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const SIZES = {
  entries: Number(process.env.BENCH_ENTRIES ?? 500),
  jurors: Number(process.env.BENCH_JURORS ?? 25),
  criteria: Number(process.env.BENCH_CRITERIA ?? 6),
};

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

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
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

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'innovatieprijs-bench-'));
  const sqliteFile = path.join(dir, 'bench.sqlite');
  const uploadDir = path.join(dir, 'uploads');
  console.log(
    `Seeding ${SIZES.entries} entries × ${SIZES.jurors} jurors × ${SIZES.criteria} criteria into ${dir} …`,
  );
  const db = openDb({ databaseUrl: null, databaseSchema: null, sqliteFile });
  await runMigrations(db);
  const demo = await seedDemo(db, { ...SIZES, seed: 'bench', uploadDir, now: new Date(), finalShare: 0.95 });
  // An open edition with one draft entry, so the upload scenario has something it may upload to.
  const [submitter] = demo.submitters;
  const now = new Date();
  const [openEditionId] = await db('editions')
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
    .then((r) => r.map((x: { id: number } | number) => (typeof x === 'number' ? x : x.id)));
  const [uploadEntryId] = await db('entries')
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
    .then((r) => r.map((x: { id: number } | number) => (typeof x === 'number' ? x : x.id)));
  const criteria: Array<{ id: number }> = await db('criteria')
    .where({ edition_id: demo.editionId })
    .orderBy('position');
  // Score saves go to the juror's draft sheets: a final sheet must be reopened first, and the results page
  // needs the final ones. With 95 % final that leaves ~25 drafts per juror, saved over and over.
  const assigned = new Map<number, number[]>();
  for (const a of await db('score_sheets')
    .where({ edition_id: demo.editionId, status: 'draft' })
    .orderBy(['juror_user_id', 'entry_id'])) {
    assigned.set(a.juror_user_id, [...(assigned.get(a.juror_user_id) ?? []), a.entry_id]);
  }
  const voteBench = await prepareVoteBench(db, { editionId: demo.editionId, now });
  await db.destroy();

  const port = 20000 + Math.floor(Math.random() * 20000);
  const base = `http://127.0.0.1:${port}`;
  // The app runs as `npm start` runs it (package.json's "serve"): the same environment settings and node options
  // (the heap limit), read from there so the two cannot drift apart.
  const serveScript: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts
    .serve;
  const [, envPart, argPart, entry] = /^((?:\w+=\S+\s+)*)node (.*)(dist\/src\/\w+\.js)$/.exec(serveScript)!;
  const serveEnv = Object.fromEntries(
    envPart!
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((kv) => kv.split('=')),
  );
  const nodeArgs = argPart!.trim().split(/\s+/).filter(Boolean);
  const app = await start(
    'node',
    [...nodeArgs, entry!],
    {
      ...serveEnv,
      NODE_ENV: 'production',
      PORT: String(port),
      BASE_URL: base,
      SQLITE_FILE: sqliteFile,
      UPLOAD_DIR: uploadDir,
      MAIL_DIR: path.join(dir, 'mail'),
      SESSION_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
    },
    null,
  );
  await waitForHealth(base);
  const bare = await start('node', ['bench/bare-server.js'], { PORT: '0' }, /listening (\d+)/);
  const bareUrl = `http://127.0.0.1:${bare.match[1]}`;
  const pid = app.child.pid!;
  const rss = { start: rssMb(pid), max: 0, scenarioMax: 0 };
  const sampler = setInterval(() => {
    const now = rssMb(pid);
    rss.max = Math.max(rss.max, now);
    rss.scenarioMax = Math.max(rss.scenarioMax, now);
  }, 100);

  try {
    const admin = await login(base, demo.admin.email);
    const juror = await login(base, demo.jurors[0]!.email);
    const jurorEntry = assigned.get(demo.jurors[0]!.id)![0]!;
    const results: Measured[] = [];
    const run = async (m: Promise<Measured>) => {
      rss.scenarioMax = 0;
      const r = await m;
      r.rssMaxMb = rss.scenarioMax;
      results.push(r);
      console.log(
        `  ${r.name}: ${r.requestsPerSec} req/s, p95 ${r.p95} ms, errors ${r.errors}, 4xx/5xx ${r.non2xx}, 3xx ${r.redirects}, RSS max ${r.rssMaxMb} MB`,
      );
      return r;
    };
    console.log('Measuring …');
    const ceiling = await run(measure('bare Express route (ceiling)', 'ceiling', { url: bareUrl }));
    await run(measure('public home page', 'anonymous', { url: `${base}/` }));
    await run(measure('login page', 'anonymous', { url: `${base}/login` }));
    // Not a target of its own: the smallest logged-in page (session, user, layout), the floor under every
    // authenticated page, so the figures above it can be read against it.
    await run(
      measure('account page (smallest logged-in page)', 'reference', {
        url: `${base}/account`,
        headers: { cookie: juror.cookie },
      }),
    );
    await run(
      measure('juror dashboard', 'authenticated', { url: `${base}/jury`, headers: { cookie: juror.cookie } }),
    );
    await run(
      measure('entry page (juror)', 'authenticated', {
        url: `${base}/jury/entries/${jurorEntry}`,
        headers: { cookie: juror.cookie },
      }),
    );
    await run(
      measure(`results page (${SIZES.entries}×${SIZES.jurors}×${SIZES.criteria})`, 'authenticated', {
        url: `${base}/admin/editions/${demo.editionId}/results`,
        headers: { cookie: admin.cookie },
      }),
    );
    await run(
      measure('CSV export (ranking)', 'export', {
        url: `${base}/admin/editions/${demo.editionId}/results.csv`,
        headers: { cookie: admin.cookie },
        connections: 4,
      }),
    );

    // The heavy exports, once each: they must still work within the heap limit the app runs with.
    const exportsChecked: Array<{ name: string; status: number; ms: number; bytes: number }> = [];
    for (const file of ['results.xlsx', 'jury-report.pdf', 'scores.csv']) {
      const started = Date.now();
      const res = await fetch(`${base}/admin/editions/${demo.editionId}/${file}`, {
        headers: { cookie: admin.cookie },
      });
      const bytes = (await res.arrayBuffer()).byteLength;
      exportsChecked.push({ name: file, status: res.status, ms: Date.now() - started, bytes });
      console.log(
        `  ${file}: status ${res.status}, ${Date.now() - started} ms, ${Math.round(bytes / 1024)} kB`,
      );
    }

    // Score saves: 25 jurors at once, each connection its own juror walking through its own entries, so every
    // accepted request writes a different sheet; afterwards the sheets carrying this run's marker are counted.
    const jurorSessions = await Promise.all(
      demo.jurors.slice(0, 25).map((j) => login(base, j.email).then((s) => ({ ...s, id: j.id }))),
    );
    const marker = `bench-${Date.now()}`;
    const cursor = new Map<number, number>();
    let nextJuror = 0;
    const targeted = new Set<string>();
    const scoreRun = await run(
      measure(`score POST (${jurorSessions.length} jurors at once)`, 'write', {
        url: base,
        connections: jurorSessions.length,
        requests: [
          {
            method: 'POST',
            setupRequest: (req: autocannon.Request, context: object) => {
              // Each connection keeps its own context: the first request gives it the next juror.
              const ctx = context as { juror?: number };
              ctx.juror ??= nextJuror++ % jurorSessions.length;
              const session = jurorSessions[ctx.juror]!;
              const entries = assigned.get(session.id)!;
              const i = cursor.get(session.id) ?? 0;
              cursor.set(session.id, i + 1);
              const entryId = entries[i % entries.length]!;
              targeted.add(`${session.id}:${entryId}`);
              const body = new URLSearchParams({ _csrf: session.csrf, action: 'draft', motivation: marker });
              for (const c of criteria) body.set(`score_${c.id}`, String(5 + (i % 4)));
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
          },
        ],
      }),
    );
    const verifyDb = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: sqliteFile },
      useNullAsDefault: true,
    });
    const counted = Number(
      (await verifyDb('score_sheets').where({ motivation: marker }).count({ n: '*' }).first())?.n ?? 0,
    );
    const duplicates = await verifyDb('scores')
      .select('sheet_id', 'criterion_id')
      .count({ n: '*' })
      .groupBy('sheet_id', 'criterion_id')
      .having(verifyDb.raw('count(*) > 1'));
    await verifyDb.destroy();
    scoreRun.note = `${scoreRun.redirects} saves answered "saved" (303), ${scoreRun.non2xx} refused, ${scoreRun.errors} errors; ${counted} of the ${targeted.size} sheets the run wrote to carry its marker; ${duplicates.length} duplicate scores`;

    // A 20 MB upload: how much does the server's memory grow while it streams the file to disk?
    const uploader = await login(base, submitter!.email);
    const editPage = await fetch(`${base}/entries/${uploadEntryId}/edit`, {
      headers: { cookie: uploader.cookie },
    });
    const uploadToken = /name="_csrf" value="([^"]+)"/.exec(await editPage.text())?.[1] ?? uploader.csrf;
    const pdf = Buffer.concat([
      tinyPdf('bench upload'),
      Buffer.alloc(20 * 1024 * 1024 - 1000, 0x20),
      Buffer.from('\n%%EOF\n'),
    ]);
    const form = new FormData();
    form.set('_csrf', uploadToken);
    form.set('files', new Blob([pdf], { type: 'application/pdf' }), 'groot-bestand.pdf');
    const before = rssMb(pid);
    let peak = before;
    const peakSampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
    const uploadStarted = Date.now();
    const uploadRes = await fetch(`${base}/entries/${uploadEntryId}/attachments`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
      headers: { cookie: uploader.cookie },
    });
    clearInterval(peakSampler);
    const upload = {
      status: uploadRes.status,
      ms: Date.now() - uploadStarted,
      rssBeforeMb: before,
      rssPeakMb: peak,
      growthMb: Math.round((peak - before) * 10) / 10,
    };
    console.log(`  20 MB upload: status ${upload.status}, ${upload.ms} ms, RSS ${before} → ${peak} MB`);

    // The audience vote (issue #14): 300 phones, 3,000 votes, the projector following the count (bench/vote.ts).
    const vote = await measureVote(voteBench, { base, adminCookie: admin.cookie, sqliteFile });
    console.log(`  ${vote.name}: ${JSON.stringify(vote)}`);

    clearInterval(sampler);
    rss.max = Math.max(rss.max, rssMb(pid));
    const rssEnd = rssMb(pid);

    for (const r of results) {
      r.ratio = Math.round((r.requestsPerSec / ceiling.requestsPerSec) * 1000) / 1000;
      if (r.group === 'anonymous') Object.assign(r, { target: '≥ 50% of bare', met: r.ratio >= 0.5 });
      if (r.group === 'authenticated' && !r.name.startsWith('results'))
        Object.assign(r, { target: '≥ 25% of bare', met: r.ratio >= 0.25 });
      if (r.name.startsWith('results')) Object.assign(r, { target: 'p95 ≤ 50 ms', met: r.p95 <= 50 });
      if (r.group === 'write')
        Object.assign(r, {
          target: '≥ 1,000/s, all counted',
          met: r.requestsPerSec >= 1000 && r.errors === 0 && r.non2xx === 0,
        });
    }
    const report = {
      measuredAt: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGb: Math.round(os.totalmem() / 1e9),
        node: process.version,
      },
      sizes: SIZES,
      durationSeconds: DURATION,
      serve: serveScript,
      scenarios: results,
      vote,
      exports: exportsChecked,
      upload: { ...upload, target: 'RSS growth < 30 MB', met: upload.status === 303 && upload.growthMb < 30 },
      rss: {
        startMb: rss.start,
        maxMb: rss.max,
        endMb: rssEnd,
        target: '< 250 MB throughout',
        met: rss.max < 250,
      },
    };
    console.log(
      '\n| scenario | conns | req/s | × bare | p50 ms | p95 ms | p99 ms | errors | 4xx/5xx | target | met |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of results) {
      console.log(
        `| ${r.name} | ${r.connections} | ${r.requestsPerSec} | ${r.ratio?.toFixed(2)} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.target ?? '–'} | ${r.met === undefined ? '–' : r.met ? 'yes' : 'NO'} |`,
      );
    }
    console.log(
      `| 20 MB upload | 1 | – | – | ${upload.ms} (total) | – | – | – | ${upload.status === 303 ? 0 : 1} | RSS growth < 30 MB (was ${upload.growthMb}) | ${report.upload.met ? 'yes' : 'NO'} |`,
    );
    console.log(
      `\nServer RSS: ${rss.start} MB at start, ${rss.max} MB at most, ${rssEnd} MB at the end (target < 250 MB: ${report.rss.met ? 'yes' : 'NO'})`,
    );
    console.log(`Score POSTs: ${scoreRun.note}`);
    const out = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'latest.json'), JSON.stringify(report, null, 2));
    console.log(`\nWritten to bench/results/latest.json`);
  } finally {
    clearInterval(sampler);
    app.child.kill('SIGTERM');
    bare.child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
