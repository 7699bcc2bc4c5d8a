/**
 * An error with an HTTP status and a catalogue key for the message the user sees. Thrown anywhere; rendered by
 * the one error handler (http/error-handler.ts).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly messageKey?: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(messageKey ?? `HTTP ${status}`);
    this.name = 'HttpError';
  }
}

export const notFound = () => new HttpError(404);
export const forbidden = () => new HttpError(403);
