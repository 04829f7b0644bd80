import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { verifyCaptcha, CAPTCHA_PROVIDERS } from './captcha.js';
import { FakeCaptchaVerifier } from '../test/support/captcha-verify.js';

describe('CAPTCHA verify connector against a verify API on loopback', () => {
  const verifier = new FakeCaptchaVerifier('provider-secret-0123');
  let url = '';
  beforeAll(async () => {
    url = await verifier.start();
  });
  afterAll(() => verifier.stop());

  it.each(CAPTCHA_PROVIDERS)('%s: posts the secret, the token and the address as a form, and passes a solved token once', async (provider) => {
    const config = { provider, secret: 'provider-secret-0123', verifyUrl: url };
    const token = verifier.solve();
    expect(await verifyCaptcha(config, token, '203.0.113.7')).toEqual({ result: 'passed' });
    expect(verifier.received.at(-1)).toEqual({ contentType: 'application/x-www-form-urlencoded', secret: 'provider-secret-0123', response: token, remoteip: '203.0.113.7' });
    // Replaying the same token: refused by the provider.
    expect(await verifyCaptcha(config, token, '203.0.113.7')).toEqual({ result: 'failed', codes: ['timeout-or-duplicate'] });
  });

  it('refuses a made-up token with the provider\'s reason', async () => {
    expect(await verifyCaptcha({ provider: 'turnstile', secret: 'provider-secret-0123', verifyUrl: url }, 'made-up', null)).toEqual({ result: 'failed', codes: ['invalid-input-response'] });
    expect(verifier.received.at(-1)?.remoteip).toBeNull();
  });

  it('counts a refused secret as the check being unavailable, not as the person failing', async () => {
    const verdict = await verifyCaptcha({ provider: 'hcaptcha', secret: 'wrong-secret', verifyUrl: url }, verifier.solve(), null);
    expect(verdict).toEqual({ result: 'unavailable', reason: 'the provider refused the secret (invalid-input-secret)' });
  });

  it('reports a provider that is down, or not there at all, as unavailable', async () => {
    verifier.down = true;
    try {
      expect(await verifyCaptcha({ provider: 'recaptcha', secret: 'provider-secret-0123', verifyUrl: url }, verifier.solve(), null)).toEqual({ result: 'unavailable', reason: 'the verify API answered 503' });
    } finally {
      verifier.down = false;
    }
    // A port nobody listens on: the connection is refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const verdict = await verifyCaptcha({ provider: 'turnstile', secret: 'provider-secret-0123', verifyUrl: `http://127.0.0.1:${port}/siteverify` }, 'x', null);
    expect(verdict.result).toBe('unavailable');
    expect(verdict.result === 'unavailable' && verdict.reason).toMatch(/ECONNREFUSED/);
  });
});
