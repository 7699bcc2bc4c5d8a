import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface SunkAttachment {
  filename: string;
  contentType: string;
  /** The attachment's bytes as UTF-8 text (calendar files, CSV). */
  content: string;
}

export interface SunkMail {
  to: string[];
  subject: string;
  text: string;
  /** Every attachment as received, decoded from its transfer encoding. */
  attachments: SunkAttachment[];
}

/** A real SMTP server on a random local port that keeps every mail it receives, for tests to read. */
export class SmtpSink {
  readonly mails: SunkMail[] = [];
  /** While true the server refuses every recipient (451), as a mail server that is down or full would. */
  refusing = false;
  private waiters: Array<() => void> = [];
  private server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo: (_address, _session, callback) => {
      if (this.refusing) return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
      callback();
    },
    onData: (stream, _session, callback) => {
      simpleParser(stream)
        .then((parsed) => {
          const to = [parsed.to].flat().flatMap((a) => (a ? a.value.map((v) => v.address ?? '') : []));
          this.mails.push({
            to,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            attachments: parsed.attachments.map((a) => ({
              filename: a.filename ?? '',
              contentType: a.contentType,
              content: a.content.toString('utf8'),
            })),
          });
          this.waiters.splice(0).forEach((w) => w());
          callback();
        })
        .catch(callback);
    },
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The newest mail to this address, waiting up to `timeoutMs` for it to arrive. */
  async waitForMail(to: string, timeoutMs = 5000): Promise<SunkMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = [...this.mails]
        .reverse()
        .find((m) => m.to.includes(to.toLowerCase()) || m.to.includes(to));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `No mail to ${to} within ${timeoutMs} ms (have: ${this.mails.map((m) => m.to.join(',')).join('; ')})`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  mailsTo(to: string): SunkMail[] {
    return this.mails.filter((m) => m.to.includes(to));
  }
}

export function linkIn(mail: SunkMail, pathPrefix: string): string {
  const match = mail.text.match(new RegExp(`https?://[^\\s]+${pathPrefix.replace(/\//g, '\\/')}[^\\s]*`));
  if (!match) throw new Error(`No link with ${pathPrefix} in mail: ${mail.text}`);
  return match[0];
}
