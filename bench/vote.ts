/**
 * The audience vote under the conference's load, for `npm run bench`: 300 phones at once cast 3,000 votes (each a
 * first vote with its own code, the heaviest kind: a ballot row and an audit record), while a projector follows
 * the live count over Server-Sent Events. Afterwards the votes are counted back from the database: none lost, none
 * counted twice, and every finalist's count equal to what was sent. Called from bench/run.ts (`runVoteScenario`) against the running app.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import knexFactory, { type Knex } from 'knex';
import { openDb, runMigrations } from '../src/db/db';
import { DEMO_PASSWORD, seedDemo } from '../src/demo/demo.seed';
import { hashCode, newCode } from '../src/vote/vote.rules';

export const VOTERS = Number(process.env.BENCH_VOTERS ?? 300);
export const VOTES = Number(process.env.BENCH_VOTES ?? 3000);

export interface VoteBench {
  editionId: number;
  codes: string[];
  finalistIds: number[];
}

/**
 * Nominates three entries, opens their vote for an hour and makes VOTES codes, straight into the database; a vote
 * left by an earlier run on the same edition is removed first.
 */
export async function prepareVoteBench(
  db: Knex,
  input: { editionId: number; now: Date },
): Promise<VoteBench> {
  await db('audience_ballots').where({ edition_id: input.editionId }).del();
  await db('audience_codes').where({ edition_id: input.editionId }).del();
  await db('audience_votes').where({ edition_id: input.editionId }).del();
  const entries: Array<{ id: number }> = await db('entries')
    .where({ edition_id: input.editionId, status: 'submitted' })
    .orderBy('number')
    .limit(3);
  const finalistIds = entries.map((e) => Number(e.id));
  await db('nominations').where({ edition_id: input.editionId }).del();
  await db('nominations').insert(
    finalistIds.map((entry_id) => ({
      edition_id: input.editionId,
      entry_id,
      kind: 'nominee',
      created_at: input.now,
    })),
  );
  await db('audience_votes').insert({
    edition_id: input.editionId,
    opens_at: input.now,
    closes_at: new Date(input.now.getTime() + 60 * 60 * 1000),
    counts_visible: true,
    created_at: input.now,
    updated_at: input.now,
  });
  await db('audience_finalists').insert(
    finalistIds.map((entry_id, i) => ({ edition_id: input.editionId, entry_id, position: i + 1 })),
  );
  const codes = new Set<string>();
  while (codes.size < VOTES) codes.add(newCode());
  const rows = [...codes].map((code) => ({
    edition_id: input.editionId,
    code_hash: hashCode(code),
    created_at: input.now,
  }));
  for (let i = 0; i < rows.length; i += 250) await db('audience_codes').insert(rows.slice(i, i + 250));
  return { editionId: input.editionId, codes: [...codes], finalistIds };
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, i)]! * 100) / 100;
}

/** A phone opening the ballot: its CSRF cookie and the form's token. */
async function openBallot(base: string): Promise<{ cookie: string; token: string }> {
  const res = await fetch(`${base}/stem`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1];
  if (!token) throw new Error('the ballot has no form: is the vote open?');
  return { cookie, token };
}

/** The projector: an EventSource-like reader of the live count, recording when each total arrived. */
function followProjector(url: string, cookie: string) {
  const seen: Array<{ at: number; total: number }> = [];
  const controller = new AbortController();
  const done = (async () => {
    const res = await fetch(url, {
      headers: { accept: 'text/event-stream', cookie },
      signal: controller.signal,
    });
    if (res.status !== 200) throw new Error(`projector feed: ${res.status}`);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) return;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = /^data: (.*)$/m.exec(event)?.[1];
        if (data) seen.push({ at: Date.now(), total: Number(JSON.parse(data).total) });
      }
    }
  })().catch((err: unknown) => {
    if ((err as Error).name !== 'AbortError') throw err;
  });
  return { seen, stop: () => (controller.abort(), done) };
}

export interface VoteMeasured {
  name: string;
  connections: number;
  votes: number;
  votesPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  refused: number;
  counted: number;
  lost: number;
  doubleCounted: number;
  tallyMatches: boolean;
  projectorMaxDelayMs: number;
  projectorP99DelayMs: number;
  target: string;
  met: boolean;
}

export async function measureVote(
  bench: VoteBench,
  input: { base: string; adminCookie: string; sqliteFile: string },
): Promise<VoteMeasured> {
  const phones: Array<{ cookie: string; token: string }> = [];
  for (let i = 0; i < VOTERS; i += 25)
    phones.push(
      ...(await Promise.all(Array.from({ length: Math.min(25, VOTERS - i) }, () => openBallot(input.base)))),
    );
  const projector = followProjector(
    `${input.base}/admin/editions/${bench.editionId}/projector/events`,
    input.adminCookie,
  );
  await new Promise((r) => setTimeout(r, 500));
  const sent = new Map<number, number>(bench.finalistIds.map((id) => [id, 0]));
  const acks: number[] = [];
  const latencies: number[] = [];
  let refused = 0;
  let nextCode = 0;
  let nextPhone = 0;
  const started = Date.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: input.base,
        connections: VOTERS,
        amount: VOTES,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            setupRequest: (req: autocannon.Request, context: object) => {
              const ctx = context as { phone?: number };
              ctx.phone ??= nextPhone++ % phones.length;
              const phone = phones[ctx.phone]!;
              const i = nextCode++;
              const entryId = bench.finalistIds[i % bench.finalistIds.length]!;
              sent.set(entryId, sent.get(entryId)! + 1);
              return {
                ...req,
                path: '/stem',
                headers: {
                  ...req.headers,
                  cookie: phone.cookie,
                  'content-type': 'application/x-www-form-urlencoded',
                },
                body: new URLSearchParams({
                  code: bench.codes[i % bench.codes.length]!,
                  entryId: String(entryId),
                  _csrf: phone.token,
                }).toString(),
              };
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      if (status === 200) acks.push(Date.now());
      else refused++;
    });
  });
  const seconds = (Date.now() - started) / 1000;
  // Let the projector catch up with the last votes, then stop following it.
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && (projector.seen.at(-1)?.total ?? 0) < acks.length)
    await new Promise((r) => setTimeout(r, 50));
  await projector.stop();

  // The k-th acknowledged vote was committed before its answer left the server, so from then on the count is at
  // least k: its delay is how long after its answer the projector first showed a total of k or more.
  const delays = acks.map((at, k) => {
    const shown = projector.seen.find((e) => e.total >= k + 1);
    return shown ? Math.max(0, shown.at - at) : Number.POSITIVE_INFINITY;
  });
  delays.sort((a, b) => a - b);

  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: input.sqliteFile },
    useNullAsDefault: true,
  });
  const rows: Array<{ entry_id: number; n: number }> = await db('audience_ballots')
    .where({ edition_id: bench.editionId })
    .groupBy('entry_id')
    .select('entry_id')
    .count({ n: '*' });
  const perCode: Array<{ n: number }> = await db('audience_ballots')
    .where({ edition_id: bench.editionId })
    .groupBy('code_id')
    .having(db.raw('count(*) > 1'))
    .count({ n: '*' });
  await db.destroy();
  const counted = rows.reduce((n, r) => n + Number(r.n), 0);
  const tallyMatches = bench.finalistIds.every(
    (id) => Number(rows.find((r) => Number(r.entry_id) === id)?.n ?? 0) === sent.get(id),
  );
  latencies.sort((a, b) => a - b);
  const votesPerSec = Math.round(acks.length / seconds);
  const measured: VoteMeasured = {
    name: `audience vote POST (${VOTERS} phones, ${VOTES} votes)`,
    connections: VOTERS,
    votes: acks.length,
    votesPerSec,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts,
    refused,
    counted,
    // Every code is sent once: more ballots than codes sent, or a code with two rows, would be counted twice. A vote
    // that was answered "counted" but is not in the database is lost. (A vote whose answer timed out may be counted:
    // that is neither.)
    lost: Math.max(0, acks.length - counted),
    doubleCounted: Math.max(0, counted - nextCode) + perCode.length,
    tallyMatches,
    projectorMaxDelayMs: delays.length ? Math.round(delays.at(-1)!) : 0,
    projectorP99DelayMs: Math.round(percentile(delays, 99)),
    target: '≥ 1,500 votes/s, p99 ≤ 100 ms, 0 errors, 0 lost, 0 double, projector ≤ 1 s',
    met: false,
  };
  measured.met =
    measured.votesPerSec >= 1500 &&
    measured.p99 <= 100 &&
    measured.errors === 0 &&
    measured.refused === 0 &&
    measured.lost === 0 &&
    measured.doubleCounted === 0 &&
    measured.counted === VOTES &&
    tallyMatches &&
    measured.projectorMaxDelayMs <= 1000;
  return measured;
}

/** The whole scenario against a running app on a SQLite file: prepare the vote (a connection of its own), measure. */
export async function runVoteScenario(input: {
  base: string;
  adminCookie: string;
  sqliteFile: string;
  editionId: number;
}): Promise<VoteMeasured> {
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: input.sqliteFile },
    useNullAsDefault: true,
  });
  let bench: VoteBench;
  try {
    bench = await prepareVoteBench(db, { editionId: input.editionId, now: new Date() });
  } finally {
    await db.destroy();
  }
  const measured = await measureVote(bench, input);
  console.log(
    `  ${measured.name}: ${measured.votesPerSec} votes/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms, errors ${measured.errors}, refused ${measured.refused}; counted back ${measured.counted}, lost ${measured.lost}, double ${measured.doubleCounted}, tally ${measured.tallyMatches ? 'matches' : 'DIFFERS'}; projector max ${measured.projectorMaxDelayMs} ms (p99 ${measured.projectorP99DelayMs} ms); met: ${measured.met ? 'yes' : 'NO'}`,
  );
  return measured;
}

/**
 * `npx tsx bench/vote.ts` (after `npm run build`): this scenario alone, on a small demo edition, with the app
 * started as `npm start` starts it (package.json's serve script). bench/run.ts runs it with everything else.
 */
async function main() {
  const root = path.join(__dirname, '..');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'innovatieprijs-vote-bench-'));
  const sqliteFile = path.join(dir, 'bench.sqlite');
  const db = openDb({ databaseUrl: null, databaseSchema: null, sqliteFile });
  await runMigrations(db);
  const now = new Date();
  const demo = await seedDemo(db, {
    entries: 12,
    jurors: 5,
    criteria: 5,
    seed: 'vote',
    uploadDir: path.join(dir, 'uploads'),
    now,
    finalShare: 1,
  });
  const bench = await prepareVoteBench(db, { editionId: demo.editionId, now });
  await db.destroy();
  const serve: string = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.serve;
  const [, envPart, argPart, entry] = /^((?:\w+=\S+\s+)*)node (.*)(dist\/src\/\w+\.js)$/.exec(serve)!;
  const port = 20000 + Math.floor(Math.random() * 20000);
  const base = `http://127.0.0.1:${port}`;
  const env = Object.fromEntries(
    envPart!
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((kv) => kv.split('=')),
  );
  // BENCH_NODE_ARGS: extra node options for the app, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where a vote's
  // time goes.
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const app = spawn('node', [...extra, ...argPart!.trim().split(/\s+/).filter(Boolean), entry!], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      NODE_ENV: 'production',
      PORT: String(port),
      BASE_URL: base,
      SQLITE_FILE: sqliteFile,
      UPLOAD_DIR: path.join(dir, 'uploads'),
      MAIL_DIR: path.join(dir, 'mail'),
      SESSION_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
    },
    stdio: 'inherit',
  });
  try {
    for (let i = 0; i < 150; i++) {
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const adminCookie = await loginCookie(base, demo.admin.email);
    const measured = await measureVote(bench, { base, adminCookie, sqliteFile });
    console.log(JSON.stringify(measured, null, 2));
  } finally {
    app.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** An organiser's session cookie (the projector feed is theirs). */
export async function loginCookie(base: string, email: string): Promise<string> {
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
  return cookie();
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
