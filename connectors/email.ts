import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../engine/logger.js';
import type { EmailMessage, EmailTransport } from '../engine/notifications/transports.js';
import { writeToOutbox } from './outbox.js';

export type { EmailMessage };

/** `smtp` when mails really leave, `outbox` when they are written to the data directory. */
export interface EmailConnector extends EmailTransport {
  readonly mode: 'smtp' | 'outbox';
}

export interface EmailConfig {
  smtpUrl?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  from: string;
  dataDir: string;
}

/** Email over SMTP (nodemailer); without SMTP configured, each mail becomes a .eml file in the outbox. */
export function createEmailConnector(config: EmailConfig, logger: Logger): EmailConnector {
  const smtp: Transporter | null = config.smtpUrl
    ? nodemailer.createTransport(config.smtpUrl)
    : config.host
      ? nodemailer.createTransport({
          host: config.host,
          port: config.port ?? 587,
          secure: config.port === 465,
          auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
        })
      : null;
  if (smtp) {
    return {
      mode: 'smtp',
      async send(message) {
        await smtp.sendMail({ from: config.from, ...message });
      },
    };
  }
  const rendering = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    mode: 'outbox',
    async send(message) {
      const info = await rendering.sendMail({ from: config.from, ...message });
      const file = writeToOutbox(config.dataDir, 'eml', info.message as Buffer);
      logger.info('email written to outbox (no SMTP configured)', { to: message.to, subject: message.subject, file });
    },
  };
}
