import { describe, expect, it } from 'vitest';
import { acrFor, addProofs, authTimeOf, levelOf, levelOfAcr, levelWithin, meets, methodsOf, requiredLevel, UnknownAcrError } from './assurance.js';

describe('assurance levels', () => {
  it('names one factor level 1, two kinds level 2 and a passkey level 3', () => {
    expect(levelOf([])).toBe(0);
    expect(acrFor(['pwd'])).toBe('urn:gerbang:loa:1');
    expect(acrFor(['otp'])).toBe('urn:gerbang:loa:1');
    expect(acrFor(['pwd', 'otp'])).toBe('urn:gerbang:loa:2');
    expect(acrFor(['fed', 'otp'])).toBe('urn:gerbang:loa:2');
    expect(acrFor(['otp', 'mfa'])).toBe('urn:gerbang:loa:2');
    expect(acrFor(['hwk'])).toBe('urn:gerbang:loa:3');
    expect(acrFor(['pwd', 'hwk', 'mfa'])).toBe('urn:gerbang:loa:3');
  });

  it('does not count two factors of the same kind as two', () => {
    expect(levelOf(['otp', 'sms'])).toBe(1);
    expect(levelOf(['pwd', 'pin'])).toBe(1);
  });

  it('reads acr values and refuses to guess unknown ones', () => {
    expect(levelOfAcr('urn:gerbang:loa:2')).toBe(2);
    expect(levelOfAcr('urn:other:gold')).toBeNull();
    expect(() => requiredLevel({ acrValues: ['urn:other:gold'] })).toThrow(UnknownAcrError);
    // One known value among unknown ones is enough: the app accepts any of the values it lists.
    expect(requiredLevel({ acrValues: ['urn:other:gold', 'urn:gerbang:loa:2'] }).level).toBe(2);
  });

  it('keeps the time of each factor and judges freshness per factor', () => {
    const proofs = addProofs(addProofs([], ['pwd'], 1000), ['otp', 'mfa'], 1500);
    expect(authTimeOf(proofs)).toBe(1500);
    expect(levelWithin(proofs, null, 1600)).toBe(2);
    // The password is 600 s old: within 300 s only the code counts.
    expect(levelWithin(proofs, 300, 1600)).toBe(2); // otp + mfa marker
    expect(levelWithin(proofs, 50, 1600)).toBe(0);
    // Proving a method again keeps only the latest time.
    expect(addProofs(proofs, ['pwd'], 2000).filter((p) => p.method === 'pwd')).toEqual([{ method: 'pwd', at: 2000 }]);
  });

  it('requires the highest of app, request, account, role and action', () => {
    expect(requiredLevel({}).level).toBe(1);
    expect(requiredLevel({ appMinimum: 2 })).toMatchObject({ level: 2, because: ['app'] });
    expect(requiredLevel({ acrValues: ['urn:gerbang:loa:1', 'urn:gerbang:loa:3'] }).level).toBe(1);
    expect(requiredLevel({ essentialAcr: ['urn:gerbang:loa:3'] }).level).toBe(3);
    expect(requiredLevel({ accountHasSecondFactor: true }).level).toBe(2);
    expect(requiredLevel({ isAdministrator: true }).level).toBe(2);
    expect(requiredLevel({ maxAge: 600, sensitiveAction: { windowSeconds: 300 } }).maxAge).toBe(300);
    const proofs = addProofs([], ['pwd'], 1000);
    expect(meets(proofs, { level: 1, maxAge: 300 }, 1200)).toBe(true);
    expect(meets(proofs, { level: 1, maxAge: 0 }, 1200)).toBe(false);
    expect(meets(proofs, { level: 2, maxAge: null }, 1200)).toBe(false);
  });

  it('counts a remembered browser as the second factor, except for an app that refuses it for its minimum', () => {
    const proofs = addProofs(addProofs([], ['pwd'], 1000), ['remembered-browser'], 1000);
    expect(acrFor(methodsOf(proofs))).toBe('urn:gerbang:loa:2');
    expect(levelOf(['remembered-browser'])).toBe(0);
    // The account's own "always ask" and an app that accepts it: met.
    expect(meets(proofs, requiredLevel({ accountHasSecondFactor: true, appMinimum: 2 }), 1100)).toBe(true);
    expect(meets(proofs, requiredLevel({ accountHasSecondFactor: true, appMinimum: 2, appAcceptsRememberedBrowser: false }), 1100)).toBe(false);
    // An app that refuses it but asks one factor only: the account's policy decides, and accepts it.
    expect(meets(proofs, requiredLevel({ accountHasSecondFactor: true, appMinimum: 1, appAcceptsRememberedBrowser: false }), 1100)).toBe(true);
    // A second factor proved after it: met again.
    expect(meets(addProofs(proofs, ['otp', 'mfa'], 1050), requiredLevel({ appMinimum: 2, appAcceptsRememberedBrowser: false }), 1100)).toBe(true);
  });
});
