import type { TFunction } from 'i18next';
import type { AppContext } from '../context';
import { DEFAULT_LANGUAGE, type Lng } from '../i18n/i18n';

export interface Recipient {
  email: string;
  name: string;
  language: Lng | null;
}

type Deps = Pick<AppContext, 'mailer' | 'i18n' | 'logger'>;

/**
 * One mail per person, each in the person's own language, after the change it reports has been committed. A
 * failing address is logged and does not keep the others from their mail; the change itself stands.
 */
export async function mailEach(
  deps: Deps,
  recipients: readonly Recipient[],
  compose: (
    t: TFunction,
    recipient: Recipient,
    lng: Lng,
  ) => { subject: string; text: string; replyTo?: string },
): Promise<void> {
  const seen = new Set<string>();
  for (const recipient of recipients) {
    const address = recipient.email.toLowerCase();
    if (seen.has(address)) continue;
    seen.add(address);
    const lng = recipient.language ?? DEFAULT_LANGUAGE;
    try {
      const { subject, text, replyTo } = compose(deps.i18n.getFixedT(lng), recipient, lng);
      await deps.mailer.send({ to: recipient.email, subject, text, ...(replyTo ? { replyTo } : {}) });
    } catch (err) {
      deps.logger.error({ err, to: recipient.email }, 'mail failed');
    }
  }
}
