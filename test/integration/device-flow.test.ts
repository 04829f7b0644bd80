import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as oidc from 'openid-client';
import { TestBrowser } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';

const PASSWORD = 'correct horse battery';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

describe('a TV signs a customer in with the device authorization grant (RFC 8628)', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: 'test-admin-token-0123456789' });
  let tv: oidc.Configuration;
  let n = 0;
  const email = () => `tv${++n}.${Date.now()}@example.com`;

  beforeAll(async () => {
    const created = await admin('/apps', { id: 'living-room-tv', name: 'Living room TV', type: 'device', flowId: 'login-signup' });
    expect(created.status).toBe(201);
    tv = await oidc.discovery(new URL(gerbang.url), 'living-room-tv', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function admin(path: string, body?: unknown) {
    return fetch(`${gerbang.url}/api${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** The TV's raw poll of the token endpoint, to see each answer the way a device does. */
  async function poll(deviceCode: string) {
    const res = await fetch(`${gerbang.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: DEVICE_GRANT, device_code: deviceCode, client_id: 'living-room-tv' }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** The person on their phone: opens the verification page and types the code as they read it. */
  async function enterCode(phone: TestBrowser, typed: string) {
    await phone.get('/device');
    return phone.submit({ user_code: typed }, { csrf: null });
  }

  it('publishes the device endpoint and gives the TV a code to show', async () => {
    expect(tv.serverMetadata().device_authorization_endpoint).toBe(`${gerbang.url}/device/auth`);
    expect(tv.serverMetadata().grant_types_supported).toContain(DEVICE_GRANT);
    const started = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid email' });
    expect(started.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(started.verification_uri).toBe(`${gerbang.url}/device`);
    expect(started.expires_in).toBe(600);
  });

  it('the person types the code in lower case without the dash, sees the TV and goes through the journey; the TV gets tokens', async () => {
    const started = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid email profile offline_access' });
    // The TV polls on its own while the person signs in on the phone.
    const tokensPromise = oidc.pollDeviceAuthorizationGrant(tv, started);

    const phone = new TestBrowser(gerbang.url);
    await phone.get('/device');
    expect(phone.title()).toBe('Connect a device');
    expect(phone.page!.html).toContain('<label for="user_code">Code</label>');
    await phone.submit({ user_code: ` ${started.user_code.replace('-', '').toLowerCase()} ` }, { csrf: null });
    expect(phone.title()).toBe('Connect this device?');
    expect(phone.page!.html).toContain('Living room TV wants to sign you in on a device.');
    expect(phone.page!.html).toContain(started.user_code);
    // Which device asked: where the request came from, so a code read off someone else's screen stands out.
    expect(phone.page!.html).toMatch(/<dt>Requested from<\/dt><dd>(::ffff:)?127\.0\.0\.1<\/dd>/);

    await phone.submit({ confirm: 'yes' }, { csrf: null });
    expect(phone.title()).toBe('Sign in or create an account');
    const address = email();
    await phone.submit({ email: address });
    await phone.submit({ email: address, password: PASSWORD });
    await phone.submit({ given_name: 'Dewi', family_name: 'Anggraini' }, { action: 'save' });
    expect(phone.title()).toBe('Device connected');
    expect(phone.page!.html).toContain('You are signed in to Living room TV on your device.');

    const tokens = await tokensPromise;
    expect(tokens.claims()).toMatchObject({ aud: 'living-room-tv', email: address, amr: ['pwd'] });
    expect(tokens.refresh_token).toBeTruthy();
    const info = await oidc.fetchUserInfo(tv, tokens.access_token, tokens.claims()!.sub);
    expect(info).toMatchObject({ email: address, name: 'Dewi Anggraini' });

    // The code worked once: typed again it is refused, and the TV cannot use its device code again.
    await enterCode(phone, started.user_code);
    expect(phone.errors()).toContain('This code has already been used. Start again on your device to get a new code.');
    expect((await poll(started.device_code)).body.error).toBe('invalid_grant');
  }, 30_000);

  it('only device apps may start the grant, and a device code works only for the app it was issued to', async () => {
    const res = await fetch(`${gerbang.url}/device/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'demo-app', scope: 'openid' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request', error_description: `${DEVICE_GRANT} is not allowed for this client` });

    const started = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid' });
    const stolen = await fetch(`${gerbang.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: DEVICE_GRANT, device_code: started.device_code, client_id: 'demo-app' }),
    });
    expect(stolen.status).toBe(400);
    const answer = (await stolen.json()) as Record<string, unknown>;
    expect(answer).toMatchObject({ error: 'invalid_request', error_description: 'requested grant type is not allowed for this client' });
    expect(answer.access_token).toBeUndefined();
  });

  it('speaks Bahasa Indonesia on the verification page and in the journey', async () => {
    const started = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid' });
    const phone = new TestBrowser(gerbang.url, { 'accept-language': 'id-ID,id;q=0.9' });
    await phone.get('/device');
    expect(phone.title()).toBe('Hubungkan perangkat');
    await phone.submit({ user_code: 'BBBB-BBBB' }, { csrf: null });
    expect(phone.errors()).toContain('Kode itu tidak benar. Periksa kode di perangkat Anda lalu coba lagi.');
    await phone.submit({ user_code: started.user_code }, { csrf: null });
    expect(phone.title()).toBe('Hubungkan perangkat ini?');
    expect(phone.page!.html).toContain('Tolak');
    await phone.submit({ confirm: 'yes' }, { csrf: null });
    expect(phone.title()).toBe('Masuk atau buat akun');
  });

  it('the person refuses the device: the TV is told access_denied and gets no token', async () => {
    const started = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid' });
    const phone = new TestBrowser(gerbang.url);
    await enterCode(phone, started.user_code);
    expect(phone.title()).toBe('Connect this device?');
    await phone.submit({ abort: 'yes' }, { csrf: null });
    expect(phone.page!.html).toContain('You refused the sign-in. The device was not connected.');

    const answer = await poll(started.device_code);
    expect(answer).toMatchObject({ status: 400, body: { error: 'access_denied' } });
    expect(answer.body.access_token).toBeUndefined();
    // The code is spent: nobody can approve it afterwards.
    await enterCode(phone, started.user_code);
    expect(phone.errors()).toContain('This code has already been used. Start again on your device to get a new code.');
  });

  it('a code left too long expires: the TV is told expired_token and the person is told to start again', async () => {
    const started = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid' });
    expect((await poll(started.device_code)).body.error).toBe('authorization_pending');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + (started.expires_in + 5) * 1000);

    const phone = new TestBrowser(gerbang.url);
    await enterCode(phone, started.user_code);
    expect(phone.errors()).toContain('This code has expired. Start again on your device to get a new code.');
    const answer = await poll(started.device_code);
    expect(answer).toMatchObject({ status: 400, body: { error: 'expired_token' } });
  });

  it('a TV polling faster than the interval is told to slow down', async () => {
    const started = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid' });
    expect(await poll(started.device_code)).toMatchObject({ status: 400, body: { error: 'authorization_pending' } });
    expect(await poll(started.device_code)).toMatchObject({ status: 400, body: { error: 'slow_down' } });
    // After the interval the TV is answered normally again.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 6_000);
    expect(await poll(started.device_code)).toMatchObject({ status: 400, body: { error: 'authorization_pending' } });
  });

  it('guessing user codes is limited: after repeated misses the page locks, even for a right code', async () => {
    const started = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid' });
    const attacker = new TestBrowser(gerbang.url);
    // Code entries from this address so far (earlier tests) count too: guess until the lock.
    let misses = 0;
    for (; misses < 25; misses++) {
      await enterCode(attacker, `BBBB-${'BCDFGHJKLMNPQRSTVWXZ'[misses % 20]}BB${'BCDFGHJKLMNPQRSTVWXZ'[Math.floor(misses / 20)]}`);
      if (attacker.page!.status === 429) break;
      expect(attacker.errors()).toEqual(['That code is not right. Check the code on your device and try again.']);
    }
    expect(misses).toBeLessThanOrEqual(20);
    expect(attacker.errors()).toEqual(['Too many codes were tried from here. Please wait 15 minutes and try again.']);
    // Locked means locked: the right code is refused too, and the page offers nothing to submit.
    await enterCode(attacker, started.user_code);
    expect(attacker.page!.status).toBe(429);
    expect(attacker.page!.headers.get('retry-after')).toBe('900');
    // The code itself was not approved or spent by the guessing.
    expect((await poll(started.device_code)).body.error).toBe('authorization_pending');
  });
});
