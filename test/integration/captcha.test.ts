import { beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser } from '../support/browser.js';
import { useGerbang, useStarted } from '../support/gerbang.js';
import { tokenApi } from '../support/admin-api.js';
import { FakeCaptchaVerifier } from '../support/captcha-verify.js';

const TOKEN = 'test-admin-token-0123456789';
const SECRET = '0x4AAAAAAA-turnstile-secret-of-the-shop';

/**
 * A CAPTCHA provider as the bot challenge of a journey, against a Turnstile-shaped verify API on
 * loopback: keys set through the admin API (the secret sealed, never shown back), the widget and its
 * origins on the page, a solved token letting the person on, and a provider that is down stopping
 * everyone with a clear page.
 */
describe('CAPTCHA providers in the bot challenge', () => {
  const verifier = useStarted(new FakeCaptchaVerifier(SECRET));
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  const api = tokenApi(() => gerbang.url, TOKEN);

  beforeAll(async () => {
    // The sign-in journey starts with a Turnstile challenge.
    const { graph } = (await api('GET', '/flows/login-signup')).body;
    graph.nodes.push({ id: 'human', type: 'bot-challenge', settings: { when: 'always', challenge: 'turnstile' }, position: { x: -200, y: 160 } });
    graph.edges.push({ id: 'e-human', from: 'human', outcome: 'passed', to: graph.start });
    graph.start = 'human';
    expect((await api('PUT', '/flows/login-signup', { graph })).status).toBe(200);
    expect((await api('POST', '/flows/login-signup/publish')).status).toBe(201);
  });

  it('keeps the provider secret sealed and never shows it back; refuses keys it cannot use', async () => {
    expect((await api('PUT', '/protection/captcha/turnstile', { siteKey: '0x4AAAAAAAsite' })).status).toBe(400); // no secret yet
    expect((await api('PUT', '/protection/captcha/turnstile', { siteKey: '0x4AAAAAAAsite', secret: SECRET, verifyUrl: 'http://verify.example.com/siteverify' })).status).toBe(400);
    expect((await api('PUT', '/protection/captcha/friendly', { siteKey: 'x', secret: 'y' })).status).toBe(400);
    const saved = await api('PUT', '/protection/captcha/turnstile', { siteKey: '0x4AAAAAAAsite', secret: SECRET, verifyUrl: verifier.url });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ provider: 'turnstile', title: 'Cloudflare Turnstile', siteKey: '0x4AAAAAAAsite', verifyUrl: verifier.url });
    // A new site key without the secret keeps the secret.
    expect((await api('PUT', '/protection/captcha/turnstile', { siteKey: '0x4AAAAAAAsite', verifyUrl: verifier.url })).status).toBe(200);
    const listed = await api('GET', '/protection/captcha');
    expect(listed.body.providers.map((p: { provider: string }) => p.provider)).toEqual(['turnstile']);
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);
    const stored = await gerbang.store.settings.get('captcha:turnstile');
    expect(JSON.stringify(stored)).not.toContain(SECRET);
    const trail = await gerbang.store.audit.list({ type: 'protection.captcha-saved', limit: 5 });
    expect(trail.map((e) => e.details)).toEqual([
      expect.objectContaining({ provider: 'turnstile', secretChanged: false }),
      expect.objectContaining({ provider: 'turnstile', secretChanged: true }),
    ]);
  });

  it('shows the widget with the provider allowed by the page, and lets a person who solved it on', async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=login-signup');
    expect(browser.title()).toBe('One moment');
    const csp = browser.page!.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self' https://challenges.cloudflare.com");
    expect(csp).toContain('frame-src https://challenges.cloudflare.com');
    expect(browser.page!.html).toContain('"siteKey":"0x4AAAAAAAsite"');
    expect(browser.page!.html).toContain('src="/assets/captcha.js"');
    expect(browser.page!.html).not.toContain(SECRET);

    // Without solving it: refused, in words.
    await browser.submit({ captcha: '' }, { action: 'continue' });
    expect(browser.errors().join(' ')).toContain('That check did not work. Please try it again.');
    const token = verifier.solve();
    await browser.submit({ captcha: token }, { action: 'continue' });
    expect(browser.title()).not.toBe('One moment');
    expect(browser.fieldNames()).toContain('email');
    expect(verifier.received.at(-1)).toMatchObject({ secret: SECRET, response: token, remoteip: '127.0.0.1' });
    // Other pages allow no third party.
    expect(browser.page!.headers.get('content-security-policy')).not.toContain('cloudflare');
  });

  it('stops everyone with a clear page while the provider is down, and lets them on once it is back', async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login?flow=login-signup');
    verifier.down = true;
    try {
      await browser.submit({ captcha: verifier.solve() }, { action: 'continue' });
      expect(browser.title()).toBe('One moment');
      expect(browser.errors().join(' ')).toContain('We cannot check right now that you are a person: the service that does it is not answering.');
      expect(browser.fieldNames()).not.toContain('password');
    } finally {
      verifier.down = false;
    }
    const events = await gerbang.store.audit.list({ type: 'bot.challenged', limit: 10 });
    expect(events.some((e) => e.details.unavailable === true && e.details.provider === 'turnstile')).toBe(true);
    await browser.submit({ captcha: verifier.solve() }, { action: 'continue' });
    expect(browser.fieldNames()).toContain('email');
  });
  it('runs a saved test case through the challenge without asking the provider anything', async () => {
    const asked = verifier.received.length;
    const passedBefore = (await gerbang.store.audit.list({ type: 'bot.passed', limit: 50 })).length;
    const { graph } = (await api('GET', '/flows/login-signup')).body;
    graph.tests = [
      {
        id: 'returning-customer',
        name: 'Returning customer',
        persona: { email: 'ada@example.com', exists: true, password: 'a long enough password', attributes: { given_name: 'Ada', family_name: 'Lovelace' } },
        answers: [
          { step: 'human', values: { captcha: 'solved in the sandbox' } },
          { step: 'identify', values: { email: 'ada@example.com' } },
          { step: 'password', values: { password: 'a long enough password' } },
        ],
        expect: { end: 'success' },
      },
      {
        id: 'unsolved',
        name: 'Nobody solves the challenge',
        persona: { email: 'bob@example.com', exists: false },
        answers: [{ step: 'human', values: { captcha: '' } }],
        expect: { end: 'success' },
      },
    ];
    expect((await api('PUT', '/flows/login-signup', { graph })).status).toBe(200);
    const ran = await api('POST', '/flows/login-signup/tests/run', {});
    const [solved, unsolved] = ran.body.results;
    // The sandbox stands in for the provider: an answer passes, an empty one is refused; the verify API hears nothing.
    expect(solved).toMatchObject({ passed: true, ended: 'success' });
    expect(solved.path[0]).toEqual({ from: 'human', outcome: 'passed', to: 'identify' });
    expect(unsolved).toMatchObject({ passed: false, stoppedAt: 'human' });
    expect(unsolved.reason).toContain('That check did not work');
    expect(verifier.received.length).toBe(asked);
    expect(await gerbang.store.audit.list({ type: 'bot.passed', limit: 50 })).toHaveLength(passedBefore); // the sandbox's trail stayed there
  });
});
