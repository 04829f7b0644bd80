import { html } from '../hosted/html.js';
import type { EmailMessage, EmailTransport } from '../notifications/transports.js';
import { DEFAULT_LANGUAGE } from '../languages.js';

const texts: Record<string, Record<string, string>> = {
  en: {
    subject: '{org} invites you to {app}',
    body: '{org} invites you to join them on {app}. Open this link to accept, with a new or your existing account for {email}:',
    expiry: 'The invitation works once and expires in {days} days.',
    ignore: 'If you do not know {org}, you can ignore this message.',
  },
  id: {
    subject: '{org} mengundang Anda ke {app}',
    body: '{org} mengundang Anda bergabung di {app}. Buka tautan ini untuk menerima, dengan akun baru atau akun Anda yang sudah ada untuk {email}:',
    expiry: 'Undangan ini hanya sekali pakai dan berlaku {days} hari.',
    ignore: 'Jika Anda tidak mengenal {org}, abaikan pesan ini.',
  },
};

function t(lang: string, key: string, vars: Record<string, string | number>): string {
  const template = texts[lang]?.[key] ?? texts[DEFAULT_LANGUAGE][key];
  return template.replace(/\{(\w+)\}/g, (m, n: string) => (n in vars ? String(vars[n]) : m));
}

export interface InvitationMail {
  to: string;
  lang: string;
  organisation: string;
  link: string;
  days: number;
}

export function invitationEmail(m: InvitationMail, app: string): EmailMessage {
  const vars = { org: m.organisation, app, email: m.to, days: m.days };
  const lines = [t(m.lang, 'body', vars), m.link, t(m.lang, 'expiry', vars), t(m.lang, 'ignore', vars)];
  return {
    to: m.to,
    subject: t(m.lang, 'subject', vars),
    text: lines.join('\n\n'),
    html: html`<p>${lines[0]}</p><p><a href="${m.link}">${m.link}</a></p><p>${lines[2]}</p><p>${lines[3]}</p>`.value,
  };
}

/** Sends invitations through the email transport the rest of the engine uses. */
export type InvitationSender = (m: InvitationMail) => Promise<void>;

export const invitationSender = (transport: EmailTransport, app: string): InvitationSender => (m) => transport.send(invitationEmail(m, app));
