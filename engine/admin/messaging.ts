import type { Request } from 'express';
import type { Store } from '../store/port.js';
import { Conflict, FieldInvalid } from '../http/errors.js';
import { PERMISSIONS } from './roles.js';
import { RouteTable } from '../http/route-table.js';
import { LANGUAGE_CODES } from '../languages.js';
import { MessagingSettings, NothingToKeep, type MailSettings, type SmsSettings } from '../settings/messaging.js';
import { MessageTexts, PREVIEWABLE, WordingProblem, type PreviewableMessage } from '../settings/message-texts.js';

const EMAIL = { type: 'string', title: 'Send a test to', minLength: 3, maxLength: 254, pattern: '^[^\\s@<>]+@[^\\s@<>]+$', examples: ['someone@example.com'] };
const REVISION = { type: 'integer', title: 'Revision', minimum: 0, description: 'The revision the change was made from: a change saved meanwhile by someone else is refused' };
const MAIL = {
  type: 'object',
  title: 'Mail settings',
  additionalProperties: false,
  required: ['host', 'port', 'from'],
  properties: {
    host: { type: 'string', title: 'Mail server', minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9.:\\[\\]-]+$', examples: ['smtp.example.com'] },
    port: { type: 'integer', title: 'Port', minimum: 1, maximum: 65535, description: '465 = TLS from the start; others upgrade with STARTTLS when offered' },
    user: { type: 'string', title: 'User name', maxLength: 320 },
    password: { type: 'string', title: 'Password', maxLength: 1000, description: 'Left out: the stored one is kept. Sealed at rest, never shown.' },
    from: { type: 'string', title: 'Sender', minLength: 3, maxLength: 320, pattern: '@', examples: ['Gerbang <no-reply@example.com>'] },
  },
};
const SMS = {
  type: 'object',
  title: 'SMS settings',
  additionalProperties: false,
  required: ['apiUrl'],
  properties: {
    apiUrl: { type: 'string', title: 'SMS API URL', maxLength: 2000, pattern: '^https?://[^\\s]+$', examples: ['https://sms.example.com/send'] },
    apiToken: { type: 'string', title: 'API token', maxLength: 1000, description: 'Sent as Authorization: Bearer. Left out: the stored one is kept. Sealed at rest, never shown.' },
  },
};
const withRevision = (schema: typeof MAIL | typeof SMS) => ({ ...schema, properties: { ...schema.properties, revision: REVISION } });
const LANG = { type: 'string', title: 'Message language', enum: [...LANGUAGE_CODES] };
const TEXT_KEY = { type: 'string', pattern: '^[a-z][a-zA-Z.]{0,40}$' };
/** Wording per message text (by its key); null restores the shipped text. */
const WORDING = (text: object) => ({ type: 'object', title: 'Your wording', maxProperties: 50, propertyNames: TEXT_KEY, additionalProperties: text });

const TEST_WORDS: Record<string, { subject: string; body: string; sms: string }> = {
  en: { subject: 'Test message', body: 'This test message was sent from the console: mail from {app} reaches this address.', sms: 'Test from {app}: text messages reach this number.' },
  id: { subject: 'Pesan uji', body: 'Pesan uji ini dikirim dari konsol: email dari {app} sampai ke alamat ini.', sms: 'Uji dari {app}: SMS sampai ke nomor ini.' },
};

/** Which field of the mail form a failed send points at (nodemailer's error codes). */
function mailFieldOf(err: unknown): string {
  const code = (err as { code?: string })?.code;
  if (code === 'EAUTH' || code === 'ENOAUTH') return 'password';
  if (code === 'EENVELOPE') return 'from';
  return 'host';
}

/** Admin API: mail and SMS settings (secrets sealed), "send a test", and the wording of messages per language. */
export function messagingRouter(deps: { store: Store; messaging: MessagingSettings; texts: MessageTexts; appName: string }): RouteTable {
  const { messaging, texts } = deps;
  const routes = new RouteTable();
  const audit = (req: Request, type: string, details: Record<string, unknown> = {}) =>
    deps.store.audit.record({ at: new Date(), type, userId: null, actor: req.admin!.id, ip: req.ip ?? null, details });
  const stale = () => new Conflict({ en: 'Someone else saved these settings meanwhile. Reload them and make your change again.', id: 'Orang lain telah menyimpan pengaturan ini sementara itu. Muat ulang lalu ulangi perubahan Anda.' });
  const keepOrAsk = async <T>(field: string, save: () => Promise<T>) => {
    try {
      return await save();
    } catch (err) {
      if (err instanceof NothingToKeep) throw new FieldInvalid(field, err.words);
      throw err;
    }
  };

  routes.get('/mail', { permission: PERMISSIONS.settingsRead, summary: 'Outgoing mail settings and where mail goes now (the password is never shown)' }, async (_req, res) => {
    res.json(await messaging.mailView());
  });
  routes.put('/mail', { permission: PERMISSIONS.settingsWrite, summary: 'Set the outgoing mail server (the password is sealed)', body: withRevision(MAIL) }, async (req, res) => {
    const { revision, ...input } = req.body as MailSettings & { revision?: number };
    const expected = revision ?? (await messaging.mailView()).revision;
    const saved = await keepOrAsk('password', () => messaging.saveMail(input, expected, req.admin!.id));
    if (!saved) throw stale();
    await audit(req, 'settings.mail.saved', { host: input.host, port: input.port, passwordChanged: Boolean(input.password) });
    res.json(saved);
  });
  routes.delete('/mail', { permission: PERMISSIONS.settingsWrite, summary: "Forget the console's mail settings: the environment's (or the outbox) apply again", status: 204 }, async (req, res) => {
    if (await messaging.resetMail()) await audit(req, 'settings.mail.reset');
    res.status(204).end();
  });
  routes.post(
    '/mail/test',
    {
      permission: PERMISSIONS.settingsWrite,
      summary: 'Send a test mail, with the saved settings or with settings not saved yet',
      body: { type: 'object', additionalProperties: false, required: ['to'], properties: { to: EMAIL, lang: LANG, settings: MAIL } },
    },
    async (req, res) => {
      const { to, lang = 'en', settings } = req.body as { to: string; lang?: string; settings?: MailSettings };
      const transport = settings ? await keepOrAsk('password', () => messaging.emailFor(settings)) : messaging.email;
      const words = TEST_WORDS[lang] ?? TEST_WORDS.en;
      const body = words.body.replace('{app}', deps.appName);
      try {
        await transport.send({ to, subject: `${deps.appName}: ${words.subject}`, text: body, html: `<p>${escapeHtml(body)}</p>` });
      } catch (err) {
        throw new FieldInvalid(mailFieldOf(err), { en: `The mail server did not take the test mail: ${describe(err)}`, id: `Server email tidak menerima email uji: ${describe(err)}` });
      }
      await audit(req, 'settings.mail.tested', { to });
      res.json({ sent: true, via: (await messaging.mailView()).source });
    },
  );

  routes.get('/sms', { permission: PERMISSIONS.settingsRead, summary: 'SMS provider settings and where text messages go now (the token is never shown)' }, async (_req, res) => {
    res.json(await messaging.smsView());
  });
  routes.put('/sms', { permission: PERMISSIONS.settingsWrite, summary: "Set the SMS provider's HTTP API (the token is sealed)", body: withRevision(SMS) }, async (req, res) => {
    const { revision, ...input } = req.body as SmsSettings & { revision?: number };
    const expected = revision ?? (await messaging.smsView()).revision;
    const saved = await messaging.saveSms(input, expected, req.admin!.id);
    if (!saved) throw stale();
    await audit(req, 'settings.sms.saved', { apiUrl: input.apiUrl, tokenChanged: Boolean(input.apiToken) });
    res.json(saved);
  });
  routes.delete('/sms', { permission: PERMISSIONS.settingsWrite, summary: "Forget the console's SMS settings: the environment's (or the outbox) apply again", status: 204 }, async (req, res) => {
    if (await messaging.resetSms()) await audit(req, 'settings.sms.reset');
    res.status(204).end();
  });
  routes.post(
    '/sms/test',
    {
      permission: PERMISSIONS.settingsWrite,
      summary: 'Send a test text message, with the saved settings or with settings not saved yet',
      body: { type: 'object', additionalProperties: false, required: ['to'], properties: { to: { type: 'string', title: 'Send a test SMS to', pattern: '^\\+[1-9][0-9]{6,14}$', examples: ['+6281234567890'] }, lang: LANG, settings: SMS } },
    },
    async (req, res) => {
      const { to, lang = 'en', settings } = req.body as { to: string; lang?: string; settings?: SmsSettings };
      const transport = settings ? await messaging.smsFor(settings) : messaging.sms;
      try {
        await transport.send({ to, text: (TEST_WORDS[lang] ?? TEST_WORDS.en).sms.replace('{app}', deps.appName) });
      } catch (err) {
        throw new FieldInvalid(/ 40[13]$/.test(describe(err)) ? 'apiToken' : 'apiUrl', {
          en: `The SMS provider did not take the test message: ${describe(err)}`,
          id: `Penyedia SMS tidak menerima pesan uji: ${describe(err)}`,
        });
      }
      await audit(req, 'settings.sms.tested', { to });
      res.json({ sent: true, via: (await messaging.smsView()).source });
    },
  );

  routes.get('/message-texts', { permission: PERMISSIONS.settingsRead, summary: 'The wording of mails and text messages per language: shipped and your own' }, async (_req, res) => {
    res.json(await texts.list());
  });
  routes.put(
    '/message-texts/:lang',
    {
      permission: PERMISSIONS.settingsWrite,
      summary: 'Set your own wording of message texts in one language (null restores the shipped text)',
      params: { type: 'object', required: ['lang'], properties: { lang: LANG } },
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['texts', 'revision'],
        properties: { texts: WORDING({ anyOf: [{ type: 'string', minLength: 1, maxLength: 2000 }, { type: 'null' }] }), revision: REVISION },
      },
    },
    async (req, res) => {
      const { texts: changes, revision } = req.body as { texts: Record<string, string | null>; revision: number };
      let saved;
      try {
        saved = await texts.save(String(req.params.lang), changes, revision, req.admin!.id);
      } catch (err) {
        if (err instanceof WordingProblem) throw new FieldInvalid(err.key, err.words);
        throw err;
      }
      if (saved === null) throw stale();
      await audit(req, 'settings.message-texts.saved', { lang: req.params.lang, keys: Object.keys(changes) });
      res.json(await texts.list());
    },
  );
  routes.post(
    '/message-texts/preview',
    {
      permission: PERMISSIONS.settingsRead,
      summary: 'A message as people would receive it, with made-up values, optionally with wording not saved yet',
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['message', 'lang'],
        properties: { message: { title: 'Message', enum: [...PREVIEWABLE] }, lang: LANG, texts: WORDING({ type: 'string', minLength: 1, maxLength: 2000 }) },
      },
    },
    async (req, res) => {
      const { message, lang, texts: draft } = req.body as { message: PreviewableMessage; lang: string; texts?: Record<string, string> };
      try {
        res.json(await texts.preview(message, lang, deps.appName, draft));
      } catch (err) {
        if (err instanceof WordingProblem) throw new FieldInvalid(err.key, err.words);
        throw err;
      }
    },
  );
  return routes;
}

function describe(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 300);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
