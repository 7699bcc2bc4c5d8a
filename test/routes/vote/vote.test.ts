import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Browser, csrfFrom, loggedIn } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { createVoteWorld, makeCodes, voteWith, type VoteWorld } from '../../helpers/vote';
import { hashCode, normaliseCode, WRONG_CODE_LIMIT } from '../../../src/vote/vote.rules';

let t: TestApp;
let admin: TestUser;
let organiser: Browser;
let w: VoteWorld;
let codes: string[];
const base = () => `/admin/editions/${w.edition.id}`;

async function post(path: string, fields: Record<string, string> = {}) {
  const page = await organiser.get(`${base()}/vote`);
  return organiser.agent
    .post(path)
    .type('form')
    .send({ ...fields, _csrf: csrfFrom(page.text) });
}

const ballots = async () =>
  (await t.db('audience_ballots').where({ edition_id: w.edition.id }).orderBy('code_id')).map((b) => ({
    codeId: Number(b.code_id),
    entryId: Number(b.entry_id),
  }));

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-20T19:00:00Z') });
  admin = await createUser(t.db, { role: 'admin', name: 'Olga Organisator' });
  organiser = await loggedIn(t.app, admin);
  w = await createVoteWorld(t, { admin });
});
afterAll(() => t.close());

describe('opening the vote', () => {
  it('refuses a period that is not a whole number of minutes (422) and keeps nothing', async () => {
    const res = await post(`${base()}/vote/open`, { minutes: 'tien' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Vul een aantal minuten in van 1 tot en met 1440.');
    expect(await t.db('audience_votes')).toHaveLength(0);
  });

  it('makes code cards before the vote opens: a PDF whose codes are stored only as hashes', async () => {
    codes = await makeCodes(organiser, w.edition.id, 12);
    expect(codes).toHaveLength(12);
    expect(new Set(codes).size).toBe(12);
    const stored = await t.db('audience_codes').where({ edition_id: w.edition.id });
    expect(stored).toHaveLength(12);
    const hashes = new Set(stored.map((r) => r.code_hash));
    for (const code of codes) expect(hashes.has(hashCode(normaliseCode(code)!))).toBe(true);
    const dump = JSON.stringify(stored);
    for (const code of codes) {
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(code.replace('-', ''));
    }
    const audit = await t.db('audit_events').where({ action: 'audience.codes' });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].after_json)).toEqual({ count: 12 });
  });

  it('refuses a vote before it is open (409)', async () => {
    const res = await voteWith(t, codes[0]!, w.finalists[0]!.id);
    expect(res.status).toBe(409);
    expect(res.text).toContain('Er is nu geen stemming open');
    expect(await ballots()).toEqual([]);
  });

  it('opens the vote on the nominees for the given minutes, once', async () => {
    const res = await post(`${base()}/vote/open`, { minutes: '15' });
    expect(res.status).toBe(303);
    const finalists = await t
      .db('audience_finalists')
      .where({ edition_id: w.edition.id })
      .orderBy('position');
    expect(finalists.map((f) => Number(f.entry_id)).sort()).toEqual(w.finalists.map((e) => e.id).sort());
    const vote = await t.db('audience_votes').where({ edition_id: w.edition.id }).first();
    expect(vote).toBeDefined();
    const again = await post(`${base()}/vote/open`, { minutes: '15' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('Deze stemming is al geopend.');
  });
});

describe('voting with a code', () => {
  it('shows the ballot with the code from the link filled in, and no ballot without the finalists', async () => {
    const phone = new Browser(t.app);
    const res = await phone.get(`/stem?code=${codes[0]!.toLowerCase().replace('-', '')}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain(`value="${codes[0]}"`);
    for (const f of w.finalists) expect(res.text).toContain(`value="${f.id}"`);
    expect(res.text).not.toContain(`value="${w.outsider.id}"`);
    // Small: no site chrome, no script, one small stylesheet.
    expect(res.text).not.toContain('<script');
    expect(Buffer.byteLength(res.text)).toBeLessThan(6000);
    const css = await phone.get('/assets/css/vote.css');
    expect(Buffer.byteLength(css.text)).toBeLessThan(4000);
  });

  it('counts one vote per code, and a second code separately', async () => {
    const first = await voteWith(t, codes[0]!, w.finalists[0]!.id);
    expect(first.status).toBe(200);
    expect(first.text).toContain('is geteld');
    const second = await voteWith(t, codes[1]!, w.finalists[1]!.id);
    expect(second.status).toBe(200);
    expect((await ballots()).map((b) => b.entryId)).toEqual([w.finalists[0]!.id, w.finalists[1]!.id]);
  });

  it('keeps one vote per code when the same code is sent many times at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => voteWith(t, codes[2]!, w.finalists[i % 2]!.id)),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const rows = (await ballots()).filter((b) => b.entryId !== undefined);
    expect(rows).toHaveLength(3);
    const codeRow = await t
      .db('audience_codes')
      .where({ code_hash: hashCode(normaliseCode(codes[2]!)!) })
      .first();
    expect(await t.db('audience_ballots').where({ code_id: codeRow.id })).toHaveLength(1);
  });

  it('lets a voter change the vote until it closes; the change replaces the vote', async () => {
    const changed = await voteWith(t, codes[0]!, w.finalists[2]!.id);
    expect(changed.status).toBe(200);
    expect(changed.text).toContain('Uw stem is gewijzigd');
    const same = await voteWith(t, codes[0]!, w.finalists[2]!.id);
    expect(same.text).toContain('stond al zo en telt één keer');
    const mine = (await ballots()).filter((b) => b.entryId === w.finalists[2]!.id);
    expect(mine).toHaveLength(1);
    expect(await t.db('audience_ballots').where({ edition_id: w.edition.id })).toHaveLength(3);
  });

  it('audits every vote without naming a person or an address', async () => {
    const events = await t
      .db('audit_events')
      .whereIn('action', ['audience.cast', 'audience.change'])
      .orderBy('id');
    const casts = events.filter((e) => e.action === 'audience.cast');
    const changes = events.filter((e) => e.action === 'audience.change');
    expect(casts).toHaveLength(3);
    expect(changes.length).toBeGreaterThanOrEqual(1);
    for (const e of events) {
      expect(e.actor_user_id).toBeNull();
      expect(`${e.before_json} ${e.after_json} ${e.reason}`).not.toMatch(
        /127\.0\.0\.1|::1|code_hash|[0-9A-Z]{5}-/,
      );
    }
    const last = changes[changes.length - 1]!;
    expect(JSON.parse(last.after_json).entryId).toBe(w.finalists[2]!.id);
    expect(JSON.parse(last.before_json).entryId).toBe(w.finalists[0]!.id);
  });

  it('refuses a choice that is not a finalist (422) and keeps the vote as it was', async () => {
    const before = await ballots();
    const res = await voteWith(t, codes[1]!, w.outsider.id);
    expect(res.status).toBe(422);
    expect(res.text).toContain('Kies een finalist.');
    const none = await voteWith(t, codes[1]!, '');
    expect(none.status).toBe(422);
    expect(await ballots()).toEqual(before);
  });
});

describe('wrong codes', () => {
  it('refuses a wrong code (422), counts it per address in the database, and blocks after the limit (429)', async () => {
    const phone = new Browser(t.app);
    const wrong = await voteWith(t, 'AAAAA-AAAAA', w.finalists[0]!.id, phone);
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Deze stemcode kennen we niet');
    const garbage = await voteWith(t, "x'; drop table audience_codes; --\u0000", w.finalists[0]!.id, phone);
    expect(garbage.status).toBe(422);
    const counter = await t.db('rate_limits').where('key', 'like', 'vote-code:%');
    expect(counter).toHaveLength(1);
    expect(Number(counter[0].hits)).toBe(2);
    for (let i = 2; i < WRONG_CODE_LIMIT; i++) {
      const res = await voteWith(t, `ZZZZZ-${String(i).padStart(5, '0')}`, w.finalists[0]!.id, phone);
      expect(res.status).toBe(422);
    }
    // Over the limit even a right code is not looked at.
    const blocked = await voteWith(t, codes[3]!, w.finalists[0]!.id, phone);
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('te veel onjuiste stemcodes');
    expect((await ballots()).length).toBe(3);
  });

  it('lets the address try again once the window has passed', async () => {
    t.clock.advance(10 * 60 * 1000 + 1000);
    const res = await voteWith(t, codes[3]!, w.finalists[0]!.id);
    expect(res.status).toBe(200);
    expect((await ballots()).length).toBe(4);
  });
});

describe('the projector', () => {
  it('hides the counts until the organiser reveals them; then shows them, counted from the database', async () => {
    const hidden = await organiser.get(`${base()}/projector/events`);
    expect(hidden.status).toBe(200);
    expect(hidden.body).toMatchObject({ state: 'open', visible: false, total: 4, counts: null });
    const page = await organiser.get(`${base()}/projector`);
    expect(page.text).toContain('4 stemmen');
    expect(page.text).toContain('<noscript><meta http-equiv="refresh" content="5"></noscript>');
    expect(page.text).not.toContain('<progress');
    expect((await post(`${base()}/vote/counts`, { visible: '1' })).status).toBe(303);
    const shown = await organiser.get(`${base()}/projector/events`);
    const expected: Record<string, number> = {};
    for (const f of w.finalists) expected[String(f.id)] = 0;
    for (const b of await ballots()) expected[String(b.entryId)]! += 1;
    expect(
      Object.fromEntries(
        Object.entries(shown.body.counts).map(([k, v]) => [k, (v as { count: number }).count]),
      ),
    ).toEqual(expected);
    expect((await organiser.get(`${base()}/projector`)).text).toContain('<progress');
  });

  it('streams each new vote to a connected projector within a second (Server-Sent Events)', async () => {
    const server = http.createServer(t.app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const jar = (
        organiser.agent as unknown as {
          jar: { getCookies(a: object): Array<{ name: string; value: string }> };
        }
      ).jar;
      const header = jar
        .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
        .map((c) => `${c.name}=${c.value}`)
        .join('; ');
      const controller = new AbortController();
      const res = await fetch(`http://127.0.0.1:${port}${base()}/projector/events`, {
        headers: { accept: 'text/event-stream', cookie: header },
        signal: controller.signal,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      const nextTotal = async (want: number, deadline: number) => {
        while (Date.now() < deadline) {
          const chunk = await Promise.race([
            reader.read(),
            new Promise<null>((r) => setTimeout(() => r(null), Math.max(1, deadline - Date.now()))),
          ]);
          if (!chunk || chunk.done) break;
          buffer += decoder.decode(chunk.value);
          for (const m of buffer.matchAll(/data: (.*)\n\n/g))
            if (JSON.parse(m[1]!).total === want) return true;
        }
        return false;
      };
      expect(await nextTotal(4, Date.now() + 2000)).toBe(true);
      const cast = await voteWith(t, codes[4]!, w.finalists[1]!.id);
      expect(cast.status).toBe(200);
      const sent = Date.now();
      expect(await nextTotal(5, sent + 1000)).toBe(true);
      controller.abort();
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('closing', () => {
  it('refuses votes once the organiser closed the vote (409), leaving the votes as they were', async () => {
    expect((await post(`${base()}/vote/close`)).status).toBe(303);
    const before = await ballots();
    const late = await voteWith(t, codes[0]!, w.finalists[1]!.id);
    expect(late.status).toBe(409);
    const fresh = await voteWith(t, codes[5]!, w.finalists[1]!.id);
    expect(fresh.status).toBe(409);
    expect(await ballots()).toEqual(before);
    expect((await post(`${base()}/vote/close`)).status).toBe(409);
    expect((await post(`${base()}/vote/codes`, { count: '5' })).status).toBe(409);
  });

  it('answers anyone but organisers with 404 on the vote and the projector', async () => {
    const stranger = new Browser(t.app);
    for (const path of ['/vote', '/projector', '/projector/events'])
      expect((await stranger.get(`${base()}${path}`)).status).toBe(404);
    const juror = await loggedIn(t.app, await createUser(t.db, { role: 'juror' }));
    expect((await juror.get(`${base()}/vote`)).status).toBe(404);
  });
});

describe('a vote that closes by the clock', () => {
  it('refuses a vote sent after the period ended', async () => {
    const other = await createVoteWorld(t, { admin, year: 2031, nominees: 2 });
    const url = `/admin/editions/${other.edition.id}`;
    const page = await organiser.get(`${url}/vote`);
    await organiser.agent
      .post(`${url}/vote/open`)
      .type('form')
      .send({ minutes: '5', _csrf: csrfFrom(page.text) });
    const [code] = await makeCodes(organiser, other.edition.id, 1);
    expect((await voteWith(t, code!, other.finalists[0]!.id)).status).toBe(200);
    t.clock.advance(5 * 60 * 1000);
    const late = await voteWith(t, code!, other.finalists[1]!.id);
    expect(late.status).toBe(409);
    expect(late.text).toContain('De stemming is gesloten');
    const row = await t.db('audience_ballots').where({ edition_id: other.edition.id });
    expect(row.map((r) => Number(r.entry_id))).toEqual([other.finalists[0]!.id]);
  });
});

describe('the reveal', () => {
  it('reveals the audience prize in the ceremony after the nominees and before the jury prize', async () => {
    await t.db('result_decisions').insert({
      edition_id: w.edition.id,
      winner_entry_id: w.finalists[1]!.id,
      motivation: 'Overtuigend en overdraagbaar.',
      aggregation: 'mean',
      decided_by_user_id: admin.id,
      decided_at: t.clock.now(),
    });
    const counts = new Map<number, number>();
    for (const b of await ballots()) counts.set(b.entryId, (counts.get(b.entryId) ?? 0) + 1);
    const most = Math.max(...counts.values());
    const winners = w.finalists.filter((f) => counts.get(f.id) === most);
    const page = await organiser.get(`${base()}/ceremony?step=4`);
    expect(page.status).toBe(200);
    const order = [...page.text.matchAll(/ip-stage__step--(\w+)" data-step-index="(\d+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['opening', 'nominee', 'nominee', 'nominee', 'audience', 'drumroll', 'winner']);
    const audienceStep = page.text
      .split('ip-stage__step--audience')[1]!
      .split('ip-stage__step--drumroll')[0]!;
    expect(audienceStep).toContain('Winnaar van de publieksprijs');
    const names = await t
      .db('entries as e')
      .join('organisations as o', 'o.id', 'e.organisation_id')
      .whereIn(
        'e.id',
        winners.map((f) => f.id),
      )
      .pluck('o.name');
    for (const name of names) expect(audienceStep).toContain(name);
    expect(audienceStep).toContain(`${most} stemmen`);
  });

  it('shows both prizes on the public winner page once announced, and nothing before', async () => {
    const visitor = new Browser(t.app);
    expect((await visitor.get(`/edities/${w.edition.year}/winnaar`)).status).toBe(404);
    await t
      .db('result_decisions')
      .where({ edition_id: w.edition.id })
      .update({ announced_at: t.clock.now() });
    await t.db('editions').where({ id: w.edition.id }).update({ phase: 'announced' });
    const page = await visitor.get(`/edities/${w.edition.year}/winnaar`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Overtuigend en overdraagbaar.');
    expect(page.text).toContain('Winnaar van de publieksprijs');
    expect(page.text).toMatch(/Uitgebrachte stemmen: 5/);
  });
});
