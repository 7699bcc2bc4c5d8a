import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { requestLog } from '../../../src/http/request-log';

/** Two apps with their own loggers in one process, as in the tests: each request logs to its own app's logger. */
function appWith(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const app = express();
  app.use(requestLog(logger));
  app.get('/work', (req, res) => {
    req.log.warn({ step: 'inside' }, 'working');
    res.send('ok');
  });
  return { app, lines };
}

describe('requestLog', () => {
  it('gives each request an id, logs its lines with it, and one completion line without the query string', async () => {
    const a = appWith('info');
    const b = appWith('info');
    const resA = await request(a.app).get('/work?token=geheim').expect(200);
    const resB = await request(b.app).get('/work').expect(200);
    const idA = resA.headers['x-request-id'];
    expect(idA).toMatch(/^[0-9a-f-]{36}$/);
    expect(idA).not.toBe(resB.headers['x-request-id']);
    expect(a.lines.map((l) => [l.msg, l.reqId])).toEqual([
      ['working', idA],
      ['request completed', idA],
    ]);
    expect(a.lines[1]).toMatchObject({ method: 'GET', path: '/work', status: 200 });
    expect(JSON.stringify(a.lines)).not.toContain('geheim');
    expect(b.lines.every((l) => l.reqId === resB.headers['x-request-id'])).toBe(true);
  });

  it('writes no completion line at level warn, but still the warnings, with the id', async () => {
    const quiet = appWith('warn');
    const res = await request(quiet.app).get('/work').expect(200);
    expect(quiet.lines.map((l) => [l.msg, l.reqId])).toEqual([['working', res.headers['x-request-id']]]);
  });
});
