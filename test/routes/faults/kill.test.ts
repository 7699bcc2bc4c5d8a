import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDb, runMigrations } from '../../../src/db/db';
import { DEMO_PASSWORD, seedDemo } from '../../../src/demo/demo.seed';

/**
 * The real server in its own process, killed with SIGKILL in the middle of work and started again: what is on
 * disk afterwards must be whole. SQLite only: the point is the file and the upload folder on this machine.
 */
const ROOT = path.join(__dirname, '../../..');
let dir: string;
let sqliteFile: string;
let uploadDir: string;
let port: number;
let server: ChildProcess | undefined;
let demo: Awaited<ReturnType<typeof seedDemo>>;
let uploadEntryId: number;
let criteriaCount: number;
const assigned = new Map<number, number[]>();

const base = () => `http://127.0.0.1:${port}`;

async function startServer(): Promise<void> {
  server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      BASE_URL: base(),
      SQLITE_FILE: sqliteFile,
      UPLOAD_DIR: uploadDir,
      MAIL_DIR: path.join(dir, 'mail'),
      SESSION_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`${base()}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error('server did not start');
}

async function kill(): Promise<void> {
  const child = server!;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  server = undefined;
}

async function login(email: string): Promise<{ cookie: string; csrf: string }> {
  const jar = new Map<string, string>();
  const keep = (res: Response) =>
    res.headers.getSetCookie().forEach((c) => {
      const [k, v] = c.split(';')[0]!.split('=');
      jar.set(k!, v!);
    });
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const page = await fetch(`${base()}/login`);
  keep(page);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  keep(
    await fetch(`${base()}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
      body: new URLSearchParams({ email, password: DEMO_PASSWORD, _csrf: token }),
    }),
  );
  const account = await fetch(`${base()}/account`, { headers: { cookie: cookie() } });
  keep(account);
  return { cookie: cookie(), csrf: /name="_csrf" value="([^"]+)"/.exec(await account.text())![1]! };
}

function saveScores(
  session: { cookie: string; csrf: string },
  entryId: number,
  marker: string,
  value: number,
  criteria: number[],
) {
  const body = new URLSearchParams({ _csrf: session.csrf, action: 'draft', motivation: marker });
  for (const id of criteria) body.set(`score_${id}`, String(value));
  return fetch(`${base()}/jury/entries/${entryId}/score`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}

function filesOnDisk(): string[] {
  const walk = (d: string): string[] =>
    fs.existsSync(d)
      ? fs
          .readdirSync(d, { withFileTypes: true })
          .flatMap((e) =>
            e.isDirectory() ? walk(path.join(d, e.name)) : [path.relative(uploadDir, path.join(d, e.name))],
          )
      : [];
  return walk(uploadDir).filter((f) => !path.basename(f).startsWith('.'));
}

function checkDatabase() {
  const db = new Database(sqliteFile, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const stored = new Set(
      (db.prepare('select stored_name from attachments').all() as Array<{ stored_name: string }>).map(
        (r) => r.stored_name,
      ),
    );
    return { db: new Database(sqliteFile, { readonly: true }), stored };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'innovatieprijs-faults-'));
  sqliteFile = path.join(dir, 'app.sqlite');
  uploadDir = path.join(dir, 'uploads');
  port = 30000 + Math.floor(Math.random() * 20000);
  const db = openDb({ databaseUrl: null, databaseSchema: null, sqliteFile });
  await runMigrations(db);
  demo = await seedDemo(db, {
    entries: 30,
    jurors: 25,
    criteria: 5,
    seed: 'faults',
    uploadDir,
    now: new Date(),
    finalShare: 0,
  });
  criteriaCount = (await db('criteria').where({ edition_id: demo.editionId })).length;
  for (const a of await db('assignments').orderBy(['juror_user_id', 'entry_id']))
    assigned.set(a.juror_user_id, [...(assigned.get(a.juror_user_id) ?? []), a.entry_id]);
  const now = new Date();
  const [edition] = await db('editions')
    .insert({
      name: 'Open',
      year: 2099,
      phase: 'open',
      opens_at: new Date(now.getTime() - 86400000),
      closes_at: new Date(now.getTime() + 86400000),
      max_file_mb: 40,
      max_files: 10,
      allowed_types_json: '["pdf"]',
      eligible_types_json: '["gemeente","ssc"]',
      tie_break_json: '[{"kind":"juryDecision"}]',
      created_at: now,
      updated_at: now,
    })
    .returning('id');
  const editionId = typeof edition === 'object' ? (edition as { id: number }).id : Number(edition);
  const submitter = demo.submitters[0]!;
  const [entry] = await db('entries')
    .insert({
      edition_id: editionId,
      number: 1,
      organisation_id: submitter.organisationId,
      created_by_user_id: submitter.id,
      title: 'Upload',
      created_at: now,
      updated_at: now,
    })
    .returning('id');
  uploadEntryId = typeof entry === 'object' ? (entry as { id: number }).id : Number(entry);
  await db.destroy();
  await startServer();
}, 60_000);

afterAll(async () => {
  if (server) await kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('killed with SIGKILL and started again', () => {
  it('during an upload: no file and no row left behind, the database intact', async () => {
    const submitter = await login(demo.submitters[0]!.email);
    const edit = await fetch(`${base()}/entries/${uploadEntryId}/edit`, {
      headers: { cookie: submitter.cookie },
    });
    const token = /name="_csrf" value="([^"]+)"/.exec(await edit.text())![1]!;
    const filesBefore = filesOnDisk().length;
    const boundary = '----innovatieprijs' + randomBytes(8).toString('hex');
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="groot.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`,
    );
    const req = http.request(`${base()}/entries/${uploadEntryId}/attachments`, {
      method: 'POST',
      headers: {
        cookie: submitter.cookie,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + 30 * 1024 * 1024),
      },
    });
    req.on('error', () => undefined);
    req.write(head);
    // Send 5 MB, wait until the server has started writing the file, then kill it mid-upload.
    for (let i = 0; i < 5; i++) req.write(Buffer.alloc(1024 * 1024, 0x20));
    for (let i = 0; i < 100 && !filesOnDisk().some((f) => f.startsWith('tmp')); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(filesOnDisk().some((f) => f.startsWith('tmp'))).toBe(true);
    await kill();
    req.destroy();

    await startServer();
    // The half-written file is young: the start-up cleanup leaves it (another process's upload could own it).
    expect(filesOnDisk().filter((f) => f.startsWith('tmp'))).toHaveLength(1);
    // An hour later, the next start moves it into quarantine.
    await kill();
    const anHourAgo = new Date(Date.now() - 61 * 60 * 1000);
    for (const f of filesOnDisk().filter((name) => name.startsWith('tmp')))
      fs.utimesSync(path.join(uploadDir, f), anHourAgo, anHourAgo);
    await startServer();
    const { db, stored } = checkDatabase();
    try {
      expect(
        db.prepare('select count(*) as n from attachments where entry_id = ?').get(uploadEntryId),
      ).toEqual({ n: 0 });
      // Every remaining file has its row and vice versa; the half-written one is in quarantine.
      const files = filesOnDisk();
      expect(files.filter((f) => f.startsWith('tmp'))).toEqual([]);
      expect(files.filter((f) => !f.startsWith('.quarantine')).length).toBe(filesBefore);
      expect(new Set(files.filter((f) => !f.startsWith('.quarantine')))).toEqual(stored);
      expect(files.filter((f) => f.startsWith('.quarantine'))).toHaveLength(1);
    } finally {
      db.close();
    }
  }, 60_000);

  it('during score saves by 25 jurors: every sheet whole, no duplicates, the database intact', async () => {
    const sessions = await Promise.all(
      demo.jurors.map(async (j) => ({ id: j.id, ...(await login(j.email)) })),
    );
    const criteria = (() => {
      const db = new Database(sqliteFile, { readonly: true });
      const ids = (
        db
          .prepare('select id from criteria where edition_id = ? order by position')
          .all(demo.editionId) as Array<{ id: number }>
      ).map((r) => r.id);
      db.close();
      return ids;
    })();
    const marker = 'kill-' + Date.now();
    let stop = false;
    const workers = sessions.map(async (s) => {
      for (const entryId of assigned.get(s.id) ?? []) {
        if (stop) return;
        await saveScores(s, entryId, marker, 7, criteria).catch(() => undefined);
      }
    });
    await new Promise((r) => setTimeout(r, 400));
    stop = true;
    await kill();
    await Promise.all(workers);

    await startServer();
    const { db } = checkDatabase();
    try {
      const sheets = db.prepare('select id from score_sheets where motivation = ?').all(marker) as Array<{
        id: number;
      }>;
      expect(sheets.length).toBeGreaterThan(0);
      // A save is one transaction: a sheet has all its scores or it does not exist.
      const partial = db
        .prepare(
          'select s.id, count(c.criterion_id) as n from score_sheets s left join scores c on c.sheet_id = s.id where s.motivation = ? group by s.id having n <> ?',
        )
        .all(marker, criteriaCount);
      expect(partial).toEqual([]);
      const duplicates = db
        .prepare(
          'select juror_user_id, entry_id, count(*) as n from score_sheets group by juror_user_id, entry_id having n > 1',
        )
        .all();
      expect(duplicates).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);

  it('with 25 jurors saving at once while it runs: nothing lost, nothing duplicated', async () => {
    const sessions = await Promise.all(
      demo.jurors.map(async (j) => ({ id: j.id, ...(await login(j.email)) })),
    );
    const db0 = new Database(sqliteFile, { readonly: true });
    const criteria = (
      db0
        .prepare('select id from criteria where edition_id = ? order by position')
        .all(demo.editionId) as Array<{ id: number }>
    ).map((r) => r.id);
    db0.close();
    const marker = 'load-' + Date.now();
    const sent: Array<{ jurorId: number; entryId: number; value: number }> = [];
    await Promise.all(
      sessions.map(async (s, i) => {
        for (const entryId of (assigned.get(s.id) ?? []).slice(0, 8)) {
          const value = 1 + ((i + entryId) % 10);
          const res = await saveScores(s, entryId, marker, value, criteria);
          expect(res.status).toBe(303);
          sent.push({ jurorId: s.id, entryId, value });
        }
      }),
    );
    const db = new Database(sqliteFile, { readonly: true });
    try {
      for (const s of sent) {
        const rows = db
          .prepare(
            'select c.value from score_sheets h join scores c on c.sheet_id = h.id where h.juror_user_id = ? and h.entry_id = ? and h.motivation = ?',
          )
          .all(s.jurorId, s.entryId, marker) as Array<{ value: number }>;
        expect(rows.map((r) => r.value)).toEqual(criteria.map(() => s.value));
      }
      expect(sent.length).toBe(sessions.length * 8);
    } finally {
      db.close();
    }
  }, 60_000);
});
