import type { RequestHandler } from 'express';
import { parseId } from '../http/ids';
import type { Knex } from 'knex';
import { HttpError } from '../http/errors';
import { findEdition } from './edition.repo';
import type { Edition } from './edition.types';

declare module 'express-serve-static-core' {
  interface Request {
    edition?: Edition;
  }
}

/**
 * Loads the edition named by :editionId into req.edition, or answers 404. Placed after the route's guard, so
 * strangers learn nothing about which ids exist.
 */
export function loadEdition(db: Knex): RequestHandler {
  return (req, _res, next) => {
    const id = parseId(req.params.editionId);
    if (id === null) return next(new HttpError(404));
    findEdition(db, id).then((edition) => {
      if (!edition) return next(new HttpError(404));
      req.edition = edition;
      next();
    }, next);
  };
}
