import { describe, expect, it } from 'vitest';
import { tokenApi, type ApiAnswer } from '../support/admin-api.js';
import { useGerbang, useStarted } from '../support/gerbang.js';
import { WebhookReceiver, type ReceivedWebhook } from '../support/webhook-receiver.js';

const TOKEN = 'test-admin-token-0123456789';
const DAY = 86_400_000;

/**
 * Rotating a webhook endpoint's signing secret, against a real receiver on loopback that checks every
 * request with the Standard Webhooks verifier: for a day after the rotation each request carries a
 * signature by the old secret and one by the new, so the receiver verifies with either while it
 * switches over; once the overlap is over (the server's clock moved a day on) only the new secret
 * signs. Neither secret ever comes back from the admin API after it was shown.
 */
describe('rotating a webhook secret keeps the old one signing for a day', () => {
  let ahead = 0;
  const receiver = useStarted(new WebhookReceiver());
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN }, { hooks: { clock: () => new Date(Date.now() + ahead) } });
  const api = tokenApi(() => gerbang.url, TOKEN);
  let n = 0;

  /** Adds a person through the admin API and answers the `user.created` request the receiver got for them. */
  async function personAdded(): Promise<ReceivedWebhook> {
    const added = await api('POST', '/users', { email: `rotate${++n}.${Date.now()}@example.com`, sendLink: false });
    expect(added.status).toBe(201);
    return receiver.until((r) => r.find((x) => x.body.type === 'user.created' && x.body.data.user?.id === added.body.id));
  }
  const signatures = (got: ReceivedWebhook) => got.headers['webhook-signature'].split(' ');

  it('signs with the old and the new secret during the overlap, then with the new one only', async () => {
    const answers: ApiAnswer[] = [];
    const created = await api('POST', '/webhooks', { url: receiver.url, description: 'CRM', eventTypes: ['user.created'] });
    expect(created.status).toBe(201);
    const oldSecret: string = created.body.secret;
    expect(created.body.previousSecretValidUntil).toBeNull();
    receiver.secret = oldSecret;

    const before = await personAdded();
    expect(signatures(before)).toHaveLength(1);
    expect(receiver.verifies(before, oldSecret)).toBe(true);

    const rotatedFrom = Date.now();
    const rotated = await api('POST', `/webhooks/${created.body.id}/secret`);
    const rotatedBy = Date.now();
    expect(rotated.status).toBe(200);
    const newSecret: string = rotated.body.secret;
    expect(newSecret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(newSecret).not.toBe(oldSecret);
    expect(JSON.stringify(rotated.body)).not.toContain(oldSecret.slice('whsec_'.length));
    const until = new Date(rotated.body.previousSecretValidUntil).getTime();
    expect(until).toBeGreaterThanOrEqual(rotatedFrom + DAY);
    expect(until).toBeLessThanOrEqual(rotatedBy + DAY);

    // Both secrets are sealed at rest: neither is stored as the receiver holds it.
    const stored = (await gerbang.store.outbox.getEndpoint(created.body.id))!;
    expect(stored.previousSecret).not.toBeNull();
    for (const secret of [oldSecret, newSecret]) {
      expect(JSON.stringify(stored)).not.toContain(secret.slice('whsec_'.length));
    }

    // The receiver has not switched yet: it still holds the old secret, and verifies. One that switched verifies too.
    const during = await personAdded();
    expect(signatures(during)).toHaveLength(2);
    expect(during.verified).toBe(true);
    expect(receiver.verifies(during, oldSecret)).toBe(true);
    expect(receiver.verifies(during, newSecret)).toBe(true);

    // A day and a minute later (the server's clock, and the receiver's with it): the old secret no longer signs.
    ahead = DAY + 60_000;
    receiver.clockAheadMs = ahead;
    const after = await personAdded();
    expect(signatures(after)).toHaveLength(1);
    expect(receiver.verifies(after, newSecret)).toBe(true);
    expect(receiver.verifies(after, oldSecret)).toBe(false);
    expect(after.verified).toBe(false);

    answers.push(await api('GET', '/webhooks'), await api('GET', `/webhooks/${created.body.id}`));
    expect(answers[1].body.previousSecretValidUntil).toBeNull();
    answers.push(await api('PUT', `/webhooks/${created.body.id}`, { description: 'CRM (production)' }));
    answers.push(await api('GET', `/webhooks/${created.body.id}/deliveries`));
    // Editing the endpoint kept the new secret: the next request still verifies with it.
    expect(receiver.verifies(await personAdded(), newSecret)).toBe(true);

    // Neither secret ever comes back after it was shown.
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      const text = JSON.stringify(answer.body);
      expect(text).not.toContain('whsec_');
      for (const secret of [oldSecret, newSecret]) expect(text).not.toContain(secret.slice('whsec_'.length));
    }
  });
});
