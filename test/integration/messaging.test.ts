import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { TestBrowser } from '../support/browser.js';
import { tokenApi } from '../support/admin-api.js';
import { useGerbang } from '../support/gerbang.js';
import { MailCatcher } from '../support/mail.js';

const TOKEN = 'messaging-test-admin-token-0123456789';
const SMTP_PASSWORD = 'the-mail-server-password';
const SMS_TOKEN = 'the-sms-provider-token';

/** A mail server on loopback that wants a user and password before it takes mail. */
async function startAuthenticatingSmtp(catcher: { mails: Array<{ to: string[]; raw: string }> }) {
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth: (auth, _session, cb) => (auth.username === 'mailer' && auth.password === SMTP_PASSWORD ? cb(null, { user: 'mailer' }) : cb(new Error('Invalid username or password'))),
    onData: (stream, session, cb) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        catcher.mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { port: (server.server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('mail and SMS settings made through the admin API, against real servers on loopback', () => {
  const received = { mails: [] as Array<{ to: string[]; raw: string }> };
  let smtp: Awaited<ReturnType<typeof startAuthenticatingSmtp>>;
  const catcher = new MailCatcher();
  let smsServer: Server;
  let smsUrl = '';
  const texts: Array<{ auth: string | undefined; body: { to: string; text: string } }> = [];

  beforeAll(async () => {
    smtp = await startAuthenticatingSmtp(received);
    await catcher.start();
    smsServer = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        if (req.headers.authorization !== `Bearer ${SMS_TOKEN}`) return res.writeHead(401).end();
        texts.push({ auth: req.headers.authorization, body: JSON.parse(body) });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => smsServer.listen(0, '127.0.0.1', () => resolve()));
    smsUrl = `http://127.0.0.1:${(smsServer.address() as AddressInfo).port}/messages`;
  });
  afterAll(async () => {
    await smtp?.close();
    await catcher.stop();
    await new Promise<void>((resolve) => (smsServer ? smsServer.close(() => resolve()) : resolve()));
  });
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });

  const call = tokenApi(() => gerbang.url, TOKEN);

  it('tests mail settings before saving them, telling a wrong password from a right one, and seals the password', async () => {
    expect((await call('GET', '/mail')).body).toMatchObject({ source: 'outbox', host: null });
    const settings = { host: '127.0.0.1', port: smtp.port, user: 'mailer', password: 'wrong', from: 'Toko <no-reply@toko.example>' };
    const wrong = await call('POST', '/mail/test', { to: 'owner@toko.example', settings });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ field: 'password', message: expect.stringContaining('The mail server did not take the test mail') });
    expect(received.mails).toHaveLength(0);
    // Nothing answers on this port: the host is blamed.
    const nowhere = await call('POST', '/mail/test', { to: 'owner@toko.example', settings: { ...settings, port: 9 } });
    expect(nowhere.body).toMatchObject({ field: 'host' });

    // A user without a password, when none is stored, is refused next to the password field.
    expect(await call('PUT', '/mail', { ...settings, password: undefined, revision: 0 })).toMatchObject({ status: 422, body: { field: 'password' } });
    const saved = await call('PUT', '/mail', { ...settings, password: SMTP_PASSWORD, revision: 0 });
    expect(saved.body).toEqual({ source: 'console', host: '127.0.0.1', port: smtp.port, user: 'mailer', hasPassword: true, from: 'Toko <no-reply@toko.example>', revision: 1 });
    expect(JSON.stringify(await gerbang.store.settings.get('mail'))).not.toContain(SMTP_PASSWORD);
    // A change from an old revision is refused; leaving the password out keeps it.
    expect((await call('PUT', '/mail', { ...settings, password: undefined, revision: 0 })).status).toBe(409);
    expect((await call('PUT', '/mail', { ...settings, password: undefined, from: 'Toko Kita <no-reply@toko.example>', revision: 1 })).body).toMatchObject({ hasPassword: true, revision: 2 });

    const sent = await call('POST', '/mail/test', { to: 'owner@toko.example', lang: 'id' });
    expect(sent.body).toEqual({ sent: true, via: 'console' });
    expect(received.mails).toHaveLength(1);
    expect(received.mails[0].to).toEqual(['owner@toko.example']);
    expect(received.mails[0].raw).toContain('Toko Kita <no-reply@toko.example>');
    expect(received.mails[0].raw).toMatch(/Subject: .*Pesan uji/);
  });

  it("sends the journeys' mails through the console's settings, in the organisation's own words, per language", async () => {
    // Point mail at the catcher (no login there) and reword the code mail in Indonesian.
    const current = (await call('GET', '/mail')).body;
    expect((await call('PUT', '/mail', { host: '127.0.0.1', port: catcher.port, from: 'Toko Kita <no-reply@toko.example>', revision: current.revision })).status).toBe(200);
    const dropped = await call('PUT', '/message-texts/id', { texts: { 'code.intro': 'Kode Anda ada di sini.' }, revision: 0 });
    expect(dropped.status).toBe(422);
    expect(dropped.body).toMatchObject({ field: 'code.intro', message: expect.stringContaining('{code}') });
    expect((await call('PUT', '/message-texts/id', { texts: { 'code.intro': 'Halo {name}: {code}' }, revision: 0 })).body).toMatchObject({ field: 'code.intro' });
    const preview = await call('POST', '/message-texts/preview', { message: 'code', lang: 'id', texts: { 'code.intro': 'Kode rahasia Toko Kita: {code}. Jangan dibagikan.' } });
    expect(preview.body.text).toContain('Kode rahasia Toko Kita: 482915. Jangan dibagikan.');
    expect(preview.body.html).toContain('Kode rahasia Toko Kita: <strong');
    expect((await call('GET', '/message-texts')).body.texts.find((t: { key: string }) => t.key === 'code.intro').custom).toEqual({}); // a preview saves nothing

    const saved = await call('PUT', '/message-texts/id', { texts: { 'code.intro': 'Kode rahasia Toko Kita: {code}. Jangan dibagikan.' }, revision: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body.texts.find((t: { key: string }) => t.key === 'code.intro')).toMatchObject({ required: ['code'], custom: { id: 'Kode rahasia Toko Kita: {code}. Jangan dibagikan.' } });

    // A real journey sends a sign-in code: in Indonesian, with the new words, through the console's server.
    const email = 'pembeli@toko.example';
    const flow = {
      id: 'verify-email',
      name: 'Verify email',
      version: 1,
      start: 'identify',
      nodes: [
        { id: 'identify', type: 'identify', settings: {}, position: { x: 0, y: 0 } },
        { id: 'verify', type: 'email-verify', settings: { method: 'code', ttlMinutes: 10, maxAttempts: 3, maxSendsPerHour: 5, onlyExistingAccounts: false }, position: { x: 1, y: 0 } },
        { id: 'fail', type: 'failure', settings: {}, position: { x: 2, y: 0 } },
        { id: 'done', type: 'success', settings: {}, position: { x: 2, y: 1 } },
      ],
      edges: [
        { from: 'identify', outcome: 'known', to: 'verify' },
        { from: 'identify', outcome: 'unknown', to: 'verify' },
        { from: 'verify', outcome: 'verified', to: 'done' },
        { from: 'verify', outcome: 'failed', to: 'fail' },
      ],
    };
    await gerbang.store.flows.saveDraft({ id: flow.id, name: flow.name, graph: flow, updatedBy: 'test' }, 0, new Date());
    await gerbang.store.flows.publish({ flowId: flow.id, version: 1, graph: flow, publishedAt: new Date(), publishedBy: 'test' });
    const browser = new TestBrowser(gerbang.url, { 'accept-language': 'id' });
    const since = catcher.mails.length;
    await browser.get('/login?flow=verify-email');
    await browser.submit({ email });
    const mail = await catcher.next(email, since);
    expect(mail.text).toMatch(/Kode rahasia Toko Kita: \d{6}\. Jangan dibagikan\./);
    // English keeps the shipped words.
    expect((await call('POST', '/message-texts/preview', { message: 'code', lang: 'en' })).body.text).toContain('Use this code to continue: 482915');
    // Restoring the shipped text.
    const restored = await call('PUT', '/message-texts/id', { texts: { 'code.intro': null }, revision: 1 });
    expect(restored.body.texts.find((t: { key: string }) => t.key === 'code.intro').custom).toEqual({});
  });

  it('sets the SMS provider with a sealed token and sends a test text message that reaches it', async () => {
    expect((await call('GET', '/sms')).body).toMatchObject({ source: 'outbox' });
    const refused = await call('POST', '/sms/test', { to: '+6281234567890', settings: { apiUrl: smsUrl, apiToken: 'nope' } });
    expect(refused).toMatchObject({ status: 422, body: { field: 'apiToken' } });
    expect((await call('PUT', '/sms', { apiUrl: smsUrl, apiToken: SMS_TOKEN, revision: 0 })).body).toEqual({ source: 'console', apiUrl: smsUrl, hasToken: true, revision: 1 });
    expect(JSON.stringify(await gerbang.store.settings.get('sms'))).not.toContain(SMS_TOKEN);
    expect((await call('POST', '/sms/test', { to: '+6281234567890' })).body).toEqual({ sent: true, via: 'console' });
    expect(texts.at(-1)!.body).toEqual({ to: '+6281234567890', text: expect.stringContaining('Test from Gerbang') });
    // Back to the environment's settings (none here: the outbox).
    expect((await call('DELETE', '/sms')).status).toBe(204);
    expect((await call('GET', '/sms')).body).toMatchObject({ source: 'outbox', hasToken: false });
    const audit = await gerbang.store.audit.list({ type: 'settings.sms.saved', limit: 5 });
    expect(audit).toEqual([expect.objectContaining({ actor: 'api-token', details: expect.objectContaining({ apiUrl: smsUrl, tokenChanged: true }) })]);
  });
});
