import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Store } from '../store/port.js';
import type { FlowGraph } from '../flow/types.js';
import type { JourneyTestCase } from '../flow/test-cases.js';
import type { NodeServices } from '../nodes/types.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { createNodeRegistry } from '../nodes/index.js';
import { createTranslator } from '../hosted/i18n.js';
import { argon2idHasher } from '../methods/password/hashing.js';
import { offlineBreachedPasswords } from '../methods/password/breached.js';
import { DEFAULT_THROTTLE_POLICY, SignInThrottles } from '../protection/sign-in-throttles.js';
import { BotDefence } from '../protection/proof-of-work.js';
import { KnownDevices } from '../protection/devices.js';
import { OneTimeCodes } from '../methods/codes/one-time-codes.js';
import { SecretBox } from '../identity/secret-box.js';
import { CaptchaProviders } from '../protection/captcha.js';
import { createLogger } from '../logger.js';
import { seedConsentPurposes } from '../identity/consents.js';
import { TestCaseRunner, type SandboxOutside } from './test-cases.js';
import { TestCaseSecrets } from './test-case-secrets.js';

const registry = createNodeRegistry();
const translate = createTranslator(registry.messages());
const journey = (): FlowGraph => JSON.parse(readFileSync(new URL('../../flows/login-signup.json', import.meta.url), 'utf8')) as FlowGraph;

/** The step services over a sandbox store, as the composition root builds them (connectors from the sandbox). */
function servicesFor(store: Store, outside: SandboxOutside): NodeServices {
  const throttles = new SignInThrottles(store.counters, DEFAULT_THROTTLE_POLICY, async () => {});
  const key = randomBytes(32).toString('base64url');
  return {
    ...outside,
    store,
    clock: { now: () => new Date() },
    passwords: argon2idHasher,
    breached: offlineBreachedPasswords,
    throttles,
    devices: new KnownDevices(store.credentials),
    bots: new BotDefence(key, store.counters, throttles, { afterFailures: 10, maxNumber: 5_000, ttlMinutes: 10 }),
    codes: new OneTimeCodes(store.codes, store.counters, key, () => new Date()),
    secrets: new SecretBox(key),
    captcha: new CaptchaProviders(store.settings, new SecretBox(key), async () => ({ result: 'unavailable', reason: 'A test case does not call other systems.' })),
    logger: createLogger({ silent: true }),
    publicUrl: 'https://id.example.com',
    appName: 'Gerbang',
  };
}

const ada = (overrides: Partial<JourneyTestCase> = {}): JourneyTestCase => ({
  id: 'returning-customer',
  name: 'Returning customer mistypes the password once',
  persona: { email: 'ada@example.com', exists: true, password: 'correct horse battery', attributes: { given_name: 'Ada', family_name: 'Lovelace' } },
  answers: [
    { step: 'identify', values: { email: 'ada@example.com' } },
    { step: 'password', values: { password: 'wrong guess' } },
    { step: 'password', values: { password: 'correct horse battery' } },
  ],
  expect: { end: 'success', step: 'done' },
  ...overrides,
});

const caseSecrets = new TestCaseSecrets(new SecretBox(randomBytes(32).toString('base64url')));

describe('saved test cases run by the engine in a sandbox', () => {
  let config: Store;
  let runner: TestCaseRunner;

  beforeEach(async () => {
    config = openSqliteStore(':memory:');
    await seedConsentPurposes(config);
    runner = new TestCaseRunner({ store: config, registry, translate, openSandboxStore: () => openSqliteStore(':memory:'), servicesFor, openSecret: (sealed) => caseSecrets.open(sealed) });
  });
  afterEach(() => config.close());

  it('passes a returning customer who mistypes the password once, with the loop in the path it took', async () => {
    const result = await runner.run(journey(), ada());
    expect(result).toMatchObject({ passed: true, ended: 'success', stoppedAt: 'done', reason: null });
    expect(result.path).toEqual([
      { from: 'identify', outcome: 'known', to: 'password' },
      { from: 'password', outcome: 'wrong-password', to: 'password' },
      { from: 'password', outcome: 'success', to: 'profile' },
      { from: 'profile', outcome: 'done', to: 'done' },
    ]);
  });

  it('signs a newcomer up inside the sandbox only: the real store never sees the account', async () => {
    const newcomer: JourneyTestCase = {
      id: 'newcomer',
      name: 'Newcomer signs up',
      persona: { email: 'grace@example.com', exists: false },
      answers: [
        { step: 'identify', values: { email: 'grace@example.com' } },
        { step: 'register', values: { email: 'grace@example.com', password: 'a long enough password' } },
        { step: 'profile', values: { given_name: 'Grace', family_name: 'Hopper' } },
      ],
      expect: { end: 'success' },
    };
    const result = await runner.run(journey(), newcomer);
    expect(result.reason).toBeNull();
    expect(result.path.map((m) => m.to)).toEqual(['register', 'profile', 'done']);
    expect(await config.users.findByEmail('grace@example.com')).toBeNull();
    expect(await config.audit.list({ limit: 10 })).toEqual([]);
  });

  it('fails a case whose answers run out, naming the step by its label and quoting what the page said', async () => {
    const result = await runner.run(journey(), ada({ answers: [{ step: 'identify', values: { email: 'ada@example.com' } }, { step: 'password', values: { password: 'wrong guess' } }] }));
    expect(result.passed).toBe(false);
    expect(result.stoppedAt).toBe('password');
    expect(result.reason).toMatch(/^It stopped at "Password": the case has no further answer for that step \(the page said: ".+"\)\.$/);
    expect(result.path).toEqual([
      { from: 'identify', outcome: 'known', to: 'password' },
      { from: 'password', outcome: 'wrong-password', to: 'password' },
    ]);
  });

  it('fails a case that ends differently than expected, in the words of the canvas', async () => {
    const result = await runner.run(journey(), ada({ expect: { end: 'failure', step: 'locked' } }));
    expect(result.passed).toBe(false);
    expect(result.reason).toBe('It ended in success at "Success"; the case expects failure.');
  });

  it('fails a case whose persona signs in with an account that does not exist in the sandbox', async () => {
    const result = await runner.run(journey(), ada({ persona: { email: 'ada@example.com', exists: false } }));
    expect(result.passed).toBe(false);
    expect(result.path[0]).toEqual({ from: 'identify', outcome: 'unknown', to: 'register' });
    expect(result.reason).toContain('"Sign up"');
  });

  it('opens sealed passwords only inside the sandbox: the persona signs in with them', async () => {
    const sealed = (v: string) => ({ sealed: caseSecrets.seal(v) });
    const result = await runner.run(
      journey(),
      ada({
        persona: { email: 'ada@example.com', exists: true, password: sealed('correct horse battery'), attributes: { given_name: 'Ada', family_name: 'Lovelace' } },
        answers: [
          { step: 'identify', values: { email: 'ada@example.com' } },
          { step: 'password', values: { password: sealed('correct horse battery') } },
        ],
      }),
    );
    expect(result).toMatchObject({ passed: true, ended: 'success', reason: null });
  });

  it('passes a case saved half-way when the run waits at its step, and fails it when it waits elsewhere', async () => {
    const halfway = ada({ answers: [{ step: 'identify', values: { email: 'ada@example.com' } }], expect: { end: 'waits', step: 'password' } });
    expect(await runner.run(journey(), halfway)).toMatchObject({ passed: true, stoppedAt: 'password', ended: null, reason: null });
    const elsewhere = await runner.run(journey(), { ...halfway, persona: { email: 'ada@example.com', exists: false } });
    expect(elsewhere).toMatchObject({ passed: false, stoppedAt: 'register', reason: 'It waits at "Sign up" for an answer; the case expects it to wait at "Password".' });
    const ends = await runner.run(journey(), ada({ expect: { end: 'waits', step: 'password' } }));
    expect(ends.reason).toBe('It ended in success at "Success"; the case expects it to wait at "Password".');
  });

  it('runs every case of a journey and reports each', async () => {
    const graph = { ...journey(), tests: [ada(), ada({ id: 'expects-failure', name: 'Expects failure', expect: { end: 'failure' } })] };
    const results = await runner.runAll(graph);
    expect(results.map((r) => [r.name, r.passed])).toEqual([
      ['Returning customer mistypes the password once', true],
      ['Expects failure', false],
    ]);
  });
});
