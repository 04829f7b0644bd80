import { describe, expect, it } from 'vitest';
import { localPath } from '../../engine/http/redirect.js';
import { TestBrowser } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';
import { demoAppAuthorization } from '../support/openid-journey.js';

/** Paths a browser reads as another site when they come back in a Location header or a link. */
const HOSTILE = ['//evil.example/', '//evil.example', '/\\evil.example/', '/\\/evil.example', '///evil.example/x', '/.//evil.example', '/%2e//evil.example', '/login/..//evil.example'];

describe('every redirect stays on this server', () => {
  const gerbang = useGerbang();

  /** A raw request (no redirect followed, the path sent exactly as written). */
  const raw = (path: string, headers: Record<string, string> = {}) => fetch(`${gerbang.url}${path}`, { redirect: 'manual', headers });
  /** Where a browser would go with this answer's Location, resolved as a browser does. */
  const destination = (res: Response) => new URL(res.headers.get('location')!, `${gerbang.url}/some/page`);

  it('answers the language switch on a hostile path with a path of its own (GET //evil.example/?lang=en)', async () => {
    for (const path of HOSTILE) {
      for (const lang of ['en', 'id', 'xx']) {
        const res = await raw(`${path}?lang=${lang}`);
        expect(res.status, `${path}?lang=${lang}`).toBe(303);
        expect(destination(res).origin, `${path} -> ${res.headers.get('location')}`).toBe(gerbang.url);
      }
    }
    // The ordinary switch keeps the page and its other parameters.
    const res = await raw('/login?flow=login-signup&lang=id');
    expect(res.headers.get('location')).toBe('/login?flow=login-signup');
    expect(res.headers.get('set-cookie')).toMatch(/gb_lang=id/);
  });

  it('draws the language links of a page as paths of this server', async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login');
    const links = [...browser.page!.html.matchAll(/hreflang="[^"]+"[^>]*|href="([^"]+)" hreflang/g)].map((m) => m[1]).filter(Boolean);
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) expect(new URL(href.replace(/&amp;/g, '&'), gerbang.url).origin).toBe(gerbang.url);
  });

  it('refuses a return_to that leaves the server, and brings a signed-in person back only to a path of its own', async () => {
    for (const target of ['//evil.example/', '/\\evil.example', 'https://evil.example/', '/\t/evil.example', 'javascript:alert(1)']) {
      const res = await raw(`/login?return_to=${encodeURIComponent(target)}`);
      expect(res.status, target).toBe(400);
    }
    // Accepted by the pattern, read by a browser as a path: the final redirect must stay here.
    const browser = new TestBrowser(gerbang.url);
    await browser.get(`/login?return_to=${encodeURIComponent('/.//evil.example/welcome')}`);
    await browser.submit({ email: 'redirected@example.com' });
    await browser.submit({ email: 'redirected@example.com', password: 'a long enough password' });
    await browser.submit({ given_name: 'Rani', family_name: 'Putri' }, { action: 'save' });
    expect(new URL(browser.page!.url).origin).toBe(gerbang.url);
    expect(new URL(browser.page!.url).pathname).toBe('/evil.example/welcome');
  });

  it('sends people who must sign in first to its own login page (account, designer)', async () => {
    for (const path of ['/account', '/account/export', '/designer/', '/account/flows/mfa-setup']) {
      const res = await raw(path);
      expect(res.status, path).toBe(303);
      expect(destination(res).origin).toBe(gerbang.url);
      expect(destination(res).pathname).toBe('/login');
    }
  });

  it('starts journeys and answers steps and callbacks with redirects to its own run pages', async () => {
    const browser = new TestBrowser(gerbang.url);
    const start = await fetch(`${gerbang.url}/login`, { redirect: 'manual' });
    expect(destination(start).origin).toBe(gerbang.url);
    expect(destination(start).pathname).toMatch(/^\/flow\/[A-Za-z0-9_-]{24}$/);
    await browser.get('/login');
    const runPath = new URL(browser.page!.url).pathname;
    const cookie = `gb_bid=${browser.cookie('gb_bid')}`;
    const posted = await fetch(`${gerbang.url}${runPath}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: browser.csrfToken()!, email: 'stays@example.com' }).toString(),
    });
    expect(posted.status).toBe(303);
    expect(destination(posted).toString()).toBe(`${gerbang.url}${runPath}`);
    // The identify step takes no callback: refused with a page, never sent elsewhere.
    const callback = await raw(`${runPath}/callback?token=x&next=//evil.example/`, { cookie });
    expect(callback.headers.get('location')).toBeNull();
    expect(callback.status).toBe(409);
  });

  it('refuses to send the browser to a redirect URI or post-logout URI an app did not register', async () => {
    const auth = await raw(
      `/auth?client_id=demo-app&response_type=code&scope=openid&redirect_uri=${encodeURIComponent('https://evil.example/callback')}&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`,
    );
    expect(auth.headers.get('location')).toBeNull();
    expect(auth.status).toBe(400);
    const logout = await raw(`/session/end?client_id=demo-app&post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}`);
    expect(logout.headers.get('location')).toBeNull();
    expect(logout.status).toBe(400);
  });

  it("ends an app's sign-in, given up or completed, only at the app's registered redirect URI", async () => {
    const { path } = demoAppAuthorization({ scope: 'openid' });
    const giveUp = new TestBrowser(gerbang.url);
    await giveUp.get(path);
    // The journey's page offers the way back to the app (the interaction's abort).
    const uid = giveUp.cookie('_interaction')!;
    await giveUp.get(`/interaction/${uid}/abort`);
    expect(giveUp.page!.url).toMatch(/^http:\/\/localhost:8080\/callback\?error=access_denied/);

    const done = new TestBrowser(gerbang.url);
    await done.get(path);
    await done.submit({ email: 'app-user@example.com' });
    await done.submit({ email: 'app-user@example.com', password: 'a long enough password' });
    await done.submit({ given_name: 'Budi', family_name: 'Santoso' }, { action: 'save' });
    expect(done.page!.url).toMatch(/^http:\/\/localhost:8080\/callback\?code=/);
  });

  it('normalises any candidate into a path of this server', () => {
    for (const path of HOSTILE) expect(new URL(localPath(path), 'https://id.example').origin).toBe('https://id.example');
    expect(localPath('/account?tab=1#x')).toBe('/account?tab=1#x');
    expect(localPath('https://evil.example/')).toBe('/');
    expect(localPath(undefined, '/home')).toBe('/home');
  });
});
