import { describe, expect, it } from 'vitest';
import { webhookPayload } from './webhook-payload.js';
import { nextAttemptAt } from './backoff.js';
import type { DomainEvent } from '../store/port.js';

const profile = { id: 'u1', email: 'ana@example.com', emailVerified: true, attributes: { given_name: 'Ana', phone_number: '+62811', birthdate: '1990-01-01' }, createdAt: '2026-05-01T00:00:00.000Z' };
const event: DomainEvent = { id: 'evt_1', type: 'profile.updated', at: new Date('2026-05-01T08:00:00Z'), userId: 'u1', data: { changed: ['given_name'], user: profile } };
const released = [
  { name: 'email', purpose: 'marketing-emails' },
  { name: 'given_name', purpose: null },
  { name: 'phone_number', purpose: 'sms-offers' },
];

describe('the webhook payload releases only what the endpoint lists and the person consented to', () => {
  it('sends listed attributes without a purpose, and those whose purpose the person granted', () => {
    const body = webhookPayload(event, released, { profile: null, granted: new Set(['marketing-emails']) });
    expect(body).toEqual({
      type: 'profile.updated',
      timestamp: '2026-05-01T08:00:00.000Z',
      data: { changed: ['given_name'], user: { id: 'u1', email: 'ana@example.com', email_verified: true, attributes: { given_name: 'Ana' } } },
    });
  });

  it('never sends an unlisted attribute, nor a listed one whose consent is missing', () => {
    const body = webhookPayload(event, released, { profile: null, granted: new Set() });
    expect(body.data.user).toEqual({ id: 'u1', attributes: { given_name: 'Ana' } });
    expect(JSON.stringify(body)).not.toContain('1990-01-01');
    expect(JSON.stringify(body)).not.toContain('ana@example.com');
  });

  it('uses the current profile for events that captured none, and the id alone for a deleted account', () => {
    const signedIn: DomainEvent = { ...event, type: 'user.signed_in', data: { flowId: 'login-signup', amr: ['pwd'] } };
    expect(webhookPayload(signedIn, released, { profile, granted: new Set(['sms-offers']) }).data).toEqual({
      flowId: 'login-signup',
      amr: ['pwd'],
      user: { id: 'u1', attributes: { given_name: 'Ana', phone_number: '+62811' } },
    });
    const deleted: DomainEvent = { ...event, type: 'user.deleted', data: {} };
    expect(webhookPayload(deleted, released, { profile: null, granted: new Set() }).data).toEqual({ user: { id: 'u1' } });
  });
});

describe('retries back off', () => {
  const now = new Date('2026-05-01T00:00:00Z');
  const opts = { baseMs: 10_000, maxAttempts: 5 };
  it('doubles the wait per attempt with up to a fifth of jitter, and gives up after the last attempt', () => {
    expect(nextAttemptAt(now, 1, opts, () => 0)!.getTime() - now.getTime()).toBe(10_000);
    expect(nextAttemptAt(now, 3, opts, () => 0)!.getTime() - now.getTime()).toBe(40_000);
    expect(nextAttemptAt(now, 3, opts, () => 1)!.getTime() - now.getTime()).toBe(48_000);
    expect(nextAttemptAt(now, 5, opts)).toBeNull();
    expect(nextAttemptAt(now, 30, { baseMs: 10_000, maxAttempts: 100 }, () => 0)!.getTime() - now.getTime()).toBe(3_600_000);
  });
});
