import type { EmailTransport, SmsTransport } from './transports.js';
import { accountAttackedEmail, codeEmail, codeSms, emailChangedEmail, identitiesRemovedEmail, linkEmail, newDeviceEmail, passwordLinkEmail, type CustomTexts, type PasswordLinkPurpose } from './templates.js';

/** The organisation's current wording of the messages (read when a message is sent: every instance agrees). */
export type CustomWording = () => Promise<CustomTexts>;
const shipped: CustomWording = async () => ({});

/** What a one-time message is about; each has its own wording. */
export type CodePurpose = 'verify' | 'reset' | 'signin' | 'change' | 'mfa';

/** Mails the engine sends to people, worded in their language; steps reach it as a service. */
export interface Mailer {
  /** A one-time code, with what it is for. */
  sendCode(m: { to: string; lang: string; purpose: CodePurpose; code: string; minutes: number }): Promise<void>;
  /** A magic link to open in the same browser. */
  sendLink(m: { to: string; lang: string; link: string; minutes: number }): Promise<void>;
  /** Tells the old address that the account's email changed, with a link to undo it when there is one. */
  sendEmailChanged(m: { to: string; lang: string; newEmail: string; undoLink?: string | null; undoDays?: number }): Promise<void>;
  /** Tells the owner that many failed sign-ins slow their account, with a link to choose a new password. */
  sendAccountAttacked(m: { to: string; lang: string; resetLink: string }): Promise<void>;
  /** Tells the owner of a mailbox they just proved which provider sign-ins linked on an unverified claim were removed. */
  sendIdentitiesRemoved(m: { to: string; lang: string; providers: string[] }): Promise<void>;
  /** Tells the owner of a sign-in from a browser the account had not used, with a "this wasn't me" link. */
  sendNewDevice(m: { to: string; lang: string; device: string; address: string; time: string; notMeLink: string }): Promise<void>;
  /** A one-time link to choose a password: for an account an administrator made, or a reset support sent. */
  sendPasswordLink(m: { to: string; lang: string; purpose: PasswordLinkPurpose; link: string; hours: number }): Promise<void>;
}

/** Text messages the engine sends to people. */
export interface SmsSender {
  sendCode(m: { to: string; lang: string; code: string; minutes: number }): Promise<void>;
}

/** Words the messages with the engine's templates and hands them to the email transport. */
export function createMailer(transport: EmailTransport, appName: string, wording: CustomWording = shipped): Mailer {
  return {
    sendCode: async (m) => transport.send(codeEmail(m.lang, m.to, m.purpose, m.code, m.minutes, appName, await wording())),
    sendLink: async (m) => transport.send(linkEmail(m.lang, m.to, m.link, m.minutes, appName, await wording())),
    sendEmailChanged: async (m) => transport.send(emailChangedEmail(m.lang, m.to, m.newEmail, appName, m.undoLink ? { link: m.undoLink, days: m.undoDays ?? 7 } : null, await wording())),
    sendAccountAttacked: async (m) => transport.send(accountAttackedEmail(m.lang, m.to, m.resetLink, appName, await wording())),
    sendIdentitiesRemoved: async (m) => transport.send(identitiesRemovedEmail(m.lang, m.to, m.providers, appName, await wording())),
    sendNewDevice: async (m) => transport.send(newDeviceEmail(m.lang, m.to, m, appName, await wording())),
    sendPasswordLink: async (m) => transport.send(passwordLinkEmail(m.lang, m.to, m.purpose, m.link, m.hours, appName, await wording())),
  };
}

export function createSmsSender(transport: SmsTransport, appName: string, wording: CustomWording = shipped): SmsSender {
  return {
    sendCode: async (m) => transport.send({ to: m.to, text: codeSms(m.lang, m.code, m.minutes, appName, await wording()) }),
  };
}
