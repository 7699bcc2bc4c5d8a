import crypto from 'node:crypto';
import { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare module 'http' {
  interface IncomingMessage {
    /** This request's logger: every line carries the request id that the response sends as X-Request-Id. */
    log: Logger;
  }
}

const APP_LOGGER = Symbol('appLogger');
const REQUEST_ID = Symbol('requestId');
const CHILD = Symbol('childLogger');
type Logged = IncomingMessage & { [APP_LOGGER]?: Logger; [REQUEST_ID]?: string; [CHILD]?: Logger };

// One getter for all requests (defining a property per request was a measurable part of a cached page). A message
// that never passed the middleware (an http client's response) has no logger; one set by other code is kept.
Object.defineProperty(IncomingMessage.prototype, 'log', {
  configurable: true,
  get(this: Logged): Logger | undefined {
    const app = this[APP_LOGGER];
    return (this[CHILD] ??= app?.child({ reqId: this[REQUEST_ID] }));
  },
  set(this: Logged, value: Logger) {
    this[CHILD] = value;
  },
});

/**
 * Request id, a per-request logger and one "request completed" line per response. The child logger is only made
 * when something logs: at level warn (production's quiet setting) a request that goes well costs nothing here,
 * where pino-http built a child logger and its serializers for every request.
 */
export function requestLog(logger: Logger): RequestHandler {
  const logsRequests = logger.isLevelEnabled('info');
  return (req, res, next) => {
    const id = crypto.randomUUID();
    res.setHeader('X-Request-Id', id);
    (req as Logged)[APP_LOGGER] = logger;
    (req as Logged)[REQUEST_ID] = id;
    // Only the path is logged: query strings can hold tokens. Static files are not logged at all.
    if (logsRequests && !req.url.startsWith('/assets/')) {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        req.log.info(
          {
            method: req.method,
            path: req.originalUrl.split('?')[0],
            status: res.statusCode,
            ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
          },
          'request completed',
        );
      });
    }
    next();
  };
}
