import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from './errors';
import { parseId } from './ids';

/**
 * Records loaded from route parameters, in one typed place on the request: `req.loaded`. Each domain adds its
 * records to this interface (declaration merging) next to its loader.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the domains
export interface Loaded {}

declare module 'express-serve-static-core' {
  interface Request {
    loaded: Partial<Loaded>;
  }
}

/**
 * A loader for `:<param>`: parses the id, loads the record for this user, and puts it at `req.loaded[key]`. A
 * malformed id, a missing record or one the user may not see are all 404, so nobody learns what exists. Put it
 * after the route's guard: an anonymous visitor is sent to the login page before anything is looked up.
 */
export function loader<K extends keyof Loaded>(
  param: string,
  key: K,
  load: (id: number, req: Request) => Promise<Loaded[K] | undefined>,
): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const id = parseId(req.params[param]);
    if (id === null) return next(new HttpError(404));
    load(id, req).then((record) => {
      if (record === undefined) return next(new HttpError(404));
      req.loaded ??= {};
      req.loaded[key] = record;
      next();
    }, next);
  };
}

/** The record a loader put on the request; a route without that loader is a programming error (500). */
export function loaded<K extends keyof Loaded>(req: Request, key: K): Loaded[K] {
  const record = req.loaded?.[key];
  if (record === undefined) throw new Error(`No ${String(key)} loaded for ${req.method} ${req.path}`);
  return record as Loaded[K];
}
