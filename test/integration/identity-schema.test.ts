import { describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { TestBrowser } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';
import { appAt, appAuthorization } from '../support/openid-journey.js';

const PASSWORD = 'correct horse battery';
const TOKEN = 'test-admin-token-0123456789';
const REDIRECT = 'http://localhost:8080/callback';

/**
 * The identity schema end to end: an attribute the organisation declares is asked by the profile
 * step with its checks, shown and edited on /account, and released as a claim to an app that asks
 * for its scope (and only to such an app).
 */
describe('identity schema, end to end', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });


  const admin = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${gerbang.url}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const discover = () =>
    oidc.discovery(new URL(gerbang.url), 'loyalty-app', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });

  const authorize = (config: oidc.Configuration, scope: string) => appAuthorization(appAt(config, REDIRECT), { scope });

  /** Submits the /account profile form with its hidden fields. */
  async function postProfile(browser: TestBrowser, fields: Record<string, string>) {
    const form = /<form[^>]*action="\/account\/profile"[\s\S]*?<\/form>/.exec(browser.page!.html)?.[0];
    const hidden = Object.fromEntries([...form!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
    return browser.post('/account/profile', { ...hidden, ...fields });
  }

  it('asks, checks, shows, edits and releases an attribute the organisation declared', async () => {
    // The organisation declares a loyalty number and makes the date of birth say "at least 18".
    const declared = await admin('/attributes/loyalty_number', 'PUT', {
      type: 'text',
      label: { en: 'Loyalty number', id: 'Nomor anggota' },
      editable: true,
      claim: 'loyalty_number',
      scope: 'loyalty',
      rules: { pattern: '[0-9]{6}', maxLength: 6 },
      revision: 0,
    });
    expect(declared.status).toBe(200);
    const birthdate = (await (await admin('/attributes')).json()) as Array<{ key: string; revision: number; standard: boolean }>;
    expect(birthdate.find((a) => a.key === 'birthdate')).toMatchObject({ standard: true, revision: 0 });
    expect(
      (await admin('/attributes/birthdate', 'PUT', { type: 'date', label: { en: 'Date of birth', id: 'Tanggal lahir' }, rules: { minimumAge: 18 }, revision: 0 })).status,
    ).toBe(200);

    // An onboarding journey asks both; an app signs customers in through it.
    const draft = (await (await admin('/flows/login-signup')).json()) as { graph: { nodes: Array<{ id: string; type: string; settings: unknown }> } & Record<string, unknown> };
    const graph = {
      ...draft.graph,
      id: 'onboarding',
      name: 'Onboarding',
      nodes: draft.graph.nodes.map((n) => (n.type === 'profile' ? { ...n, settings: { fields: [{ attribute: 'loyalty_number', required: true }, { attribute: 'birthdate', required: true }] } } : n)),
    };
    expect((await admin('/flows', 'POST', { id: 'onboarding', name: 'Onboarding' })).status).toBe(201);
    expect((await admin('/flows/onboarding', 'PUT', { graph })).status).toBe(200);
    expect((await admin('/flows/onboarding/publish', 'POST')).status).toBe(201);
    expect((await admin('/apps', 'POST', { id: 'loyalty-app', name: 'Loyalty', type: 'public', redirectUris: [REDIRECT], flowId: 'onboarding' })).status).toBe(201);

    const config = await discover();
    expect(config.serverMetadata().scopes_supported).toContain('loyalty');
    const browser = new TestBrowser(gerbang.url);
    const address = `loyal.${Date.now()}@example.com`;
    const req = authorize(config, 'openid profile loyalty');
    await browser.get(req.path);
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: PASSWORD });
    expect(browser.title()).toBe('Tell us a little about yourself');
    expect(browser.page!.html).toContain('Loyalty number');
    expect(browser.page!.html).toContain('Date of birth');

    await browser.submit({ loyalty_number: 'ABC', birthdate: '2090-01-01' }, { action: 'save' });
    expect(browser.errors()).toEqual(expect.arrayContaining(['Please enter a date in the past.']));
    expect(browser.errors()).toHaveLength(2);
    const tooYoung = new Date();
    tooYoung.setUTCFullYear(tooYoung.getUTCFullYear() - 10);
    await browser.submit({ loyalty_number: '123456', birthdate: tooYoung.toISOString().slice(0, 10) }, { action: 'save' });
    expect(browser.errors()).toEqual(['You must be at least 18 years old.']);
    await browser.submit({ loyalty_number: '123456', birthdate: '1990-04-02' }, { action: 'save' });
    expect(browser.page!.url.startsWith(REDIRECT)).toBe(true);

    const tokens = await oidc.authorizationCodeGrant(config, new URL(browser.page!.url), { pkceCodeVerifier: req.verifier, expectedState: req.state });
    expect(tokens.claims()).toMatchObject({ loyalty_number: '123456', birthdate: '1990-04-02' });
    const info = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    expect(info).toMatchObject({ loyalty_number: '123456', birthdate: '1990-04-02' });

    // An app that does not ask for the scope does not get the claim.
    const plain = authorize(config, 'openid profile');
    await browser.get(plain.path);
    expect(browser.page!.url.startsWith(REDIRECT)).toBe(true);
    const plainTokens = await oidc.authorizationCodeGrant(config, new URL(browser.page!.url), { pkceCodeVerifier: plain.verifier, expectedState: plain.state });
    expect(plainTokens.claims()).toMatchObject({ birthdate: '1990-04-02' });
    expect(plainTokens.claims()).not.toHaveProperty('loyalty_number');

    // /account shows the attribute with its label and checks a change the same way.
    await browser.get('/account');
    expect(browser.title()).toBe('Your account');
    expect(browser.page!.html).toContain('Loyalty number');
    expect(browser.fieldValue('loyalty_number')).toBe('123456');
    const bad = await postProfile(browser, { loyalty_number: '12', given_name: '', family_name: '' });
    expect(bad.status).toBe(422);
    expect(browser.errors()).toContain('Please use the expected format.');
    await postProfile(browser, { loyalty_number: '654321' });
    expect(browser.fieldValue('loyalty_number')).toBe('654321');

    // A change of the schema reaches tokens at once: the claim is renamed.
    const current = ((await (await admin('/attributes')).json()) as Array<{ key: string; revision: number }>).find((a) => a.key === 'loyalty_number')!;
    expect(
      (await admin('/attributes/loyalty_number', 'PUT', { type: 'text', label: { en: 'Loyalty number' }, claim: 'member_number', scope: 'loyalty', rules: { pattern: '[0-9]{6}' }, revision: current.revision })).status,
    ).toBe(200);
    const renamed = authorize(config, 'openid loyalty');
    await browser.get(renamed.path);
    const renamedTokens = await oidc.authorizationCodeGrant(config, new URL(browser.page!.url), { pkceCodeVerifier: renamed.verifier, expectedState: renamed.state });
    expect(renamedTokens.claims()).toMatchObject({ member_number: '654321' });
    expect(renamedTokens.claims()).not.toHaveProperty('loyalty_number');
  });

  it('refuses definitions that make no sense, stale changes, and removing an attribute a journey asks', async () => {
    const bad = await admin('/attributes/shoe_size', 'PUT', { type: 'number', label: { en: 'Shoe size' }, rules: { pattern: '[0-9]+', options: [] }, claim: 'email', scope: 'openid', revision: 0 });
    expect(bad.status).toBe(422);
    const { problems } = (await bad.json()) as { problems: string[] };
    expect(problems).toEqual(
      expect.arrayContaining(['A number attribute cannot have a pattern.', 'The claim "email" is issued by Gerbang itself.', 'The scope "openid" cannot release attributes.']),
    );
    expect((await admin('/attributes/Bad-Key', 'PUT', { type: 'text', label: { en: 'x' } })).status).toBe(400);

    expect((await admin('/attributes/team', 'PUT', { type: 'select', label: { en: 'Team' }, rules: { options: [{ value: 'red', label: { en: 'Red' } }] }, revision: 0 })).status).toBe(200);
    expect((await admin('/attributes/team', 'PUT', { type: 'select', label: { en: 'Squad' }, rules: { options: [{ value: 'red', label: { en: 'Red' } }] }, revision: 0 })).status).toBe(409);

    const refused = await admin('/attributes/loyalty_number', 'DELETE');
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { message: string }).message).toContain('Onboarding (published: Your name)');
    expect((await admin('/attributes/team', 'DELETE')).status).toBe(204);
    expect((await admin('/attributes/team', 'DELETE')).status).toBe(404);
    // A standard attribute goes back to its shipped definition.
    expect((await admin('/attributes/birthdate', 'DELETE')).status).toBe(204);
    const birthdate = ((await (await admin('/attributes')).json()) as Array<{ key: string; rules: object }>).find((a) => a.key === 'birthdate');
    expect(birthdate?.rules).toEqual({ past: true });
  });
});
