import { describe, expect, it } from 'vitest';
import { TestBrowser } from '../support/browser.js';
import { tokenApi } from '../support/admin-api.js';
import { useGerbang } from '../support/gerbang.js';

const TOKEN = 'branding-test-admin-token-0123456789';

describe('branding made through the admin API: the global theme, per-app overrides, contrast, live preview', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });

  const call = tokenApi(() => gerbang.url, TOKEN);
  /** The sign-in page as a person's browser asks for it. */
  const signInPage = async (lang = 'en') => {
    const browser = new TestBrowser(gerbang.url, { accept: 'text/html,application/xhtml+xml', 'accept-language': lang });
    return (await browser.get('/login')).html;
  };

  it('refuses colours people cannot read, naming the colour, and saves nothing', async () => {
    const before = await call('GET', '/branding');
    expect(before.body).toMatchObject({ revision: 0, custom: {}, theme: { name: 'Gerbang', primaryColor: '#0f766e' } });
    expect(before.body.contrast.every((c: { ok: boolean }) => c.ok)).toBe(true);
    const pale = await call('PUT', '/branding', { primaryColor: '#7dd3fc', revision: 0 });
    expect(pale.status).toBe(422);
    expect(pale.body).toMatchObject({ field: 'primaryColor', message: expect.stringMatching(/Button text \(white\) on the primary colour: contrast 1\.\d+:1, at least 4\.5:1/) });
    expect((await call('GET', '/branding')).body.revision).toBe(0);
    expect((await call('PUT', '/branding', { primaryColor: 'red', revision: 0 })).status).toBe(400);
  });

  it('shows a saved global theme on the real hosted pages at once, and the environment theme again after a reset', async () => {
    const saved = await call('PUT', '/branding', { name: 'Toko Kita', primaryColor: '#9d174d', revision: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ revision: 1, custom: { name: 'Toko Kita', primaryColor: '#9d174d' }, theme: { name: 'Toko Kita', primaryColor: '#9d174d', backgroundColor: '#f4f6f8' } });
    // What an emptied field falls back to (the console shows it as the default) stays the environment's.
    expect(saved.body.base).toMatchObject({ name: 'Gerbang', primaryColor: '#0f766e', backgroundColor: '#f4f6f8', textColor: '#1f2933' });
    const page = await signInPage();
    expect(page).toContain('--primary:#9d174d');
    expect(page).toContain('Toko Kita');
    // Someone editing from the old revision does not overwrite it.
    expect((await call('PUT', '/branding', { name: 'Stale', revision: 0 })).status).toBe(409);

    // The live preview shows the real first page of the sign-in journey with colours not saved yet, in Indonesian.
    const preview = await call('POST', '/branding/preview', { theme: { name: 'Toko Kita', primaryColor: '#1d4ed8' }, lang: 'id' });
    expect(preview.status).toBe(200);
    expect(preview.body.html).toContain('--primary:#1d4ed8');
    expect(preview.body.html).toContain('<html lang="id"');
    expect(preview.body.html).toContain('name="email"');
    expect(preview.body.contrast.every((c: { ok: boolean }) => c.ok)).toBe(true);
    // A preview changes nothing people see.
    expect(await signInPage('id')).toContain('--primary:#9d174d');

    expect((await call('DELETE', '/branding')).status).toBe(204);
    expect(await signInPage()).toContain('--primary:#0f766e');
  });

  it("checks an app's branding over the global theme and previews the app's own pages", async () => {
    const unreadable = await call('POST', '/apps', { name: 'Shop', type: 'public', redirectUris: ['https://shop.example.com/cb'], flowId: 'login-signup', branding: { primaryColor: '#fde047' } });
    expect(unreadable.status).toBe(422);
    expect(unreadable.body).toMatchObject({ field: 'branding.primaryColor' });
    expect((await gerbang.store.apps.list()).map((a) => a.name)).not.toContain('Shop');

    const created = await call('POST', '/apps', { name: 'Shop', type: 'public', redirectUris: ['https://shop.example.com/cb'], flowId: 'login-signup', branding: { name: 'Shop', primaryColor: '#166534' } });
    expect(created.status).toBe(201);
    const appId = created.body.id;
    const saved = await call('PUT', '/branding', { name: 'Toko Kita', backgroundColor: '#fffbeb', revision: 0 });
    expect(saved.status).toBe(200);
    // The app's pages: its colour and name over the global background.
    const preview = await call('POST', '/branding/preview', { appId, lang: 'en' });
    expect(preview.body.theme).toMatchObject({ name: 'Shop', primaryColor: '#166534', backgroundColor: '#fffbeb' });
    expect(preview.body.html).toContain('--primary:#166534;--bg:#fffbeb');
    // A change of the app's branding not saved yet.
    const draft = await call('POST', '/branding/preview', { appId, theme: { name: 'Shop', primaryColor: '#7c2d12' } });
    expect(draft.body.html).toContain('--primary:#7c2d12');
    expect((await call('PUT', `/apps/${appId}`, { branding: { primaryColor: '#fef08a' } })).body).toMatchObject({ field: 'branding.primaryColor' });
    expect((await call('POST', '/branding/preview', { appId: 'no-such-app' })).status).toBe(404);
  });
});
