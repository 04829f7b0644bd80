import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/** A received mail, with its raw source decoded enough to read codes and links. */
export interface ReceivedMail {
  to: string[];
  raw: string;
  /** The source with quoted-printable soft breaks and escapes undone. */
  text: string;
}

/** A real SMTP server on loopback that keeps what it receives, for tests that read codes from mails. */
export class MailCatcher {
  readonly mails: ReceivedMail[] = [];
  private waiters: Array<() => void> = [];
  private server: SMTPServer | null = null;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const text = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
          this.mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, text });
          for (const w of this.waiters.splice(0)) w();
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  env(): Record<string, string> {
    return { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(this.port), SMTP_FROM: 'Gerbang <no-reply@example.com>' };
  }

  /**
   * Waits for the next mail to `to` received after `since` mails (default: after the current count),
   * of those that `match` (e.g. carrying a code: a new-device notice may come in between).
   */
  async next(to: string, since = this.mails.length, match: (mail: ReceivedMail) => boolean = () => true): Promise<ReceivedMail> {
    for (;;) {
      const found = this.mails.slice(since).find((m) => m.to.includes(to) && match(m));
      if (found) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  count(to: string): number {
    return this.mails.filter((m) => m.to.includes(to)).length;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Whether a mail carries a one-time code (not a notice). */
export const hasCode = (mail: ReceivedMail): boolean => /: (\d{6})\s/.test(mail.text);

export const codeIn = (mail: ReceivedMail): string => {
  const m = /: (\d{6})\s/.exec(mail.text);
  if (!m) throw new Error('no code in mail');
  return m[1];
};

export const linkIn = (mail: ReceivedMail): string => {
  const m = /(http:\/\/[^\s"<]+\/callback\?token=[A-Za-z0-9_-]+)/.exec(mail.text);
  if (!m) throw new Error('no link in mail');
  return m[1];
};
