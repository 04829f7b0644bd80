import { describe, expect, it } from 'vitest';
import { countsOf } from './daily-counts.js';

const metrics = (type: string, details: Record<string, unknown> = {}) => countsOf({ type, details }).map((c) => (c.key ? `${c.metric}:${c.key}` : c.metric));

describe('what the dashboard counts of an audited fact', () => {
  it('tells sign-ins with a second factor, a passkey or a social connection apart', () => {
    expect(metrics('signin', { amr: ['pwd'] })).toEqual(['signin']);
    expect(metrics('signin', { amr: ['pwd', 'otp', 'mfa'] })).toEqual(['signin', 'signin.mfa']);
    expect(metrics('signin', { amr: ['hwk'] })).toEqual(['signin', 'signin.mfa', 'signin.passkey']);
    expect(metrics('signin', { amr: ['fed'] })).toEqual(['signin', 'signin.social']);
    expect(metrics('signin', {})).toEqual(['signin']);
  });

  it('counts sign-ups by method, failures, the failure that locks, throttles, factors and consent', () => {
    expect(metrics('signup', { method: 'password' })).toEqual(['signup:password']);
    expect(metrics('signup', { method: 'email-code' })).toEqual(['signup:email-code']);
    expect(metrics('signup', { provider: 'google' })).toEqual(['signup:social']);
    expect(metrics('signin.failed', { reason: 'wrong-password' })).toEqual(['signin.failed:password']);
    expect(metrics('signin.failed', { reason: 'wrong-password', lockedMinutes: 15 })).toEqual(['signin.failed:password', 'lockout']);
    expect(metrics('mfa.failed')).toEqual(['signin.failed:mfa']);
    expect(metrics('signin.throttled', { scope: 'address' })).toEqual(['throttle:address']);
    expect(metrics('factor.added', { factor: 'webauthn' })).toEqual(['factor.added:webauthn']);
    expect(metrics('consent.changed', { purposeId: 'newsletter', granted: true })).toEqual(['consent.granted:newsletter']);
    expect(metrics('consent.changed', { purposeId: 'newsletter', granted: false })).toEqual(['consent.refused:newsletter']);
    expect(metrics('profile.updated')).toEqual([]);
  });
});
