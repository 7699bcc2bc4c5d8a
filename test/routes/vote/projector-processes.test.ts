import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Knex } from 'knex';
import pino from 'pino';
import { createApp } from '../../../src/app';
import { openDb } from '../../../src/db/db';
import { loggedIn } from '../../helpers/agent';
import { createUser } from '../../helpers/factories';
import { makeTestApp, type TestApp } from '../../helpers/test-app';
import { createVoteWorld, makeCodes, voteWith, type VoteWorld } from '../../helpers/vote';

/**
 * The projector is served by one app process while the room's votes arrive at another (the cluster, or two servers
 * on one database): it hears them through the write signal and shows each within a second.
 */
let t: TestApp;
let otherDb: Knex;
let otherApp: Express;
let w: VoteWorld;

beforeAll(async () => {
  t = await makeTestApp({ writeSignal: true });
  otherDb = openDb(t.config);
  otherApp = createApp({ config: t.config, db: otherDb, clock: t.clock, logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await otherDb.destroy();
  await t.close();
});

it('shows a vote cast through another app process within a second', async () => {
  const admin = await createUser(t.db, { role: 'admin' });
  const organiser = await loggedIn(t.app, admin);
  w = await createVoteWorld(t, { admin, year: 2040 });
  const page = await organiser.get(`/admin/editions/${w.edition.id}/vote`);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
  await organiser.agent
    .post(`/admin/editions/${w.edition.id}/vote/open`)
    .type('form')
    .send({ minutes: '10', _csrf: token });
  const codes = await makeCodes(organiser, w.edition.id, 3);

  const server = http.createServer(t.app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const controller = new AbortController();
  try {
    const jar = (
      organiser.agent as unknown as { jar: { getCookies(a: object): Array<{ name: string; value: string }> } }
    ).jar;
    const cookie = jar
      .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    const res = await fetch(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin/editions/${w.edition.id}/projector/events`,
      { headers: { accept: 'text/event-stream', cookie }, signal: controller.signal },
    );
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const waitForTotal = async (want: number, ms: number) => {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        const chunk = await Promise.race([
          reader.read(),
          new Promise<null>((r) => setTimeout(() => r(null), Math.max(1, deadline - Date.now()))),
        ]);
        if (!chunk || chunk.done) break;
        buffer += decoder.decode(chunk.value);
        for (const m of buffer.matchAll(/data: (.*)\n\n/g)) if (JSON.parse(m[1]!).total === want) return true;
      }
      return false;
    };
    expect(await waitForTotal(0, 2000)).toBe(true);
    for (const [i, code] of codes.entries()) {
      const cast = await voteWith({ ...t, app: otherApp }, code, w.finalists[i % 2]!.id);
      expect(cast.status).toBe(200);
      expect(await waitForTotal(i + 1, 1000)).toBe(true);
    }
    expect(await t.db('audience_ballots').where({ edition_id: w.edition.id })).toHaveLength(3);
  } finally {
    controller.abort();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
