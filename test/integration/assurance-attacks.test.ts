import { beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import type { FlowGraph } from '../../engine/flow/types.js';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';
import { TestBrowser, decodeEntities } from '../support/browser.js';
import { useGerbang, useStarted } from '../support/gerbang.js';
import { tokenApi } from '../support/admin-api.js';
import { MailCatcher, linkIn } from '../support/mail.js';
import { appAuthorization, tokenRequest, type PublicApp } from '../support/openid-journey.js';

const TOKEN = 'assurance-attacks-admin-token-0123456789';
const PASSWORD = 'correct horse battery';
const REDIRECT = 'http://localhost:8080/callback';
const LOA1 = 'urn:gerbang:loa:1';
const LOA2 = 'urn:gerbang:loa:2';
const DEMO: PublicApp = { clientId: 'demo-app', redirectUri: REDIRECT };
/** An app whose minimum is two factors. */
const BANK: PublicApp = { clientId: 'bank-app', redirectUri: REDIRECT };
/** An app that signs in with a link by email (one factor: `otp`). */
const MAIL_APP: PublicApp = { clientId: 'mail-app', redirectUri: REDIRECT };
/** oidc-provider's cookie naming the interaction in progress (one per interaction, path-scoped in a browser). */
const INTERACTION_COOKIE = '_interaction';

type Request = ReturnType<typeof appAuthorization>;

/**
 * Assurance is enforced at completion: an app or its request asks for a stronger sign-in than a run
 * proved. Each attack here tries to get a code anyway by finishing an interaction with a run that
 * does not belong to it or did not prove enough; each must end with a refusal or a step-up, and any
 * code given carries exactly the level that was proved.
 */
describe('assurance holds against completion attacks', () => {
  const mail = useStarted(new MailCatcher());
  const gerbang = useGerbang(() => ({ ADMIN_API_TOKEN: TOKEN, ...mail.env() }));
  const api = tokenApi(() => gerbang.url, TOKEN);
  let n = 0;
  const email = () => `attack${++n}.${Date.now()}@example.com`;

  beforeAll(async () => {
    const apps = [
      { id: BANK.clientId, name: 'Bank', type: 'public', redirectUris: [REDIRECT], flowId: 'login-signup', minAcr: LOA2 },
      { id: MAIL_APP.clientId, name: 'Newsletter', type: 'public', redirectUris: [REDIRECT], flowId: 'passwordless' },
    ];
    for (const app of apps) expect((await api('POST', '/apps', app)).status).toBe(201);
  });

  /** A customer with a password only (one factor). */
  async function passwordUser(address = email()) {
    await gerbang.store.users.create({ email: address, emailVerified: true, attributes: { given_name: 'Sari', family_name: 'Dewi' } }, { type: 'password', data: { hash: await argon2idHasher.hash(PASSWORD) } });
    return address;
  }

  /** The run the page in the browser belongs to (its form posts to it). */
  const runOnPage = (b: TestBrowser) => /action="\/flow\/([A-Za-z0-9_-]{24})"/.exec(b.page!.html)![1];
  const uidOf = async (runId: string) => String((await gerbang.store.runs.get(runId))!.origin.uid);
  const atApp = (b: TestBrowser) => b.page!.url.startsWith(REDIRECT);
  /** The app's side: the code in the callback exchanged for tokens; the ID token's claims. */
  async function idTokenOf(b: TestBrowser, app: PublicApp, req: Request) {
    const callback = new URL(b.page!.url);
    expect(callback.searchParams.get('state')).toBe(req.state);
    const tokens = await tokenRequest(gerbang.url, { grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: app.redirectUri, client_id: app.clientId, code_verifier: req.verifier });
    return decodeJwt(tokens.id_token);
  }
  async function passwordSignIn(b: TestBrowser, req: Request, address: string) {
    await b.get(req.path);
    const runId = runOnPage(b);
    await b.submit({ email: address });
    await b.submit({ email: address, password: PASSWORD });
    return runId;
  }

  it('refuses to finish a request for two factors with the run that proved one, called directly', async () => {
    const address = await passwordUser();
    const browser = new TestBrowser(gerbang.url);
    const req = appAuthorization(DEMO, { acr_values: LOA2 });
    const weakRun = await passwordSignIn(browser, req, address);
    // The engine continued into a step-up: no factor yet, so the person is asked to set one up.
    expect(browser.title()).toBe('Protect your account');
    const stepUp = runOnPage(browser);
    expect(stepUp).not.toBe(weakRun);
    expect((await gerbang.store.runs.get(weakRun))!.status).toBe('completed');

    const direct = await browser.get(`/interaction/${await uidOf(weakRun)}/complete?run=${weakRun}`);
    expect(direct.status).toBe(403);
    expect(atApp(browser)).toBe(false);
    // The step-up run, not finished yet, cannot finish it either.
    expect((await browser.get(`/interaction/${await uidOf(weakRun)}/complete?run=${stepUp}`)).status).toBe(400);
    expect(atApp(browser)).toBe(false);
  });

  it("refuses another interaction's weaker run, replayed on a request that needs two factors", async () => {
    const address = await passwordUser();
    const browser = new TestBrowser(gerbang.url);
    const weak = appAuthorization(DEMO);
    const weakRun = await passwordSignIn(browser, weak, address);
    const honest = await idTokenOf(browser, DEMO, weak);
    expect(honest).toMatchObject({ acr: LOA1, amr: ['pwd'] });

    const strong = appAuthorization(BANK);
    await browser.get(strong.path);
    expect(browser.title()).toBe('Protect your account');
    const strongUid = await uidOf(runOnPage(browser));
    const replay = await browser.get(`/interaction/${strongUid}/complete?run=${weakRun}`);
    expect(replay.status).toBe(400);
    expect(atApp(browser)).toBe(false);
  });

  it("refuses a run of another browser, even with that browser's interaction cookie", async () => {
    const address = await passwordUser();
    const victim = new TestBrowser(gerbang.url);
    const req = appAuthorization(DEMO, { acr_values: LOA2 });
    await victim.get(req.path);
    const run = runOnPage(victim);
    // The attacker has the victim's interaction cookie and the run's id (it is in the page's address),
    // but not the victim's browser.
    const attacker = new TestBrowser(gerbang.url);
    for (const [name, value] of victim.cookieHeader().split('; ').map((c) => c.split('=')) as Array<[string, string]>) {
      if (name.startsWith(INTERACTION_COOKIE)) attacker.setCookie(name, value);
    }
    expect(attacker.cookie(INTERACTION_COOKIE)).toBeDefined();
    await victim.submit({ email: address });
    await victim.submit({ email: address, password: PASSWORD });
    expect(victim.title()).toBe('Protect your account');

    const stolen = await attacker.get(`/interaction/${await uidOf(run)}/complete?run=${run}`);
    expect(stolen.status).toBe(403);
    expect(decodeEntities(stolen.html)).toMatch(/another browser/);
    expect(atApp(attacker)).toBe(false);
    // Nor can the attacker go on with the victim's run.
    expect((await attacker.get(`/flow/${run}`)).status).toBe(403);
  });

  it('refuses a run of a request whose acr_values were tampered with to finish the original request', async () => {
    const address = await passwordUser();
    const browser = new TestBrowser(gerbang.url);
    const asked = appAuthorization(DEMO, { acr_values: LOA2 });
    await browser.get(asked.path);
    const askedUid = await uidOf(runOnPage(browser));
    const askedCookie = browser.cookie(INTERACTION_COOKIE)!;

    // The same request with acr_values taken out, signed in with the password alone.
    const tampered = appAuthorization(DEMO);
    const tamperedRun = await passwordSignIn(browser, tampered, address);
    // The app that checks its answer sees the level proved, never the one it asked for.
    expect(await idTokenOf(browser, DEMO, tampered)).toMatchObject({ acr: LOA1, amr: ['pwd'] });

    browser.setCookie(INTERACTION_COOKIE, askedCookie);
    const finished = await browser.get(`/interaction/${askedUid}/complete?run=${tamperedRun}`);
    expect(finished.status).toBe(400);
    expect(atApp(browser)).toBe(false);
    // The original request goes on where it was: it still asks for what is missing.
    await browser.get(`/interaction/${askedUid}`);
    expect(browser.title()).not.toBe('');
    expect(atApp(browser)).toBe(false);
  });

  it("refuses account A's completed run for account B's step-up interaction", async () => {
    const victim = await passwordUser();
    const other = await passwordUser();
    const browser = new TestBrowser(gerbang.url);
    const first = appAuthorization(DEMO);
    await passwordSignIn(browser, first, victim);
    expect(atApp(browser)).toBe(true);
    // B's single sign-on meets the bank: a step-up for B.
    const bank = appAuthorization(BANK);
    await browser.get(bank.path);
    expect(browser.title()).toBe('Protect your account');
    const stepUpUid = await uidOf(runOnPage(browser));
    const bankCookie = browser.cookie(INTERACTION_COOKIE)!;

    // A's sign-in, completed in the same browser (a sign-in of its own, from the sign-in page).
    await browser.get('/login?flow=login-signup');
    const runOfA = runOnPage(browser);
    await browser.submit({ email: other });
    await browser.submit({ email: other, password: PASSWORD });
    expect((await gerbang.store.runs.get(runOfA))!.status).toBe('completed');

    browser.setCookie(INTERACTION_COOKIE, bankCookie);
    expect((await browser.get(`/interaction/${stepUpUid}/complete?run=${runOfA}`)).status).toBe(400);
    expect(atApp(browser)).toBe(false);
  });

  it('gives no session to a step-up that ends with another account, even when the completion URL is called instead of the refusal', async () => {
    // A step-up journey changed by someone with designer rights: it asks who you are and a password.
    const { body: stepUp } = await api('GET', '/flows/step-up');
    const graph: FlowGraph = {
      ...(stepUp.graph as FlowGraph),
      start: 'who',
      nodes: [
        { id: 'who', type: 'identify', settings: {}, position: { x: 0, y: 0 } },
        { id: 'password', type: 'password', settings: { maxAttempts: 5, lockMinutes: 15 }, position: { x: 300, y: 0 } },
        { id: 'failed', type: 'failure', settings: {}, position: { x: 600, y: 200 } },
        { id: 'done', type: 'success', settings: {}, position: { x: 600, y: 0 } },
      ],
      edges: [
        { id: 'e1', from: 'who', outcome: 'known', to: 'password' },
        { id: 'e2', from: 'who', outcome: 'unknown', to: 'failed' },
        { id: 'e3', from: 'password', outcome: 'success', to: 'done' },
        { id: 'e4', from: 'password', outcome: 'wrong-password', to: 'password' },
        { id: 'e5', from: 'password', outcome: 'unknown-user', to: 'failed' },
        { id: 'e6', from: 'password', outcome: 'locked', to: 'failed' },
      ],
      tests: [],
    };
    const saved = await api('PUT', '/flows/step-up', { graph, revision: stepUp.revision });
    expect(saved.status).toBe(200);
    const published = await api('POST', '/flows/step-up/publish', { revision: saved.body.revision });
    expect(published.status).toBe(201);
    try {
      // B signs in with a link by email (a possession factor, one level).
      const b = email();
      await gerbang.store.users.create({ email: b, emailVerified: true });
      const browser = new TestBrowser(gerbang.url);
      const byMail = appAuthorization(MAIL_APP);
      await browser.get(byMail.path);
      const sent = mail.mails.length;
      await browser.submit({ email: b });
      const link = new URL(linkIn(await mail.next(b, sent)));
      await browser.get(link.pathname + link.search);
      expect((await idTokenOf(browser, MAIL_APP, byMail)).amr).toEqual(['otp']);

      // The bank asks two factors: B's step-up. The attacker types account A and A's password: B's
      // emailed link and A's password would be two factors of different kinds.
      const a = await passwordUser();
      const bank = appAuthorization(BANK);
      await browser.get(bank.path);
      const stepUpRun = runOnPage(browser);
      const uid = await uidOf(stepUpRun);
      await browser.submit({ email: a });
      // Its last answer is sent without following where it leads (the refusal).
      const last = await fetch(`${gerbang.url}/flow/${stepUpRun}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: browser.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: browser.csrfToken()!, _step: /name="_step" value="([^"]+)"/.exec(browser.page!.html)![1], email: a, password: PASSWORD }).toString(),
      });
      expect(last.status).toBe(303);
      expect(last.headers.get('location')).toBe(`/interaction/${uid}/abort?reason=unmet`);

      const direct = await browser.get(`/interaction/${uid}/complete?run=${stepUpRun}`);
      expect(direct.status).toBe(403);
      expect(atApp(browser)).toBe(false);
      // The refusal still reaches the app as an error, with no code.
      await browser.get(`/interaction/${uid}/abort?reason=unmet`);
      const back = new URL(browser.page!.url);
      expect(back.searchParams.get('error')).toBe('unmet_authentication_requirements');
      expect(back.searchParams.get('code')).toBeNull();
    } finally {
      const { body: draft } = await api('GET', '/flows/step-up');
      expect((await api('POST', '/flows/step-up/rollback', { version: 1, resetDraft: true, revision: draft.revision })).status).toBe(200);
    }
  });
});
