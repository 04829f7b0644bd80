import { describe, expect, it } from 'vitest';
import { TestBrowser } from '../support/browser.js';
import { useGerbang, useStarted } from '../support/gerbang.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const TOKEN = 'test-admin-token-0123456789';
const PASSWORD = 'webhook password 1';
// Retries come a second after a failure (then 2 s, 4 s...): a real setting, at its smallest.
const ENV = { ADMIN_API_TOKEN: TOKEN, WEBHOOK_RETRY_BASE_SECONDS: '1' };

/**
 * Webhooks for a CRM, against real HTTP receivers on loopback that verify every signature with the
 * Standard Webhooks verifier: events written with the sign-ups that cause them reach a receiver that
 * was down, with only the attributes the person consented to; a restart mid-delivery loses nothing;
 * a receiver that keeps redirecting is dead-lettered and replayed from the admin API.
 */
describe('webhooks deliver domain events, signed, retried and consent-aware', () => {
  const crm = useStarted(new WebhookReceiver());
  const gerbang = useGerbang(ENV);
  let crmEndpoint = '';
  let n = 0;
  const email = () => `hook${++n}.${Date.now()}@example.com`;

  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${gerbang.url}/api${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${TOKEN}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as any) };
  };

  async function signUp(address: string, opts: { flow?: string; consent?: boolean; givenName?: string } = {}) {
    const browser = new TestBrowser(gerbang.url);
    await browser.get(`/login?flow=${opts.flow ?? 'login-signup'}`);
    await browser.submit({ email: address });
    await browser.submit({ email: address, password: PASSWORD });
    if (browser.title() === 'Your choices') await browser.submit(opts.consent ? { 'consent_marketing-emails': 'on' } : {});
    if (browser.title() === 'Tell us a little about yourself') await browser.submit({ given_name: opts.givenName ?? 'Ayu', family_name: '' }, { action: 'save' });
    expect(browser.page!.html).toContain(`You are signed in as ${address}.`);
  }

  const typesFor = (userId: string) => new Set(crm.delivered().filter((r) => r.body.data.user?.id === userId).map((r) => r.body.type));

  it('refuses endpoints it could not deliver to safely or that name unknown consent purposes', async () => {
    const base = { eventTypes: ['user.created'] };
    expect((await api('/webhooks', { method: 'POST', body: { ...base, url: 'http://crm.example.com/hook' } })).status).toBe(400);
    expect((await api('/webhooks', { method: 'POST', body: { ...base, url: 'https://user:pw@crm.example.com/hook' } })).status).toBe(400);
    expect((await api('/webhooks', { method: 'POST', body: { ...base, url: 'https://crm.example.com/hook', attributes: [{ name: 'email', purpose: 'no-such-purpose' }] } })).status).toBe(400);
    expect((await api('/webhooks', { method: 'POST', body: { url: 'https://crm.example.com/hook', eventTypes: ['user.exploded'] } })).status).toBe(400);
    expect((await api('/webhooks', { method: 'POST', body: { url: 'https://crm.example.com/hook' } })).status).toBe(400);
  });

  // Waits for real retries, whose backoff doubles for as long as the sign-ups keep the receiver down (longer on a loaded machine).
  it('delivers every event to a receiver that was down, signed, with only consented attributes', { timeout: 120_000 }, async () => {
    crm.answer = () => 503;
    const created = await api('/webhooks', {
      method: 'POST',
      body: {
        url: crm.url,
        description: 'CRM',
        eventTypes: ['user.created', 'profile.updated', 'consent.changed', 'user.signed_in'],
        attributes: [{ name: 'email', purpose: 'marketing-emails' }, { name: 'given_name' }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    crm.secret = created.body.secret;
    crmEndpoint = created.body.id;
    expect((await api(`/webhooks/${crmEndpoint}`)).body).not.toHaveProperty('secret');

    // Ana gives no marketing consent; Budi does. Both sign up while the CRM answers 503.
    const ana = email();
    const budi = email();
    await signUp(ana, { givenName: 'Ana' });
    await signUp(budi, { flow: 'signup-consent', consent: true });
    const anaId = (await gerbang.store.users.findByEmail(ana))!.id;
    const budiId = (await gerbang.store.users.findByEmail(budi))!.id;
    await crm.until((r) => r.some((x) => x.status === 503 && x.body.data.user?.id === anaId));

    crm.answer = () => 204;
    await crm.until(() => typesFor(anaId).size === 3 && typesFor(budiId).size === 3);

    expect(crm.received.every((r) => r.verified)).toBe(true);
    expect(typesFor(anaId)).toEqual(new Set(['user.created', 'profile.updated', 'user.signed_in']));
    expect(typesFor(budiId)).toEqual(new Set(['user.created', 'consent.changed', 'user.signed_in']));
    const delivered = crm.delivered();
    const anaProfile = delivered.find((r) => r.body.type === 'profile.updated' && r.body.data.user.id === anaId)!;
    // No marketing consent: the email never leaves; the name (released without a purpose) does.
    expect(anaProfile.body.data.user).toEqual({ id: anaId, attributes: { given_name: 'Ana' } });
    expect(anaProfile.body.data.changed).toEqual(['given_name']);
    expect(delivered.filter((r) => r.body.data.user.id === anaId).some((r) => 'email' in r.body.data.user)).toBe(false);
    const budiConsent = delivered.find((r) => r.body.type === 'consent.changed' && r.body.data.user.id === budiId)!;
    expect(budiConsent.body.data).toMatchObject({ purposeId: 'marketing-emails', granted: true, user: { id: budiId, email: budi } });

    // The first attempt failed and the same message (same webhook-id) came again.
    const created503 = crm.received.find((r) => r.status === 503 && r.body.type === 'user.created' && r.body.data.user.id === anaId)!;
    expect(delivered.some((r) => r.id === created503.id)).toBe(true);
    const deliveries = (await api(`/webhooks/${crmEndpoint}/deliveries?state=delivered`)).body as Array<{ eventId: string; attempts: number; lastStatus: number }>;
    expect(deliveries.find((d) => d.eventId === created503.id)).toMatchObject({ lastStatus: 204 });
    expect(deliveries.find((d) => d.eventId === created503.id)!.attempts).toBeGreaterThanOrEqual(2);
    // The list of endpoints says how each one's newest delivery went (the console's "Last delivery"), never the secret.
    const listed = await waitFor(async () => {
      const found = ((await api('/webhooks')).body as Array<{ id: string; lastDelivery: { state: string } | null }>).find((e) => e.id === crmEndpoint);
      return found?.lastDelivery?.state === 'delivered' ? found : undefined;
    });
    expect(listed.lastDelivery).toMatchObject({ state: 'delivered', lastError: null });
    expect(listed).not.toHaveProperty('secret');
  });

  it('loses nothing when Gerbang restarts mid-delivery, and dead-letters a redirecting receiver until replayed', async () => {
    const warehouse = new WebhookReceiver();
    await warehouse.start('/ingest');
    try {
      const created = await api('/webhooks', { method: 'POST', body: { url: warehouse.url, eventTypes: ['user.created'] } });
      warehouse.secret = created.body.secret;

      // The CRM holds the next request without answering while Gerbang stops.
      crm.answer = () => 'hang';
      warehouse.answer = () => 302;
      const citra = email();
      await signUp(citra, { givenName: 'Citra' });
      const citraId = (await gerbang.store.users.findByEmail(citra))!.id;
      const held = await crm.until((r) => r.find((x) => x.body.data.user?.id === citraId));
      await warehouse.until((r) => r.some((x) => x.status === 302));

      await gerbang.close();
      crm.answer = () => 204;
      await gerbang.restart({ WEBHOOK_MAX_ATTEMPTS: '2' });

      const again = await crm.until((r) => r.find((x) => x.id === held.id && x.status === 204));
      expect(again.verified).toBe(true);
      expect(again.body).toEqual(held.body);
      await crm.until(() => typesFor(citraId).size === 3);

      // Two redirects: dead-lettered (never followed), then replayed once the warehouse is fixed.
      const dead = await waitFor(async () => {
        const list = (await api(`/webhooks/${created.body.id}/deliveries?state=dead`)).body as Array<{ id: string; eventId: string; attempts: number; lastError: string }>;
        return list.find((d) => d.eventId === held.id);
      });
      expect(dead.attempts).toBeGreaterThanOrEqual(2);
      expect(dead.lastError).toContain('redirected (302');
      const tries = warehouse.received.filter((r) => r.id === held.id);
      expect(tries.map((r) => r.status)).toEqual(Array(dead.attempts).fill(302));
      warehouse.answer = () => 200;
      expect((await api(`/webhooks/${created.body.id}/deliveries/${dead.id}/replay`, { method: 'POST' })).status).toBe(200);
      expect((await api(`/webhooks/${created.body.id}/deliveries/${dead.id}/replay`, { method: 'POST' })).status).toBe(409);
      const replayed = await warehouse.until((r) => r.find((x) => x.id === held.id && x.status === 200));
      expect(replayed.verified).toBe(true);
      // The warehouse was given no attributes: the id only.
      expect(replayed.body.data.user).toEqual({ id: citraId });
    } finally {
      await warehouse.stop();
    }
  });

  it('signs with a rotated secret from then on, and stops delivering to a removed endpoint', async () => {
    const rotated = await api(`/webhooks/${crmEndpoint}/secret`, { method: 'POST' });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(crm.secret);
    crm.secret = rotated.body.secret;
    const dewi = email();
    await signUp(dewi, { givenName: 'Dewi' });
    const dewiId = (await gerbang.store.users.findByEmail(dewi))!.id;
    await crm.until(() => typesFor(dewiId).size === 3);
    expect(crm.received.filter((r) => r.body.data.user?.id === dewiId).every((r) => r.verified)).toBe(true);

    expect((await api(`/webhooks/${crmEndpoint}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/webhooks/${crmEndpoint}`)).status).toBe(404);
    expect((await api('/webhooks')).body.map((e: { id: string }) => e.id)).not.toContain(crmEndpoint);
  });

  it('audits who added, changed, rotated, replayed and removed endpoints, never with a secret', async () => {
    const changed = await api(`/webhooks/${(await api('/webhooks', { method: 'POST', body: { url: crm.url, eventTypes: ['user.created'] } })).body.id}`, { method: 'PUT', body: { enabled: false } });
    expect(changed.status).toBe(200);
    const audit = (await api('/audit?limit=200')).body as Array<{ type: string; actor: string | null; details: Record<string, unknown> }>;
    const about = (type: string, endpointId: string) => audit.filter((e) => e.type === type && e.details.endpointId === endpointId);
    expect(about('webhook.created', crmEndpoint)).toHaveLength(1);
    expect(about('webhook.created', crmEndpoint)[0].details.url).toBe(crm.url);
    expect(about('webhook.secret.rotated', crmEndpoint)).toHaveLength(1);
    expect(about('webhook.deleted', crmEndpoint)).toHaveLength(1);
    expect(about('webhook.updated', changed.body.id)[0].details.fields).toEqual(['enabled']);
    expect(audit.filter((e) => e.type === 'webhook.delivery.replayed')).toHaveLength(1);
    const webhookEvents = audit.filter((e) => e.type.startsWith('webhook.'));
    expect(webhookEvents.every((e) => e.actor !== null)).toBe(true);
    expect(JSON.stringify(webhookEvents)).not.toMatch(/whsec_/);
  });
});

/** Polls an admin API answer until it holds (deliveries are settled by the relay in the background). */
async function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const found = await probe();
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
