import { describe, expect, it } from 'vitest';
import { useGerbang } from '../support/gerbang.js';
import { TestBrowser } from '../support/browser.js';
import { demoAppAuthorization } from '../support/openid-journey.js';

const ID = { 'accept-language': 'id-ID,id;q=0.9' };

/**
 * When the provider or one of its interactions cannot go on, the person reads why in their language —
 * never oidc-provider's English description for developers — with the OAuth code kept for support.
 */
describe("the provider's and its interactions' error pages in the person's language", () => {
  const gerbang = useGerbang();
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ');
  /** What the hosted pages' message page says under its heading. */
  const said = (browser: TestBrowser) => /<p class="intro">([\s\S]*?)<\/p>/.exec(browser.page!.html)?.[1];

  it('an app that is not registered: its words in Bahasa Indonesia and English, the code for its developer', async () => {
    const page = async (headers: Record<string, string>) => {
      const browser = new TestBrowser(gerbang.url, headers);
      await browser.get('/auth?client_id=nobody&response_type=code&scope=openid');
      return browser;
    };
    const id = await page(ID);
    expect(id.page!.status).toBe(400);
    expect(id.title()).toBe('Terjadi kesalahan');
    expect(id.errors()).toEqual(['Aplikasi ini tidak terdaftar untuk masuk.']);
    expect(id.page!.html).toContain('Kode untuk pengembang aplikasi: invalid_client');
    // oidc-provider's description (for developers, in English) is not what the person reads.
    expect(id.page!.html).not.toMatch(/client is invalid|client not found/i);
    expect(id.page!.html).toContain('<html lang="id"');
    // A way on: the home page (the app's own address is not trusted here).
    expect(id.page!.html).toContain('<a class="button secondary" href="/">Ke halaman awal</a>');

    const en = await page({});
    expect(en.errors()).toEqual(['This app is not registered for sign-in.']);
    expect(en.page!.html).toContain('Code for the app’s developer: invalid_client');
  });

  it('a return address the app did not register is refused in Bahasa Indonesia', async () => {
    const browser = new TestBrowser(gerbang.url, ID);
    await browser.get(demoAppAuthorization({ redirect_uri: `${gerbang.url}/elsewhere` }).path);
    expect(browser.title()).toBe('Terjadi kesalahan');
    expect(browser.errors()).toEqual(['Aplikasi ini meminta mengarahkan Anda kembali ke alamat yang tidak didaftarkannya. Demi keamanan Anda, proses masuk berhenti di sini.']);
  });

  it('an interaction opened without its cookie (another browser, or expired) says so in Bahasa Indonesia', async () => {
    const browser = new TestBrowser(gerbang.url, ID);
    await browser.get('/interaction/vNpwL0yq3b6WqI8hZ4xXk');
    expect(browser.page!.status).toBe(400);
    expect(browser.title()).toBe('Terjadi kesalahan');
    expect(said(browser)).toBe('Proses masuk ini sudah tidak terbuka: sudah berakhir, kedaluwarsa, atau dimulai di peramban lain. Kembali ke aplikasi dan masuk lagi.');
    expect(text(browser.page!.html)).not.toMatch(/interaction session|not found/i);
  });

  it("a sign-in's completion address called before its journey ended is refused in Bahasa Indonesia, and nothing is signed in", async () => {
    const browser = new TestBrowser(gerbang.url, ID);
    await browser.get(demoAppAuthorization().path);
    expect(browser.title()).toBe('Masuk atau buat akun');
    const runId = /action="\/flow\/([^"/]+)/.exec(browser.page!.html)?.[1];
    const uid = browser.cookie('_interaction');
    expect(runId && uid).toBeTruthy();
    await browser.get(`/interaction/${uid}/complete?run=${runId}`);
    expect(browser.page!.status).toBe(400);
    expect(said(browser)).toBe('Proses masuk ini belum selesai. Kembali ke aplikasi dan masuk lagi.');
  });

  it("a device page's stale resume link is refused in Bahasa Indonesia", async () => {
    const browser = new TestBrowser(gerbang.url, ID);
    await browser.get('/device/vNpwL0yq3b6WqI8hZ4xXk');
    expect(browser.page!.status).toBe(400);
    expect(said(browser)).toBe('Halaman masuk ini sudah kedaluwarsa. Silakan mulai lagi di perangkat.');
  });

  it("the provider's self-posting form (sign-out without a provider session) speaks Bahasa Indonesia, its form kept", async () => {
    const browser = new TestBrowser(gerbang.url, ID);
    await browser.get('/session/end');
    expect(browser.page!.status).toBe(200);
    expect(browser.title()).toBe('Melanjutkan…');
    expect(browser.page!.html).toContain('<html lang="id"');
    expect(text(browser.page!.html)).not.toMatch(/Submitting Callback|does not support JavaScript/);
    // The same form oidc-provider built: its action and its fields, sent by the person's browser.
    expect(browser.page!.html).toMatch(/<form method="post" action="[^"]*\/session\/end\/confirm" id="auto-submit"><input type="hidden" name="xsrf" value="[^"]+"><input type="hidden" name="logout" value="yes">/);
    await browser.submit({});
    expect(browser.title()).toBe('Sudah keluar');
  });

  it('an address with no page: a page in Bahasa Indonesia for a browser, the plain 404 for other clients', async () => {
    const browser = new TestBrowser(gerbang.url, { ...ID, accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    await browser.get('/no-such-page');
    expect(browser.page!.status).toBe(404);
    expect(browser.title()).toBe('Halaman tidak ditemukan');
    expect(browser.page!.html).toContain('<a class="button primary" href="/">Ke halaman awal</a>');
    const client = await fetch(`${gerbang.url}/no-such-page`, { headers: { accept: 'application/json' } });
    expect(client.status).toBe(404);
    expect(client.headers.get('content-type') ?? '').not.toMatch(/html/);
  });

  it('a mailed link cut short says the link is not valid, in Bahasa Indonesia, not which parameter is missing', async () => {
    const browser = new TestBrowser(gerbang.url, ID);
    await browser.get('/account/email-undo?token=abcdefghijklmnopqrstuvwxyz');
    expect(browser.page!.status).toBe(410);
    expect(said(browser)).toBe('Tautan ini sudah tidak berlaku: sudah dipakai, atau kedaluwarsa.');
    await browser.get('/security/not-me?token=abc');
    expect(browser.page!.status).toBe(400);
    expect(said(browser)).toBe('Tautan ini sudah kedaluwarsa atau sudah dipakai. Anda tetap dapat memilih kata sandi baru.');
    await browser.get('/verify-email?user=u1&token=cut');
    expect(browser.page!.status).toBe(410);
    expect(said(browser)).toBe('Tautan ini tidak berlaku lagi (sudah dipakai, kedaluwarsa, atau diganti yang baru).');
    await browser.get('/console/invitation?user=u1&token=cut');
    expect(browser.page!.status).toBe(410);
    expect(said(browser)).toBe('Tautan undangan ini tidak berlaku lagi (sudah dipakai, kedaluwarsa, atau diganti yang baru). Minta undangan baru kepada pemilik.');
    await browser.get('/invitation?token=cut');
    expect(browser.page!.status).toBe(404);
    expect(said(browser)).toBe('Tautan undangan ini tidak valid. Mintalah undangan baru.');
  });

  it("a social provider's answer that belongs to no journey is refused in Bahasa Indonesia", async () => {
    const browser = new TestBrowser(gerbang.url, ID);
    await browser.get('/social/callback/google?state=forged&code=abc');
    expect(browser.page!.status).toBe(400);
    expect(said(browser)).toBe('Jawaban masuk ini bukan milik perjalanan mana pun.');
  });

  it("an app's form_post answer is the same form in Bahasa Indonesia: its code and state sent to the app's address", async () => {
    const browser = new TestBrowser(gerbang.url, ID);
    const address = `form.post.${Date.now()}@example.com`;
    await browser.get(demoAppAuthorization().path);
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: 'kata sandi yang cukup panjang' });
    await browser.submit({ given_name: 'Ayu' }, { action: 'save' });
    expect(browser.page!.url).toMatch(/^http:\/\/localhost:8080\/callback\?code=/);

    const { path, state } = demoAppAuthorization({ response_mode: 'form_post' });
    await browser.get(path);
    expect(browser.page!.status).toBe(200);
    expect(browser.title()).toBe('Melanjutkan…');
    expect(browser.page!.html).toContain('<form method="post" action="http://localhost:8080/callback" id="auto-submit">');
    expect(browser.page!.html).toMatch(/<input type="hidden" name="code" value="[^"]+">/);
    expect(browser.page!.html).toContain(`<input type="hidden" name="state" value="${state}">`);
    expect(text(browser.page!.html)).not.toMatch(/Submitting Callback|does not support JavaScript/);
  });
});
