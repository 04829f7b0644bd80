import { describe, expect, it } from 'vitest';
import { TestBrowser } from '../support/browser.js';
import { useGerbang, useStarted } from '../support/gerbang.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const TOKEN = 'test-admin-token-0123456789';
const PASSWORD = 'first endpoint password 1';

/** The relay reads whether any endpoint exists at most every 30 s; a sign-up's event must arrive well before that. */
const WELL_BEFORE_THE_RELAY_LOOKS_AGAIN_MS = 15_000;

/**
 * An organisation adds its first webhook endpoint and signs someone up to see it work: the event
 * arrives at once, not after the relay's next look for endpoints (it had seen none a moment before).
 */
describe('the first webhook endpoint', () => {
  const crm = useStarted(new WebhookReceiver());
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });

  const signUp = async (email: string) => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login');
    await browser.submit({ email });
    await browser.submit({ email, password: PASSWORD });
    if (browser.title() === 'Tell us a little about yourself') await browser.submit({ given_name: 'Sari', family_name: '' }, { action: 'save' });
    return (await gerbang.store.users.findByEmail(email))!.id;
  };

  it('gets the sign-up that follows its creation at once', { timeout: 60_000 }, async () => {
    // A sign-up before there is any endpoint: the relay has looked and seen none.
    await signUp(`before.${Date.now()}@example.com`);
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const res = await fetch(`${gerbang.url}/api/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: crm.url, description: 'CRM', eventTypes: ['user.created'], attributes: [] }),
    });
    expect(res.status).toBe(201);
    crm.secret = ((await res.json()) as { secret: string }).secret;
    const sari = await signUp(`sari.${Date.now()}@example.com`);

    const late = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), WELL_BEFORE_THE_RELAY_LOOKS_AGAIN_MS).unref());
    const arrived = await Promise.race([crm.until((r) => r.find((x) => x.body.data.user?.id === sari && x.status === 204)), late]);
    expect(arrived).not.toBe('late');
    expect(arrived !== 'late' && arrived.verified).toBe(true);
    // The person who signed up before the endpoint existed is not sent to it.
    expect(crm.received.every((x) => x.body.data.user?.id === sari)).toBe(true);
  });
});
