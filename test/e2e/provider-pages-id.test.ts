import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { useGerbang } from '../support/gerbang.js';
import { brokenOn, launchChromium } from '../support/chromium.js';
import { axeViolations } from '../support/axe.js';

const TOKEN = 'provider-pages-id-token-0123456789';

/**
 * A person whose browser speaks Bahasa Indonesia connects a TV and meets the provider's own pages —
 * the device pages, an error page, the self-sending sign-out form, a page that does not exist — all in
 * Bahasa Indonesia, accessible, and with no English left.
 */
describe("the provider's pages in Bahasa Indonesia, in a real browser", () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let broken: string[];
  beforeAll(async () => {
    const created = await fetch(`${gerbang.url}/api/apps`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'tv-ruang-tamu', name: 'TV ruang tamu', type: 'device', flowId: 'login-signup' }),
    });
    expect(created.status).toBe(201);
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'id-ID' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    broken = brokenOn(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const heading = () => page.getByRole('heading', { level: 1 }).textContent();
  /** No English sentence of the provider's left on the page. */
  const noEnglish = async () => expect(await page.locator('main').innerText()).not.toMatch(/\b(the|this|your|please|code|continue|sign in)\b/i);

  it('a TV code: typed wrong, then right, then refused — every page in Bahasa Indonesia', { timeout: 120_000 }, async () => {
    const started = (await (
      await fetch(`${gerbang.url}/device/auth`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: 'tv-ruang-tamu', scope: 'openid' }) })
    ).json()) as { user_code: string; device_code: string };

    await page.goto(`${gerbang.url}/device`);
    await expect.poll(heading).toBe('Hubungkan perangkat');
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    await page.getByLabel('Kode').fill('BCDF-GHJK');
    await page.getByRole('button', { name: 'Lanjutkan' }).click();
    await expect.poll(() => page.getByText('Kode itu tidak benar. Periksa kode di perangkat Anda lalu coba lagi.').isVisible()).toBe(true);
    await noEnglish();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Kode').fill(started.user_code.toLowerCase());
    await page.getByRole('button', { name: 'Lanjutkan' }).click();
    await expect.poll(heading).toBe('Hubungkan perangkat ini?');
    expect(await page.getByText('TV ruang tamu ingin memasukkan Anda di sebuah perangkat.').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Tolak' }).click();
    await expect.poll(() => page.getByText('Anda menolak permintaan masuk. Perangkat tidak dihubungkan.').isVisible()).toBe(true);
    await noEnglish();
    expect(await axeViolations(page)).toEqual([]);
    // The TV learns it was refused, by its code as before.
    const poll = await fetch(`${gerbang.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: started.device_code, client_id: 'tv-ruang-tamu' }),
    });
    expect(((await poll.json()) as { error: string }).error).toBe('access_denied');
  });

  it('an app that is not registered, and an address with no page', { timeout: 60_000 }, async () => {
    await page.goto(`${gerbang.url}/auth?client_id=tidak-ada&response_type=code&scope=openid`);
    await expect.poll(heading).toBe('Terjadi kesalahan');
    expect(await page.getByRole('alert').innerText()).toBe('Aplikasi ini tidak terdaftar untuk masuk.');
    expect(await page.getByText('Kode untuk pengembang aplikasi: invalid_client').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${gerbang.url}/halaman-yang-tidak-ada`);
    await expect.poll(heading).toBe('Halaman tidak ditemukan');
    await noEnglish();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Ke halaman awal' }).click();
    await expect.poll(heading).toBe('Selamat datang');
  });

  it('the sign-out without a provider session sends itself by its script and ends on the signed-out page', { timeout: 60_000 }, async () => {
    await page.goto(`${gerbang.url}/session/end`);
    await expect.poll(heading).toBe('Sudah keluar');
    expect(await page.getByText('Anda telah keluar.').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    // No page refused a script or a style (the policy admits the hosted pages' own files only); the
    // error pages' own 4xx statuses are what they should be.
    expect(broken.filter((b) => !/the server responded with a status of 40[04]/.test(b))).toEqual([]);
  });

  it('a sign-in given up at Gerbang: the demo app says so in Bahasa Indonesia, its OAuth code kept', { timeout: 60_000 }, async () => {
    await page.goto(`${gerbang.url}/demo-app/`);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await expect.poll(heading).toBe('Masuk atau buat akun');
    // The person goes back to the app without signing in (the failure page's "Kembali ke aplikasi" link).
    const uid = (await context.cookies()).find((c) => c.name === '_interaction')?.value;
    expect(uid).toBeTruthy();
    await page.goto(`${gerbang.url}/interaction/${uid}/abort`);
    await page.waitForURL(`${gerbang.url}/demo-app/`);
    await expect.poll(() => page.getByText('Anda tidak menyelesaikan proses masuk, sehingga aplikasi demo tidak diberi akses. (access_denied)').isVisible()).toBe(true);
    expect(await page.getByText('did not complete').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });
});
