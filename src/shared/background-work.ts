import type { Logger } from 'pino';

/**
 * Work a request starts after its answer went out (a reset mail, so the reply time says nothing about an account).
 * Whoever closes the database first waits for it to settle, so it is never cut off halfway or left writing to a
 * closed pool; a failure is logged, never thrown at a request that has already been answered.
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  start(what: string, work: () => Promise<unknown>): void {
    const done: Promise<void> = Promise.resolve()
      .then(work)
      .then(
        () => undefined,
        (err: unknown) => this.logger.error({ err }, `${what} failed`),
      )
      .finally(() => this.running.delete(done));
    this.running.add(done);
  }

  /** Resolves once nothing is running, including work started by work that was running. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
