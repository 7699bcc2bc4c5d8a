/**
 * The one way the app sends mail: each mail is first recorded in `mail_outbox` (recipient, subject, template, the
 * rendered text), then handed to the transport (mailer.ts). A mail the transport refuses is kept as `retrying` and
 * tried again after a growing delay (outbox.rules.ts) by `retryDue`, which the server runs every minute and the
 * organiser's outbox page can start; after the last attempt it is `failed`, and shown so.
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Clock } from '../shared/clock';
import type { Mailer } from './mailer';
import {
  claimForRetry,
  insertMail,
  listDue,
  recordAttempt,
  type MailAttachment,
  type OutboxMail,
} from './outbox.repo';
import { errorLine, nextAttemptAt } from './outbox.rules';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Which mail this is (a catalogue key prefix such as `jury.mail.invite`), for the outbox page. */
  template: string;
  attachments?: MailAttachment[];
  /** Where a reply goes, when not to the sender. */
  replyTo?: string;
  /**
   * The text holds a secret that must not be kept beside the address (an audience-vote code: nothing may link a code
   * to a person). The outbox records the mail without its text, and cannot retry it: a refused one is `failed`.
   */
  secret?: boolean;
}

/** What the outbox keeps as the text of a secret mail. */
export const SECRET_BODY = '—';

/** `sent`: delivered to the mail server; `retrying`: recorded, the server refused it, tried again later. */
export type MailOutcome = 'sent' | 'retrying' | 'failed';

export interface Outbox {
  send(mail: OutgoingMail): Promise<MailOutcome>;
  /** Tries every waiting mail whose moment has come once; returns how many went out and how many did not. */
  retryDue(): Promise<{ sent: number; notSent: number }>;
}

export function createOutbox(deps: { db: Knex; transport: Mailer; clock: Clock; logger: Logger }): Outbox {
  const { db, transport, clock, logger } = deps;

  /** One attempt of a recorded mail (status `sending`); records what happened. */
  async function attempt(
    mail: Pick<OutboxMail, 'id' | 'to' | 'replyTo' | 'subject' | 'body' | 'attachments' | 'attempts'>,
    canRetry = true,
  ) {
    const attempts = mail.attempts + 1;
    try {
      await transport.send({
        to: mail.to,
        subject: mail.subject,
        text: mail.body,
        ...(mail.attachments.length ? { attachments: mail.attachments } : {}),
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      });
      await recordAttempt(db, {
        id: mail.id,
        status: 'sent',
        attempts,
        error: null,
        nextAttemptAt: null,
        now: clock.now(),
      });
      return 'sent' as const;
    } catch (err) {
      const now = clock.now();
      const next = canRetry ? nextAttemptAt(attempts, now) : null;
      const status = next ? 'retrying' : 'failed';
      await recordAttempt(db, {
        id: mail.id,
        status,
        attempts,
        error: errorLine(err),
        nextAttemptAt: next,
        now,
      });
      logger.error(
        { err, mailId: mail.id, attempts },
        next ? 'mail failed, will retry' : 'mail failed for good',
      );
      return status;
    }
  }

  return {
    async send(mail) {
      const attachments = mail.attachments ?? [];
      const id = await insertMail(db, {
        to: mail.to,
        replyTo: mail.replyTo ?? null,
        subject: mail.subject,
        template: mail.template,
        body: mail.secret ? SECRET_BODY : mail.text,
        attachments,
        now: clock.now(),
      });
      return attempt(
        {
          id,
          to: mail.to,
          replyTo: mail.replyTo ?? null,
          subject: mail.subject,
          body: mail.text,
          attachments,
          attempts: 0,
        },
        !mail.secret,
      );
    },

    async retryDue() {
      let sent = 0;
      let notSent = 0;
      for (const mail of await listDue(db, clock.now())) {
        if (!(await claimForRetry(db, { id: mail.id, attempts: mail.attempts, now: clock.now() }))) continue;
        if ((await attempt(mail)) === 'sent') sent += 1;
        else notSent += 1;
      }
      return { sent, notSent };
    },
  };
}
