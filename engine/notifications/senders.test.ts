import { describe, expect, it } from 'vitest';
import { createMailer, createSmsSender } from './senders.js';
import type { EmailMessage, SmsMessage } from './transports.js';

describe('messages the engine sends', () => {
  const mails: EmailMessage[] = [];
  const texts: SmsMessage[] = [];
  const mailer = createMailer({ mode: 'memory', send: async (m) => void mails.push(m) }, 'Toko Kita');
  const sms = createSmsSender({ mode: 'memory', send: async (m) => void texts.push(m) }, 'Toko Kita');

  it('words a code mail in the person\'s language, with the app name, expiry and the code in text and HTML', async () => {
    await mailer.sendCode({ to: 'ana@example.com', lang: 'id', purpose: 'reset', code: '123456', minutes: 10 });
    const mail = mails.at(-1)!;
    expect(mail.subject).toBe('Toko Kita: Atur ulang kata sandi Anda');
    expect(mail.text).toContain('Gunakan kode ini untuk melanjutkan: 123456');
    expect(mail.text).toContain('Berlaku 10 menit dan hanya sekali pakai.');
    expect(mail.html).toContain('<strong style="font-size:1.4em;letter-spacing:.2em">123456</strong>');
  });

  it('escapes what it puts into HTML', async () => {
    await mailer.sendEmailChanged({ to: 'old@example.com', lang: 'en', newEmail: '<script>x</script>@example.com' });
    expect(mails.at(-1)!.html).toContain('&lt;script&gt;x&lt;/script&gt;@example.com');
    expect(mails.at(-1)!.html).not.toContain('<script>');
  });

  it('gives the old address of an email change a link to undo it, as a link and as plain text', async () => {
    await mailer.sendEmailChanged({ to: 'old@example.com', lang: 'en', newEmail: 'new@example.com', undoLink: 'https://id.example.com/account/email-undo?user=u&change=c&token=t', undoDays: 7 });
    const mail = mails.at(-1)!;
    expect(mail.text).toContain('If you did not make this change, undo it with this link (it works once, for 7 days).');
    expect(mail.text).toContain('https://id.example.com/account/email-undo?user=u&change=c&token=t');
    expect(mail.html).toContain('<a href="https://id.example.com/account/email-undo?user=u&amp;change=c&amp;token=t">');
  });

  it('mails a magic link as a link and as plain text', async () => {
    await mailer.sendLink({ to: 'budi@example.com', lang: 'en', link: 'https://id.example.com/flow/r/magic?token=abc', minutes: 15 });
    expect(mails.at(-1)!.text).toContain('https://id.example.com/flow/r/magic?token=abc');
    expect(mails.at(-1)!.html).toContain('<a href="https://id.example.com/flow/r/magic?token=abc">');
  });

  it('texts a short code message', async () => {
    await sms.sendCode({ to: '+6281234567890', lang: 'en', code: '654321', minutes: 10 });
    expect(texts.at(-1)).toEqual({ to: '+6281234567890', text: '654321 is your Toko Kita code. It expires in 10 minutes.' });
  });
});
