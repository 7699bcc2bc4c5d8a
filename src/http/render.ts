import type { Response } from 'express';
import { REFUSAL_STATUS, type FieldError, type Refusal } from '../shared/result';
import { HttpError } from './errors';

/** A service's refusal that is not a form to show again: 403, 404 or 409 with its message, for the error page. */
export function refusalToError(refusal: Refusal): HttpError {
  const first = refusal.errors[0];
  return new HttpError(REFUSAL_STATUS[refusal.refusal], first?.messageKey, first?.params ?? {});
}

/**
 * The one way a form is shown again with its errors: status 422 (or the given one), the errors for the summary and
 * the fields, and what the person entered (never a password: the caller leaves it out of `values`).
 */
export function renderForm(
  res: Response,
  view: string,
  locals: Record<string, unknown> & {
    title: string;
    errors: FieldError[];
    values?: Record<string, unknown>;
    status?: number;
  },
): void {
  const { status, ...rest } = locals;
  res.status(status ?? (locals.errors.length ? 422 : 200)).render(view, { values: {}, ...rest });
}

/**
 * The one place a service's refusal becomes a response: an invalid form is shown again through `showForm`, every
 * other refusal (403, 404, 409) is thrown to the error handler as its page.
 */
export async function answerRefusal(
  refusal: Refusal,
  showForm?: (errors: FieldError[]) => unknown,
): Promise<void> {
  if (refusal.refusal === 'invalid' && showForm) {
    await showForm(refusal.errors);
    return;
  }
  throw refusalToError(refusal);
}
