import { describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { TestBrowser } from '../support/browser.js';
import { withTwoInstances } from '../support/instances.js';
import { mongoTargets } from '../support/mongo.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

describe.each(mongoTargets)('the device grant on two Gerbang instances behind one address ($name)', (target) => {
  it('counts code guesses and polls against one limit, whichever instance answers', async () => {
    await withTwoInstances(target, { ADMIN_API_TOKEN: 'test-admin-token-0123456789' }, async (first, second) => {
      const created = await fetch(`${first.url}/api/apps`, {
        method: 'POST',
        headers: { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'kiosk', name: 'Kiosk', type: 'device', flowId: 'login-signup' }),
      });
      expect(created.status).toBe(201);
      const tv = await oidc.discovery(new URL(first.url), 'kiosk', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
      const started = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid' });

      // The device polls the first instance, then at once the second: that is polling too fast.
      const poll = async (url: string) =>
        (await (
          await fetch(`${url}/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ grant_type: DEVICE_GRANT, device_code: started.device_code, client_id: 'kiosk' }),
          })
        ).json()) as { error: string };
      expect((await poll(first.url)).error).toBe('authorization_pending');
      expect((await poll(second.url)).error).toBe('slow_down');

      // Guesses alternate between the instances; each sees only half, the lock comes at 20 all the same.
      const attacker = new TestBrowser(first.url);
      for (let i = 0; i < 20; i++) {
        attacker.baseUrl = i % 2 ? second.url : first.url;
        await attacker.get('/device');
        await attacker.submit({ user_code: `BBBB-BB${'BCDFGHJKLMNPQRSTVWXZ'[i]}B` }, { csrf: null });
        expect(attacker.page!.status).toBe(400);
      }
      await attacker.get('/device');
      await attacker.submit({ user_code: started.user_code }, { csrf: null });
      expect(attacker.page!.status).toBe(429);
    });
  });
});
