import { beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { generate } from 'otplib';
import { TestBrowser, decodeEntities } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';
import { appAt, appAuthorization } from '../support/openid-journey.js';
import { tokenApi } from '../support/admin-api.js';

const PASSWORD = 'correct horse battery';
const TOKEN = 'test-admin-token-0123456789';
const REDIRECT = 'http://localhost:8080/callback';
const LOA2 = 'urn:gerbang:loa:2';

/**
 * "Remember this browser" after a second factor, and each app's say in it: a shop accepts a
 * remembered browser for its two-factor minimum, a bank does not (its people are asked the second
 * factor every time, also on single sign-on from the shop).
 */
describe('a remembered browser counts for the apps that accept it', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });

  const api = tokenApi(() => gerbang.url, TOKEN);

  /** Lets the journey's second-factor step offer "remember this browser for 30 days", and publishes it. */
  async function offerRemembering(flowId: string, nodeId: string) {
    const { graph } = (await api('GET', `/flows/${flowId}`)).body as { graph: { nodes: Array<{ id: string; settings: Record<string, unknown> }> } };
    const node = graph.nodes.find((n) => n.id === nodeId)!;
    node.settings = { ...node.settings, rememberDays: 30 };
    expect((await api('PUT', `/flows/${flowId}`, { graph })).status).toBe(200);
    expect((await api('POST', `/flows/${flowId}/publish`)).status).toBe(201);
  }

  beforeAll(async () => {
    await offerRemembering('login-mfa', 'mfa');
    // The step-up journey offers it too: an app that refuses it must be asked there all the same.
    await offerRemembering('step-up', 'second');
    for (const app of [
      { id: 'shop', name: 'Shop', acceptsRememberedBrowser: true },
      { id: 'bank', name: 'Bank', acceptsRememberedBrowser: false },
    ]) {
      const created = await api('POST', '/apps', { ...app, type: 'public', redirectUris: [REDIRECT], flowId: 'login-mfa', minAcr: LOA2 });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ acceptsRememberedBrowser: app.acceptsRememberedBrowser });
    }
  });

  const codeBlock = (b: TestBrowser) => decodeEntities(/<pre class="code">([\s\S]*?)<\/pre>/.exec(b.page!.html)![1]);
  const atApp = (b: TestBrowser) => b.page!.url.startsWith(REDIRECT);

  /** Signs up through login-mfa with an authenticator app; returns the recovery codes. */
  async function enrol(address: string): Promise<string[]> {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=login-mfa');
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: PASSWORD });
    await browser.submit({}, { action: 'totp-start' });
    const secret = codeBlock(browser).replace(/\s/g, '');
    await browser.submit({ code: await generate({ secret }) }, { action: 'totp-confirm' });
    const recovery = codeBlock(browser).split('\n');
    await browser.submit({}, { action: 'recovery-saved' });
    await browser.submit({ given_name: 'Rina', family_name: 'Wati' }, { action: 'save' });
    return recovery;
  }

  /** Opens the app's sign-in in `browser`; returns what to redeem the code with. */
  async function openApp(browser: TestBrowser, clientId: string) {
    const config = await oidc.discovery(new URL(gerbang.url), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const { path, verifier, state } = appAuthorization(appAt(config, REDIRECT));
    await browser.get(path);
    return { claims: async () => (await oidc.authorizationCodeGrant(config, new URL(browser.page!.url), { pkceCodeVerifier: verifier, expectedState: state })).claims()! };
  }

  async function password(browser: TestBrowser, address: string) {
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: PASSWORD });
  }

  /** The same browser (its long-lived browser cookie) with no session: a new visit after signing out. */
  const sameBrowserLater = (b: TestBrowser) => {
    const later = new TestBrowser(gerbang.url);
    later.setCookie('gb_bid', b.cookie('gb_bid')!);
    return later;
  };

  it('skips the second factor in a remembered browser for the shop, and asks it for the bank, also on single sign-on', async () => {
    const address = `remember.${Date.now()}@example.com`;
    const recovery = await enrol(address);

    // At the shop: the second factor, and the box ticked.
    const first = new TestBrowser(gerbang.url);
    const shop1 = await openApp(first, 'shop');
    await password(first, address);
    expect(first.title()).toBe('Enter your code');
    await first.submit({}, { action: 'method:recovery-codes' });
    await first.submit({ code: recovery[0], remember: 'on' }, { action: 'verify' });
    expect(atApp(first)).toBe(true);
    expect((await shop1.claims()).amr).toEqual(expect.arrayContaining(['pwd', 'mfa']));

    // Back at the shop later in the same browser: the password only, and the token says why that is two factors.
    const later = sameBrowserLater(first);
    const shop2 = await openApp(later, 'shop');
    await password(later, address);
    expect(atApp(later)).toBe(true);
    const remembered = await shop2.claims();
    expect(remembered.acr).toBe(LOA2);
    expect(remembered.amr).toEqual(['pwd', 'remembered-browser']);

    // Single sign-on from there to the bank: the second factor is asked, though the step-up journey offers remembering.
    const bank1 = await openApp(later, 'bank');
    expect(atApp(later)).toBe(false);
    expect(later.title()).toBe('Enter your code');
    await later.submit({}, { action: 'method:recovery-codes' });
    await later.submit({ code: recovery[1] }, { action: 'verify' });
    expect(atApp(later)).toBe(true);
    expect((await bank1.claims()).amr).toEqual(expect.arrayContaining(['pwd', 'mfa']));

    // Straight to the bank in the remembered browser: asked as well, by the journey's own step.
    const direct = sameBrowserLater(first);
    await openApp(direct, 'bank');
    await password(direct, address);
    expect(direct.title()).toBe('Enter your code');
    expect(atApp(direct)).toBe(false);
  });

  it('stores the app setting, changes it, and refuses anything but true or false', async () => {
    expect((await api('GET', '/apps/bank')).body.acceptsRememberedBrowser).toBe(false);
    expect((await api('PUT', '/apps/bank', { acceptsRememberedBrowser: true })).status).toBe(200);
    expect((await gerbang.store.apps.get('bank'))?.acceptsRememberedBrowser).toBe(true);
    expect((await api('PUT', '/apps/bank', { acceptsRememberedBrowser: 'sometimes' })).status).toBe(400);
    expect((await gerbang.store.apps.get('bank'))?.acceptsRememberedBrowser).toBe(true);
    await api('PUT', '/apps/bank', { acceptsRememberedBrowser: false });
  });
});
