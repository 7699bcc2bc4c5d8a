import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { loggedIn, type Browser } from '../../helpers/agent';
import { createOrganisation, createUser, type TestUser } from '../../helpers/factories';
import { createJudgingEdition, createJuror, createJuryEntry, scoreForm, setPhase } from '../../helpers/jury';
import type { Criterion, Edition } from '../../../src/editions/edition.types';
import { listRoutes } from '../../../src/http/access';
import type { Entry } from '../../../src/entries/entry.types';

let t: TestApp;
let organiser: Browser;
let edition: Edition;
let criteria: Criterion[];
let jurors: TestUser[];
let entries: Entry[];
let conflicted: { juror: TestUser; entry: Entry };

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-02T09:00:00Z') });
  organiser = await loggedIn(t.app, await createUser(t.db, { role: 'admin' }));
  const world = await createJudgingEdition(t);
  ({ edition, criteria } = world);
  const houten = await createOrganisation(t.db, { name: 'Houten', type: 'gemeente' });
  entries = [];
  for (let i = 1; i <= 6; i++) {
    const { entry } = await createJuryEntry(t, {
      edition,
      categoryId: world.categoryId,
      title: `Inzending ${i}`,
      organisation: i === 1 ? houten : undefined,
    });
    entries.push(entry);
  }
  // The last juror works at the entrant of the first entry.
  jurors = [];
  for (let i = 1; i <= 4; i++) {
    jurors.push(
      await createJuror(t, { edition, name: `Jurylid ${i}`, employerId: i === 4 ? houten.id : null }),
    );
  }
  conflicted = { juror: jurors[3]!, entry: entries[0]! };
  // A pending (not yet admitted) entry never takes part.
  await createJuryEntry(t, {
    edition,
    categoryId: world.categoryId,
    title: 'Nog niet toegelaten',
    eligibility: 'pending',
  });
});
afterAll(() => t.close());

const base = () => `/admin/editions/${edition.id}/assignment`;
const pairs = async () =>
  (await t.db('assignments').where({ edition_id: edition.id }).orderBy(['entry_id', 'juror_user_id'])).map(
    (r) => `${r.juror_user_id}:${r.entry_id}`,
  );
const generate = (fields: Record<string, string>) => organiser.submit(base(), `${base()}/generate`, fields);

describe('assignment', () => {
  it('by default every juror gets every admitted entry except their conflicts', async () => {
    const res = await generate({ mode: 'all', jurorsPerEntry: '3', maxLoad: '', seed: '2027' });
    expect(res.status).toBe(303);
    const expected = entries.flatMap((e) =>
      jurors.filter((j) => !(j === conflicted.juror && e === conflicted.entry)).map((j) => `${j.id}:${e.id}`),
    );
    expect(await pairs()).toEqual(expected);
    const page = await organiser.get(res.headers.location!).expect(200);
    expect(page.text).toContain(`De verdeling is gemaakt. Toegevoegd: ${expected.length}, verwijderd: 0`);
    expect(page.text).toContain('Alle inzendingen hebben genoeg juryleden.');
    expect(page.text).not.toContain('Nog niet toegelaten');
    const audit = await t.db('audit_events').where({ action: 'assignment.generate', subject_id: edition.id });
    expect(JSON.parse(audit[0].after_json).added).toHaveLength(expected.length);
  });

  it('balanced: N jurors per entry, reproducible with the same seed, and reports entries left short', async () => {
    const first = await generate({ mode: 'balanced', jurorsPerEntry: '2', maxLoad: '', seed: 'jury-2027' });
    expect(first.status).toBe(303);
    const p1 = await pairs();
    expect(p1).toHaveLength(12);
    for (const e of entries) expect(p1.filter((p) => p.endsWith(`:${e.id}`))).toHaveLength(2);
    expect(p1).not.toContain(`${conflicted.juror.id}:${conflicted.entry.id}`);
    const loads = jurors.map((j) => p1.filter((p) => p.startsWith(`${j.id}:`)).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);

    // Same input, same assignment: nothing changes.
    const again = await generate({ mode: 'balanced', jurorsPerEntry: '2', maxLoad: '', seed: 'jury-2027' });
    expect(again.headers.location).toContain('added=0&removed=0');
    expect(await pairs()).toEqual(p1);
    const other = await generate({
      mode: 'balanced',
      jurorsPerEntry: '2',
      maxLoad: '',
      seed: 'een andere seed',
    });
    expect(other.status).toBe(303);
    const back = await generate({ mode: 'balanced', jurorsPerEntry: '2', maxLoad: '', seed: 'jury-2027' });
    expect(back.status).toBe(303);
    expect(await pairs()).toEqual(p1);

    // 4 jurors × at most 2 entries cannot give 6 entries 3 jurors each.
    const short = await generate({ mode: 'balanced', jurorsPerEntry: '3', maxLoad: '2', seed: 'jury-2027' });
    expect(short.status).toBe(303);
    const page = await organiser.get(base()).expect(200);
    expect(page.text).toContain('inzendingen hebben minder juryleden dan gevraagd');
    const shortTable = page.text.slice(
      page.text.indexOf('id="shortfalls"'),
      page.text.indexOf('id="matrix-title"'),
    );
    expect((shortTable.match(/<tr class="utrecht-table__row">/g) ?? []).length).toBeGreaterThanOrEqual(4 + 1);
    const audit = await t
      .db('audit_events')
      .where({ action: 'assignment.generate' })
      .orderBy('id', 'desc')
      .first();
    expect(JSON.parse(audit.after_json).shortfalls.length).toBeGreaterThan(0);
  });

  it('refuses invalid settings with 422', async () => {
    const res = await generate({ mode: 'balanced', jurorsPerEntry: 'drie', maxLoad: '-1', seed: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('href="#jurorsPerEntry"');
    expect(res.text).toContain('href="#maxLoad"');
    expect(res.text).toContain('href="#seed"');
  });

  it('the organiser adjusts by hand, audited; conflicted pairs and started work are protected', async () => {
    await generate({ mode: 'all', jurorsPerEntry: '3', maxLoad: '', seed: '2027' });
    const current = await pairs();
    const [j1, j2] = jurors;
    const removed = `${j1!.id}:${entries[1]!.id}`;
    const wanted = current.filter((p) => p !== removed);
    const res = await organiser.submit(base(), base(), { pairs: wanted });
    expect(res.status).toBe(303);
    expect(res.headers.location).toContain('notice=adjusted&added=0&removed=1');
    expect(await pairs()).toEqual(wanted);
    const audit = await t
      .db('audit_events')
      .where({ action: 'assignment.adjust' })
      .orderBy('id', 'desc')
      .first();
    expect(JSON.parse(audit.after_json)).toEqual({
      added: [],
      removed: [{ jurorId: j1!.id, entryId: entries[1]!.id }],
    });

    const withConflict = await organiser.submit(base(), base(), {
      pairs: [...wanted, `${conflicted.juror.id}:${conflicted.entry.id}`],
    });
    expect(withConflict.status).toBe(422);
    expect(withConflict.text).toContain(
      'Een jurylid met een belangenconflict kan die inzending niet toegewezen krijgen.',
    );
    const junk = await organiser.submit(base(), base(), { pairs: ['1:x'] });
    expect(junk.status).toBe(422);

    // Jurylid 2 starts on entry 3; that pair can no longer be removed by hand or by a new generation.
    const session = await loggedIn(t.app, j2!);
    const started = await session.submit(
      `/jury/entries/${entries[2]!.id}/score`,
      `/jury/entries/${entries[2]!.id}/score`,
      scoreForm(criteria, [5, null, null, null, null]),
    );
    expect(started.status).toBe(303);
    const startedPair = `${j2!.id}:${entries[2]!.id}`;
    const refused = await organiser.submit(base(), base(), {
      pairs: wanted.filter((p) => p !== startedPair),
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Een toewijzing waarop het jurylid al begonnen is, kunt u niet weghalen.');
    expect(await pairs()).toEqual(wanted);
    const regenerated = await generate({ mode: 'balanced', jurorsPerEntry: '1', maxLoad: '', seed: 'x' });
    expect(regenerated.status).toBe(303);
    expect(await pairs()).toContain(startedPair);
  });

  it('is closed once deliberation opens', async () => {
    await setPhase(t, edition, 'deliberation');
    try {
      const res = await generate({ mode: 'all', jurorsPerEntry: '3', maxLoad: '', seed: '2027' });
      expect(res.status).toBe(409);
      expect(res.text).toContain('Het juryberaad is geopend');
    } finally {
      await setPhase(t, edition, 'judging');
    }
  });

  it('a juror sees exactly the assigned entries on the dashboard, with a progress bar and the deadline', async () => {
    const juror = jurors[0]!;
    const mine = (await pairs())
      .filter((p) => p.startsWith(`${juror.id}:`))
      .map((p) => Number(p.split(':')[1]));
    const page = await (await loggedIn(t.app, juror)).get('/jury').expect(200);
    for (const e of entries) {
      expect(page.text.includes(`href="/jury/entries/${e.id}"`)).toBe(mine.includes(e.id));
    }
    expect(page.text).toContain('<progress');
    expect(page.text).toContain('Deadline jurering: dinsdag 16 november 2027 om 10:00');
  });
});

describe('a submitter gets 403 on every jury page', () => {
  it('for every jury and jury-admin route, GET and POST', async () => {
    const submitter = await loggedIn(t.app, await createUser(t.db, { role: 'submitter' }));
    const juryRoutes = listRoutes(t.app as never).filter(
      (r) =>
        r.path.startsWith('/jury') ||
        /^\/admin\/editions\/:editionId\/(jury|conflicts|assignment|progress)(\/|$)/.test(r.path),
    );
    expect(juryRoutes.length).toBeGreaterThanOrEqual(20);
    const ids: Record<string, number> = {
      editionId: edition.id,
      entryId: entries[1]!.id,
      userId: jurors[0]!.id,
    };
    const token = await submitter.csrf('/account');
    for (const route of juryRoutes) {
      const path = route.path.replace(/:(\w+)/g, (_, name: string) => String(ids[name]));
      const res =
        route.method === 'GET'
          ? await submitter.get(path)
          : await submitter.agent.post(path).type('form').send({ _csrf: token });
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 403,
      });
    }
  });
});
