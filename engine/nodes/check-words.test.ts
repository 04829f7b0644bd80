import { describe, expect, it } from 'vitest';
import { createNodeRegistry } from './index.js';

/**
 * Settings that trip every extra check of the step types that have one (beyond their settings
 * schema): the designer says each problem in the console's language, so each must be said in
 * Bahasa Indonesia too, not copied from the English.
 */
const TRIPPING: Record<string, { settings: Record<string, unknown>; problems: number }> = {
  risk: { settings: { mediumAt: 60, highAt: 40 }, problems: 1 },
  'ab-split': {
    settings: {
      branches: [
        { outcome: 'a', weight: 30 },
        { outcome: 'a', weight: 30 },
      ],
    },
    problems: 2,
  },
  condition: {
    settings: {
      rules: [
        { outcome: 'staff', all: [{ field: 'user.email', op: 'exists' }] },
        { outcome: 'staff', all: [{ field: 'user.email', op: 'exists' }] },
        { outcome: 'otherwise', all: [{ field: 'user.email', op: 'exists' }] },
      ],
    },
    problems: 2,
  },
  'http-request': {
    settings: {
      method: 'GET',
      url: 'http://api.example.com/hook?key={{secret.key}}',
      headers: [{ name: 'Authorization', value: 'Bearer abc' }],
      body: { token: '{{secret.key}}' },
      timeoutSeconds: 5,
      retries: 1,
      map: [],
    },
    problems: 4,
  },
  profile: {
    settings: {
      fields: [
        { attribute: 'given_name' },
        { attribute: 'given_name' },
        { name: 'colour', label: 'Colour', type: 'select' },
        { name: 'code', label: 'Code', type: 'text', pattern: '(' },
      ],
    },
    problems: 3,
  },
  register: { settings: { policy: { minLength: 100, maxLength: 20, requireLowercase: false, requireUppercase: false, requireDigit: false, requireSymbol: false } }, problems: 1 },
  'set-password': { settings: { policy: { minLength: 100, maxLength: 20, requireLowercase: false, requireUppercase: false, requireDigit: false, requireSymbol: false } }, problems: 1 },
};

describe("the step types' own checks speak every language of the designer", () => {
  const registry = createNodeRegistry();

  it('covers every step type that has checks of its own', () => {
    const withChecks = registry
      .list()
      .filter((t) => t.check)
      .map((t) => t.type)
      .sort();
    expect(withChecks).toEqual(Object.keys(TRIPPING).sort());
  });

  for (const [type, { settings, problems }] of Object.entries(TRIPPING)) {
    it(`"${type}" says each of its problems in Bahasa Indonesia`, () => {
      const declared = registry.get(type)!;
      // Past the schema: these are the step's own checks.
      const said = declared.check!({ ...declared.defaultSettings, ...settings });
      expect(said).toHaveLength(problems);
      for (const problem of said) {
        expect(problem.en.trim()).not.toBe('');
        expect(problem.id.trim()).not.toBe('');
        expect(problem.id).not.toBe(problem.en);
      }
      expect(registry.validateSettings(type, { ...declared.defaultSettings, ...settings }, 'id')).toEqual(said.map((p) => p.id));
      expect(registry.validateSettings(type, { ...declared.defaultSettings, ...settings })).toEqual(said.map((p) => p.en));
    });
  }
});
