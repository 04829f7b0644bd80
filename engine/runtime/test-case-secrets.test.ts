import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { SecretBox } from '../identity/secret-box.js';
import type { JourneyTestCase } from '../flow/test-cases.js';
import { stepsAnsweredInClear, TestCaseSecrets } from './test-case-secrets.js';

const secrets = new TestCaseSecrets(new SecretBox(randomBytes(32).toString('base64url')));

const typed: JourneyTestCase = {
  id: 'c',
  name: 'Typed in clear',
  persona: { email: 'ana@example.com', exists: true, password: 'old passphrase' },
  answers: [
    { step: 'identify', values: { email: 'ana@example.com' } },
    { step: 'verify', values: { code: '{code}' } },
    { step: 'mfa', values: { code: '123456' } },
    { step: 'elsewhere/password', values: { email: 'ana@example.com', password: 'a passphrase' } },
  ],
  expect: { end: 'success' },
};

describe('sealing the answers a test case types in clear', () => {
  it('seals the fields the step shows as secrets, every answer of a step whose page is unknown, and never the {code} placeholder', () => {
    const pages: Record<string, ReadonlySet<string> | null> = { identify: new Set(), verify: new Set(['code']), mfa: new Set(['code']), 'elsewhere/password': null };
    // A step answered only with {code} needs no page drawn.
    expect(stepsAnsweredInClear([typed])).toEqual(['identify', 'mfa', 'elsewhere/password']);
    const result = secrets.sealCases([typed], (step) => pages[step] ?? null);
    if (!('cases' in result)) throw new Error('refused');
    const [sealed] = result.cases;
    const opened = (v: unknown) => secrets.open((v as { sealed: string }).sealed);
    expect(opened(sealed!.persona.password)).toBe('old passphrase');
    expect(sealed!.answers[0]!.values).toEqual({ email: 'ana@example.com' });
    expect(sealed!.answers[1]!.values).toEqual({ code: '{code}' });
    expect(opened(sealed!.answers[2]!.values.code)).toBe('123456');
    expect(Object.values(sealed!.answers[3]!.values).map(opened)).toEqual(['ana@example.com', 'a passphrase']);
    // Sealed once: saving the sealed cases again changes nothing.
    const again = secrets.sealCases(result.cases, (step) => pages[step] ?? null);
    expect(again).toEqual(result);
  });
});
