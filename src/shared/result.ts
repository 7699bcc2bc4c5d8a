import type { Knex } from 'knex';

/**
 * What every service returns: `ok` with a value, or a refusal from a closed set. The route maps a refusal to its
 * status in one place (http/render.ts): 403 forbidden, 404 not found, 409 conflict (a stale form, a decision
 * someone else made first), 422 invalid (the form re-rendered with its errors).
 */

/** A form error: which field (its id, for the error summary link) and the catalogue key of the message. */
export interface FieldError {
  field: string;
  messageKey: string;
  params?: Record<string, unknown>;
}

export type RefusalKind = 'forbidden' | 'notFound' | 'conflict' | 'invalid';

export const REFUSAL_STATUS: Record<RefusalKind, 403 | 404 | 409 | 422> = {
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  invalid: 422,
};

export interface Refusal {
  ok: false;
  refusal: RefusalKind;
  errors: FieldError[];
}

export type Result<T = void> = { ok: true; value: T } | Refusal;

export function ok(): Result<void>;
export function ok<T>(value: T): Result<T>;
export function ok<T>(value?: T): Result<T | undefined> {
  return { ok: true, value };
}

/** A refusal with one message (on the form as a whole unless a field is named). */
export function refuse(
  refusal: RefusalKind,
  messageKey: string,
  options: { field?: string; params?: Record<string, unknown> } = {},
): Refusal {
  return {
    ok: false,
    refusal,
    errors: [{ field: options.field ?? 'form', messageKey, params: options.params }],
  };
}

/** A refusal with the errors of a form: 422. */
export function invalid(errors: FieldError[]): Refusal {
  return { ok: false, refusal: 'invalid', errors };
}

/** Carries a refusal out of a transaction, so that the transaction rolls back. */
class Rollback extends Error {
  constructor(readonly refusal: Refusal) {
    super('refused');
  }
}

/**
 * Runs `work` in one transaction that commits only when it returns `ok`: a refusal rolls back everything the work
 * wrote before it found the problem, so nothing is left half-written.
 */
export async function inTransaction<T>(
  db: Knex,
  work: (trx: Knex.Transaction) => Promise<Result<T>>,
): Promise<Result<T>> {
  try {
    return await db.transaction(async (trx) => {
      const result = await work(trx);
      if (!result.ok) throw new Rollback(result);
      return result;
    });
  } catch (err) {
    if (err instanceof Rollback) return err.refusal;
    throw err;
  }
}
