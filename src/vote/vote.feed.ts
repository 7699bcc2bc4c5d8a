/**
 * The projector's live count: Server-Sent Events, one feed per edition shared by every projector connected to this
 * process. While someone watches, the feed looks four times a second whether anything was written (the write
 * counter, which also moves when another app process commits: db/write-signal.ts) and then counts again from the
 * database; at least once a second it counts anyway, since a vote closes by the clock. A snapshot is sent only when
 * it differs from the last one.
 */
import type { Response } from 'express';
import type { AppContext } from '../context';
import { projectorSnapshot } from './vote.pages';

interface Channel {
  clients: Set<Response>;
  last: string;
  generation: number;
  countedAt: number;
  busy: boolean;
  timer: NodeJS.Timeout;
}

export function createVoteFeed(
  ctx: Pick<AppContext, 'db' | 'clock' | 'writeGeneration' | 'logger'>,
  options: { intervalMs?: number; heartbeatMs?: number } = {},
) {
  const intervalMs = options.intervalMs ?? 250;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const channels = new Map<number, Channel>();

  const send = (res: Response, data: string) => res.write(`data: ${data}\n\n`);

  const refresh = async (editionId: number, channel: Channel, force: boolean) => {
    const generation = ctx.writeGeneration();
    const wallNow = Date.now();
    if (!force && (channel.busy || (generation === channel.generation && wallNow - channel.countedAt < 1000)))
      return;
    channel.busy = true;
    channel.generation = generation;
    channel.countedAt = wallNow;
    try {
      const data = JSON.stringify(await projectorSnapshot(ctx, { editionId, now: ctx.clock.now() }));
      if (data !== channel.last || force) {
        channel.last = data;
        for (const res of channel.clients) send(res, data);
      }
    } catch (err) {
      ctx.logger.warn({ err }, 'projector feed: count failed');
    } finally {
      channel.busy = false;
    }
  };

  return {
    /** Streams the snapshots of this edition's vote to `res` until the client goes away. */
    subscribe(editionId: number, res: Response): void {
      res.status(200);
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Accel-Buffering', 'no');
      res.flushHeaders();
      res.write('retry: 2000\n\n');
      let channel = channels.get(editionId);
      if (!channel) {
        const created: Channel = {
          clients: new Set(),
          last: '',
          generation: -1,
          countedAt: 0,
          busy: false,
          timer: setInterval(() => void refresh(editionId, created, false), intervalMs),
        };
        created.timer.unref();
        channels.set(editionId, created);
        channel = created;
      }
      const current = channel;
      current.clients.add(res);
      if (current.last) send(res, current.last);
      else void refresh(editionId, current, true);
      const heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
      heartbeat.unref();
      res.on('close', () => {
        clearInterval(heartbeat);
        current.clients.delete(res);
        if (current.clients.size === 0) {
          clearInterval(current.timer);
          channels.delete(editionId);
        }
      });
    },
    /** Projectors connected to this process (for tests). */
    size: () => [...channels.values()].reduce((n, c) => n + c.clients.size, 0),
  };
}
