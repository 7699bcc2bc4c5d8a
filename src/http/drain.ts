import type { Request } from 'express';

/**
 * Reads and discards the rest of a request body (an upload refused before it was read), so the client gets the
 * answer instead of a reset connection.
 */
export function drain(req: Request): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    req.once('end', resolve);
    req.once('close', resolve);
    req.once('error', resolve);
    req.resume();
  });
}
