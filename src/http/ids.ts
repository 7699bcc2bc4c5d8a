/**
 * A database id from a route parameter or form field: digits only, at most nine (so it fits every integer column
 * and never becomes a float). Anything else is null, which routes answer with 404 or a form error.
 */
export function parseId(value: unknown): number | null {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : null;
}
