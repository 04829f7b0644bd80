import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { smsFactor } from '../../engine/methods/codes/sms-factor.js';
import type { NodeContext } from '../../engine/nodes/types.js';
import { useGerbang } from '../support/gerbang.js';

/** A real HTTP server standing in for the SMS provider: records every JSON POST it gets. */
function smsApi() {
  const received: Array<{ auth: string | undefined; body: { to: string; text: string } }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      received.push({ auth: req.headers.authorization, body: JSON.parse(body) });
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"queued"}');
    });
  });
  return { server, received };
}

describe('SMS factor against a real SMS HTTP API', () => {
  const api = smsApi();
  beforeAll(async () => {
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', () => resolve()));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => api.server.close(() => resolve()));
  });
  const gerbang = useGerbang(() => ({ SMS_API_URL: `http://127.0.0.1:${(api.server.address() as AddressInfo).port}/messages`, SMS_API_TOKEN: 'sms-token' }));

  /** The context an MFA step of a real run would hand the factor. */
  async function contextFor(userId: string): Promise<NodeContext<unknown>> {
    const loaded = await gerbang.runtime.start({ flowId: 'login-signup', browserHash: 'b', origin: { kind: 'direct' }, initial: { userId } });
    const user = await gerbang.store.users.findById(userId);
    return { ...gerbang.runtime.context({ ...loaded, user }, 'en', { ip: null, userAgent: null }), nodeId: 'mfa' };
  }

  const lastCode = async (to: string, count: number) => {
    await vi.waitFor(() => expect(api.received.filter((r) => r.body.to === to).length).toBe(count));
    const message = api.received.filter((r) => r.body.to === to).at(-1)!;
    return /(\d{6})/.exec(message.body.text)![1];
  };

  it('enrols a phone number by a texted code, then challenges with a new code to that number', async () => {
    const user = await gerbang.store.users.create({ email: 'sms@example.com', emailVerified: true });
    let ctx = await contextFor(user.id);
    expect(await smsFactor.isEnrolled(ctx)).toBe(false);

    const bad = await smsFactor.enroll!.submit(ctx, { phone: '0812', action: 'send' });
    expect(bad).toEqual({ invalid: { fields: { phone: ctx.t('field.tel') } } });

    const sent = await smsFactor.enroll!.submit(ctx, { phone: '+62 812-3456-7890', action: 'send' });
    expect(sent).toEqual({ invalid: { form: 'We sent a code to +6281234567890. Enter it below.' } });
    const code = await lastCode('+6281234567890', 1);
    expect(api.received[0].auth).toBe('Bearer sms-token');
    expect(api.received[0].body.text).toBe(`${code} is your Gerbang code. It expires in 10 minutes.`);

    // The code proves only the number it was sent to.
    expect(await smsFactor.enroll!.submit(ctx, { phone: '+6281234567891', code, action: 'verify' })).toHaveProperty('invalid');
    expect(await smsFactor.enroll!.submit(ctx, { phone: '+6281234567890', code, action: 'verify' })).toEqual({ outcome: 'done' });
    const enrolled = await gerbang.store.users.findById(user.id);
    expect(enrolled?.attributes).toMatchObject({ phone_number: '+6281234567890', phone_number_verified: true });

    ctx = await contextFor(user.id);
    expect(await smsFactor.isEnrolled(ctx)).toBe(true);
    const page = await smsFactor.challenge.render(ctx);
    expect(page.intro).toContain('890');
    const challengeCode = await lastCode('+6281234567890', 2);
    expect(await smsFactor.challenge.submit(ctx, { code: challengeCode === '000000' ? '000001' : '000000', action: 'verify' })).toEqual({ result: 'wrong', key: 'code.wrong' });
    expect(await smsFactor.challenge.submit(ctx, { code: challengeCode, action: 'verify' })).toEqual({ result: 'verified' });
    // Single use.
    expect(await smsFactor.challenge.submit(ctx, { code: challengeCode, action: 'verify' })).toMatchObject({ result: 'wrong' });
  });
});
