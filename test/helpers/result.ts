import type { Result } from '../../src/shared/result';

/** The value of a service result a test's set-up expects to succeed; a refusal fails the set-up loudly. */
export function okValue<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Refused (${result.refusal}): ${JSON.stringify(result.errors)}`);
  return result.value;
}
