/**
 * Kennisbank bench (issue #15): search over 5,000 published entries by anonymous visitors. Fills its own SQLite
 * database (one announced edition, every entry consenting), starts the BUILT app as `npm run serve` does, and
 * measures with autocannon: searches rotating over several queries (never served from the page cache, which
 * keeps no `q`), a search with a filter, and the landing page. Targets: search p95 ≤ 20 ms and ≥ 1,000 req/s.
 *
 * Run on its own with `npm run build && tsx bench/kennisbank.ts` (KB_ENTRIES, BENCH_DURATION), or as part of
 * `npm run bench` (bench/run.ts calls `kennisbankBench` at the end). Figures depend on the machine and its load.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDb, runMigrations } from '../src/db/db';
import { loadConfig } from '../src/config';
import { DEFAULT_CATEGORIES, DEFAULT_CRITERIA } from '../src/editions/criteria';
import { insertCategory, insertCriterion, insertEdition } from '../src/editions/edition.repo';
import { defaultSettings } from '../src/editions/edition.service';

const ROOT = path.join(__dirname, '..');
const ENTRIES = Number(process.env.KB_ENTRIES ?? 5000);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);

const THEMES = [
  'facturen',
  'inkoop',
  'hr-advies',
  'personeelsdossier',
  'zaakgericht werken',
  'robotisering',
  'klantcontact',
  'belastingen',
  'subsidies',
  'wijkteam',
  'jeugdzorg',
  'afvalinzameling',
  'parkeren',
  'vergunningen',
  'archivering',
  'datagedreven sturing',
  'energietransitie',
  'inburgering',
  'schuldhulpverlening',
  'salarisadministratie',
  'contractbeheer',
  'informatiebeveiliging',
  'privacy',
  'toegankelijkheid',
  'huisvesting',
  'mobiliteit',
];
const PHRASES = [
  'Wij hebben het proces van begin tot eind opnieuw ontworpen met medewerkers en inwoners.',
  'De doorlooptijd is gehalveerd en het aantal fouten nam sterk af.',
  'Andere gemeenten kunnen de werkwijze en de sjablonen direct overnemen.',
  'Een klein team werkte in korte sprints met vaste evaluatiemomenten.',
  'De oplossing draait op standaardsoftware en vraagt geen maatwerk.',
  'Leidinggevenden krijgen een dashboard met actuele cijfers per team.',
  'Het shared service center ondersteunt nu zes deelnemende organisaties.',
  'Inwoners krijgen sneller antwoord en hoeven minder vaak opnieuw te bellen.',
];

/** A small deterministic random, so every run searches the same texts. */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

export async function seed(sqliteFile: string, uploadDir: string): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'development',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    SQLITE_FILE: sqliteFile,
    UPLOAD_DIR: uploadDir,
  });
  const db = openDb(config);
  await runMigrations(db);
  const now = new Date();
  const rnd = random(15);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const organisations: Array<{ id: number }> = await db('organisations')
    .where({ type: 'gemeente' })
    .select('id');
  const editionIds: number[] = [];
  for (const year of [2024, 2025, 2026]) {
    const id = await insertEdition(db, { ...defaultSettings(year), introNl: 'Bench' }, now);
    for (const [i, c] of DEFAULT_CRITERIA.entries()) await insertCriterion(db, id, c, i + 1);
    for (const [i, c] of DEFAULT_CATEGORIES.entries()) await insertCategory(db, id, c, i + 1);
    await db('editions').where({ id }).update({ phase: 'announced' });
    editionIds.push(id);
  }
  const categories: Array<{ id: number; edition_id: number }> = await db('categories').select(
    'id',
    'edition_id',
  );
  const rows = [];
  for (let n = 0; n < ENTRIES; n++) {
    const editionId = editionIds[n % editionIds.length]!;
    const theme = pick(THEMES);
    const other = pick(THEMES);
    const text = (k: number) => Array.from({ length: k }, () => pick(PHRASES)).join(' ');
    rows.push({
      edition_id: editionId,
      number: Math.floor(n / editionIds.length) + 1,
      organisation_id: pick(organisations).id,
      category_id: pick(categories.filter((c) => c.edition_id === editionId)).id,
      title: `${theme[0]!.toUpperCase()}${theme.slice(1)} slimmer geregeld ${n}`,
      summary: `Hoe wij ${theme} en ${other} anders organiseerden. ${text(3)}`,
      problem: text(4),
      innovation: `${text(3)} Het ging om ${other}.`,
      results_efficiency: text(2),
      results_effectiveness: text(2),
      transferability: text(2),
      contact_name: 'Contactpersoon',
      contact_phone: '',
      status: 'submitted',
      eligibility: 'eligible',
      version: 1,
      submitted_at: now,
      created_at: now,
      updated_at: now,
    });
  }
  await db.batchInsert('entries', rows, 250);
  const entries: Array<{ id: number; edition_id: number }> = await db('entries').select('id', 'edition_id');
  await db.batchInsert(
    'entry_publications',
    entries.map((e) => ({
      entry_id: e.id,
      consent: true,
      licence: e.id % 3 ? 'cc-by' : 'all-rights-reserved',
      show_contact: e.id % 2 === 0,
      decided_at: now,
      consented_at: now,
    })),
    250,
  );
  for (const editionId of editionIds) {
    const first = entries.filter((e) => e.edition_id === editionId).slice(0, 6);
    await db('nominations').insert(
      first.map((e) => ({ edition_id: editionId, entry_id: e.id, kind: 'nominee', created_at: now })),
    );
    await db('result_decisions').insert({
      edition_id: editionId,
      winner_entry_id: first[0]!.id,
      motivation: 'Bench',
      aggregation: 'mean',
      decided_at: now,
      announced_at: now,
    });
  }
  await db.raw('pragma optimize');
  await db.destroy();
}

function startApp(env: NodeJS.ProcessEnv): ChildProcess {
  // As `npm run serve` runs it (package.json), read from there so the two cannot drift apart.
  const serve: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.serve;
  const [, envPart, argPart, entry] = /^((?:\w+=\S+\s+)*)node (.*)(dist\/src\/\w+\.js)$/.exec(serve)!;
  const serveEnv = Object.fromEntries(
    envPart!
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((kv) => kv.split('=')),
  );
  const args = [...argPart!.trim().split(/\s+/).filter(Boolean), entry!];
  return spawn('node', args, { cwd: ROOT, env: { ...process.env, ...serveEnv, ...env }, stdio: 'ignore' });
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within 30 s`);
}

export interface KennisbankFigure {
  name: string;
  requestsPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
  met?: boolean;
}

async function measure(
  name: string,
  base: string,
  paths: string[],
  fresh?: () => string,
): Promise<KennisbankFigure> {
  const latencies: number[] = [];
  let non2xx = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        duration: DURATION,
        connections: 10,
        requests: fresh
          ? [{ method: 'GET', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: fresh() }) }]
          : paths.map((p) => ({ method: 'GET', path: p })),
      } as autocannon.Options,
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_c: unknown, status: number, _b: number, time: number) => {
      latencies.push(time);
      if (status !== 200) non2xx++;
    });
  });
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    Math.round((latencies[Math.max(0, Math.ceil((p / 100) * latencies.length) - 1)] ?? 0) * 100) / 100;
  return {
    name,
    requestsPerSec: Math.round(result.requests.average),
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function measureBare(): Promise<KennisbankFigure> {
  const bare = spawn('node', ['bench/bare-server.js'], { cwd: ROOT, env: { ...process.env, PORT: '0' } });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      let out = '';
      bare.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening (\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      bare.on('exit', () => reject(new Error('bare server exited')));
    });
    return await measure('bare Express route (ceiling)', `http://127.0.0.1:${port}`, ['/']);
  } finally {
    bare.kill('SIGTERM');
  }
}

/** Seeds, serves, measures, prints and writes bench/results/kennisbank.json; returns the figures. */
export async function kennisbankBench(): Promise<KennisbankFigure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'innovatieprijs-kb-bench-'));
  const sqliteFile = path.join(dir, 'kb.sqlite');
  const uploadDir = path.join(dir, 'uploads');
  console.log(`Kennisbank: seeding ${ENTRIES} published entries …`);
  const seeded = Date.now();
  await seed(sqliteFile, uploadDir);
  console.log(`  seeded in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const base = `http://127.0.0.1:${port}`;
  const app = startApp({
    NODE_ENV: 'production',
    PORT: String(port),
    BASE_URL: base,
    SQLITE_FILE: sqliteFile,
    UPLOAD_DIR: uploadDir,
    MAIL_DIR: path.join(dir, 'mail'),
    SESSION_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
  });
  try {
    await waitFor(`${base}/healthz`);
    const searches = [
      'facturen',
      'jeugdzorg',
      'robotisering+klantcontact',
      'vergunning',
      'energietransitie',
      'salaris',
    ];
    // Warm up each worker (the library list is read once per process and write).
    await measure(
      'warm-up',
      base,
      searches.map((q) => `/kennisbank?q=${q}`),
    );
    let n = 0;
    const figures = [
      // Every request a query never asked before (a title's number), so no process has its hits kept.
      await measure('search, every query new (no kept hits)', base, [], () => {
        n = (n + 7919) % ENTRIES;
        return `/kennisbank?q=geregeld+${n}`;
      }),
      await measure(
        'search (6 queries rotating, hits kept after the first)',
        base,
        searches.map((q) => `/kennisbank?q=${q}`),
      ),
      await measure(
        'search + filter',
        base,
        searches.map((q) => `/kennisbank?q=${q}&soort=gemeente&editie=2025`),
      ),
      await measure('search, page 3', base, [
        '/kennisbank?q=gemeenten&pagina=3',
        '/kennisbank?q=werkwijze&pagina=3',
      ]),
      await measure('landing page (kept by the page cache)', base, ['/kennisbank']),
      // The ceiling on this machine at this moment: the same Express answering "ok", to read the figures against.
      await measureBare(),
    ];
    for (const f of figures.slice(0, 4)) f.met = f.p95 <= 20 && f.requestsPerSec >= 1000 && f.non2xx === 0;
    console.log(
      `Kennisbank (${ENTRIES} published entries, ${DURATION} s each, 10 connections, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}):`,
    );
    for (const f of figures)
      console.log(
        `  ${f.name}: ${f.requestsPerSec} req/s, p50 ${f.p50} ms, p95 ${f.p95} ms, p99 ${f.p99} ms, non-200 ${f.non2xx}, errors ${f.errors}${f.met === undefined ? '' : f.met ? '  target met' : '  TARGET MISSED'}`,
      );
    const out = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(
      path.join(out, 'kennisbank.json'),
      JSON.stringify(
        {
          at: new Date().toISOString(),
          entries: ENTRIES,
          cores: os.cpus().length,
          loadAverage: os.loadavg(),
          figures,
        },
        null,
        2,
      ),
    );
    return figures;
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module)
  kennisbankBench().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
