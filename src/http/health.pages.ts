import type { AppContext } from '../context';
import { databaseAnswers } from './health.repo';

/** The health check's answer: ok while the database answers, else unavailable (the route sends it as 503). */
export async function healthStatus(deps: Pick<AppContext, 'db'>): Promise<{ status: 'ok' | 'unavailable' }> {
  return { status: (await databaseAnswers(deps.db)) ? 'ok' : 'unavailable' };
}
