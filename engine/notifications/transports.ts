/**
 * The transports the engine sends messages through. Connectors implement them (SMTP, an SMS HTTP
 * API, the outbox directory); they carry finished messages and know nothing of pages or wording.
 */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface EmailTransport {
  /** How mails leave, for the logs: e.g. `smtp`, or `outbox` when they are written to the data directory. */
  readonly mode: string;
  send(message: EmailMessage): Promise<void>;
}

export interface SmsMessage {
  to: string;
  text: string;
}

export interface SmsTransport {
  /** How messages leave, for the logs: e.g. `http`, or `outbox`. */
  readonly mode: string;
  send(message: SmsMessage): Promise<void>;
}
