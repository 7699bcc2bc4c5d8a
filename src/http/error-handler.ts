import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError } from './errors';

/** Last in the chain: nothing matched. */
export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new HttpError(404));

const KNOWN = new Set([400, 403, 404, 405, 409, 410, 413, 415, 422, 429, 500, 503, 507]);

/**
 * Storage that cannot take more: a full disk (the file system or SQLite) is 507 Insufficient Storage; a folder the
 * app may not write (read-only, permissions) is 503, a fault of the installation, not of the request.
 */
function storageStatus(e: { code?: unknown; syscall?: unknown }): number | null {
  if (e.code === 'ENOSPC' || e.code === 'SQLITE_FULL' || e.code === 'EDQUOT') return 507;
  if (typeof e.syscall === 'string' && ['EROFS', 'EACCES', 'EPERM'].includes(String(e.code))) return 503;
  if (e.code === 'SQLITE_READONLY') return 503;
  return null;
}

function statusOf(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  const e = err as {
    status?: unknown;
    statusCode?: unknown;
    type?: unknown;
    code?: unknown;
    syscall?: unknown;
  };
  if (e?.code === 'EBADCSRFTOKEN') return 403;
  const storage = e ? storageStatus(e) : null;
  if (storage) return storage;
  const s = Number(e?.status ?? e?.statusCode);
  return s >= 400 && s < 600 ? s : 500;
}

/**
 * The one place errors become pages: the right status, a translated message, never a stack trace. Body-parser
 * errors (too large, malformed) arrive with their own status and are shown as such.
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const status = statusOf(err);
  if (status >= 500) req.log?.error({ err }, 'request failed');
  else req.log?.info({ status, reason: (err as Error)?.message }, 'request refused');
  if (res.headersSent) return res.end();
  const shown = KNOWN.has(status) ? status : status >= 500 ? 500 : 400;
  const isCsrf = (err as { code?: unknown })?.code === 'EBADCSRFTOKEN';
  const messageKey =
    err instanceof HttpError && err.messageKey
      ? err.messageKey
      : isCsrf
        ? 'errors.csrf.message'
        : shown === 503 && storageStatus(err as object) === 503
          ? 'errors.503.storage'
          : `errors.${shown}.message`;
  const params = err instanceof HttpError ? err.params : {};
  res.status(status);
  if (typeof req.t !== 'function') return res.type('text/plain').send(`Error ${status}`);
  const wantsJson = !req.accepts('html') && req.accepts('json');
  if (wantsJson) return res.json({ error: req.t ? req.t(messageKey, params) : messageKey });
  res.render(
    'errors/error',
    { title: req.t(`errors.${shown}.title`), status: shown, messageKey, params },
    (renderErr, html) => {
      if (renderErr) {
        req.log?.error({ err: renderErr }, 'error page failed to render');
        return res.type('text/plain').send(`Error ${status}`);
      }
      res.send(html);
    },
  );
};
