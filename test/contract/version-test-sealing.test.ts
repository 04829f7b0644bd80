import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { openStore } from '../../engine/store/index.js';
import type { FlowVersion, StoredFlowGraph, StoredTestCase } from '../../engine/store/port.js';
import { SecretBox } from '../../engine/identity/secret-box.js';
import { TestCaseSecrets } from '../../engine/runtime/test-case-secrets.js';
import type { Gerbang } from '../../engine/server.js';
import { VERSION_TESTS_SEALED_KEY, VersionTestSealer } from '../../engine/runtime/version-test-sealing.js';
import { createLogger } from '../../engine/logger.js';
import { adapters } from '../support/adapters.js';
import { storesUnderTest } from '../support/stores.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';

const ENCRYPTION_KEY = 'the encryption key every instance of this test shares';
const caseSecrets = new TestCaseSecrets(new SecretBox(ENCRYPTION_KEY));

/** A case as an older Gerbang published it: the persona's password and what it types at the password step in clear. */
const ada: StoredTestCase = {
  id: 'returning-customer',
  name: 'Returning customer mistypes the password once',
  persona: { email: 'ada@example.com', exists: true, password: 'correct horse battery' },
  answers: [
    { step: 'identify', values: { email: 'ada@example.com' } },
    { step: 'password', values: { password: 'wrong guess' } },
    { step: 'password', values: { password: 'correct horse battery' } },
  ],
  expect: { end: 'success', step: 'done' },
};
const newcomer: StoredTestCase = {
  id: 'newcomer',
  name: 'A newcomer is asked to register',
  persona: { email: 'budi@example.com', exists: false },
  answers: [{ step: 'identify', values: { email: 'budi@example.com' } }],
  expect: { end: 'waits', step: 'register' },
};

const journey = (version: number, tests?: StoredTestCase[]): StoredFlowGraph => {
  const graph = JSON.parse(readFileSync(new URL('../../flows/login-signup.json', import.meta.url), 'utf8')) as StoredFlowGraph;
  return { ...graph, id: 'members', name: 'Members', version, ...(tests ? { tests, testRun: { ranAt: '2025-06-01T00:00:00.000Z', results: [] } } : {}) };
};

const opened = (value: unknown) => {
  expect(value).toEqual({ sealed: expect.any(String) });
  return caseSecrets.open((value as { sealed: string }).sealed);
};

/** Version 1 with both cases, version 2 with the newcomer's only (nothing secret in it), version 3 without cases. */
const published: FlowVersion[] = [
  { flowId: 'members', version: 1, graph: journey(1, [ada, newcomer]), publishedAt: new Date('2025-06-01T00:00:00Z'), publishedBy: 'ana@example.com' },
  { flowId: 'members', version: 2, graph: journey(2, [newcomer]), publishedAt: new Date('2025-06-02T00:00:00Z'), publishedBy: 'ana@example.com' },
  { flowId: 'members', version: 3, graph: journey(3), publishedAt: new Date('2025-06-03T00:00:00Z'), publishedBy: 'budi@example.com' },
];

describe.each(adapters)('published versions an older Gerbang stored with test-case secrets in clear, on $name', (adapter) => {
  it('are sealed in place on start, once, by one of the instances starting together; nothing else of a version changes', async () => {
    const { env: adapterEnv, cleanup } = await adapter.env();
    const dirs = [tempDataDir(), tempDataDir()];
    const env: Record<string, string> = { ...adapterEnv, ENCRYPTION_KEY };
    let instances: Gerbang[] = [];
    try {
      const before = await openStore({ dataDir: dirs[0].dir, mongodbUri: env.MONGODB_URI });
      await before.flows.saveDraft({ id: 'members', name: 'Members', graph: journey(3), updatedBy: 'budi@example.com' }, 0, new Date('2025-06-03T00:00:00Z'));
      for (const version of published) expect(await before.flows.publish(version)).toBe(true);
      await before.close();

      // The embedded store serves one process; on MongoDB two instances start at the same time.
      const starting = adapter.name === 'sqlite' ? [dirs[0]] : dirs;
      instances = await Promise.all(starting.map((dir) => startTestServer({ ...env, DATA_DIR: dir.dir })));

      for (const instance of instances) {
        // Each instance answers with the sealed version, including one that read it in clear during its own start.
        const [first, second, third] = await Promise.all([1, 2, 3].map((v) => instance.store.flows.getVersion('members', v)));
        const [sealedAda, sameNewcomer] = first!.graph.tests!;
        expect(opened(sealedAda.persona.password)).toBe('correct horse battery');
        expect(sealedAda.answers.map((a) => [a.step, Object.keys(a.values)])).toEqual([['identify', ['email']], ['password', ['password']], ['password', ['password']]]);
        expect(sealedAda.answers[0].values.email).toBe('ada@example.com');
        expect(sealedAda.answers.slice(1).map((a) => opened(a.values.password))).toEqual(['wrong guess', 'correct horse battery']);
        expect({ ...sealedAda, persona: { ...sealedAda.persona, password: 'x' }, answers: [] }).toEqual({ ...ada, persona: { ...ada.persona, password: 'x' }, answers: [] });
        expect(sameNewcomer).toEqual(newcomer);
        // The rest of each version is as it was published: steps, connections, who and when, its test run.
        expect({ ...first!, graph: { ...first!.graph, tests: [] } }).toEqual({ ...published[0], graph: { ...published[0].graph, tests: [] } });
        expect(second).toEqual(published[1]);
        expect(third).toEqual(published[2]);
        expect((await instance.store.flows.getActive('members'))?.version).toBe(3);
      }
      const sealedOnce = (await instances[0].store.flows.getVersion('members', 1))!.graph.tests;
      for (const instance of instances) expect((await instance.store.flows.getVersion('members', 1))!.graph.tests).toEqual(sealedOnce);
      await Promise.all(instances.map((i) => i.close()));
      instances = [];

      // A later start finds nothing to do: the version keeps the very values sealed the first time.
      instances = [await startTestServer({ ...env, DATA_DIR: dirs[0].dir })];
      expect((await instances[0].store.flows.getVersion('members', 1))!.graph.tests).toEqual(sealedOnce);
    } finally {
      await Promise.all(instances.map((i) => i.close()));
      dirs.forEach((d) => d.cleanup());
      await cleanup();
    }
  });
  /** Starts the instances of one installation: on MongoDB two at once, on the embedded store the one process. */
  const startInstances = (env: Record<string, string>, dirs: Array<{ dir: string }>) =>
    Promise.all((adapter.name === 'sqlite' ? dirs.slice(0, 1) : dirs).map((dir) => startTestServer({ ...env, DATA_DIR: dir.dir })));

  it('seals a version an instance of the older kind publishes in clear after the first pass (a rolling upgrade) at the next sweep, once', async () => {
    const { env: adapterEnv, cleanup } = await adapter.env();
    const dirs = [tempDataDir(), tempDataDir()];
    let instances: Gerbang[] = [];
    try {
      instances = await startInstances({ ...adapterEnv, ENCRYPTION_KEY }, dirs);
      const [first] = instances;
      expect(await first.store.settings.get(VERSION_TESTS_SEALED_KEY)).not.toBeNull(); // the first pass is done
      // An instance of the older kind, still running, publishes with the answers in clear.
      await first.store.flows.saveDraft({ id: 'members', name: 'Members', graph: journey(1, [ada, newcomer]), updatedBy: 'ana@example.com' }, 0, new Date());
      expect(await first.store.flows.publish({ flowId: 'members', version: 1, graph: journey(1, [ada, newcomer]), publishedAt: new Date(), publishedBy: 'ana@example.com' })).toBe(true);
      expect((await first.store.flows.getVersion('members', 1))!.graph.tests![0].persona.password).toBe('correct horse battery');

      await Promise.all(instances.map((instance) => instance.sweep()));
      const sealedOnce = (await first.store.flows.getVersion('members', 1))!.graph.tests!;
      expect(opened(sealedOnce[0].persona.password)).toBe('correct horse battery');
      expect(sealedOnce[0].answers.slice(1).map((a) => opened(a.values.password))).toEqual(['wrong guess', 'correct horse battery']);
      expect(sealedOnce[1]).toEqual(newcomer);
      for (const instance of instances) expect((await instance.store.flows.getVersion('members', 1))!.graph.tests).toEqual(sealedOnce);
      // Later sweeps leave it as it is.
      await Promise.all(instances.map((instance) => instance.sweep()));
      expect((await first.store.flows.getVersion('members', 1))!.graph.tests).toEqual(sealedOnce);
    } finally {
      await Promise.all(instances.map((i) => i.close()));
      dirs.forEach((d) => d.cleanup());
      await cleanup();
    }
  });

  it('seals on start a version published in clear after the one-time pass of the earlier Gerbang (its marker)', async () => {
    const { env: adapterEnv, cleanup } = await adapter.env();
    const dirs = [tempDataDir(), tempDataDir()];
    let instances: Gerbang[] = [];
    try {
      const before = await openStore({ dataDir: dirs[0].dir, mongodbUri: adapterEnv.MONGODB_URI });
      // The earlier Gerbang's pass ran and recorded only when; then an instance of the older kind published.
      await before.settings.put(VERSION_TESTS_SEALED_KEY, { at: '2025-06-01T00:00:00.000Z' }, 0, null);
      await before.flows.saveDraft({ id: 'members', name: 'Members', graph: journey(1, [ada]), updatedBy: 'ana@example.com' }, 0, new Date('2025-06-02T00:00:00Z'));
      expect(await before.flows.publish({ flowId: 'members', version: 1, graph: journey(1, [ada]), publishedAt: new Date('2025-06-02T00:00:00Z'), publishedBy: 'ana@example.com' })).toBe(true);
      await before.close();

      instances = await startInstances({ ...adapterEnv, ENCRYPTION_KEY }, dirs);
      const [sealedAda] = (await instances[0].store.flows.getVersion('members', 1))!.graph.tests!;
      expect(opened(sealedAda.persona.password)).toBe('correct horse battery');
    } finally {
      await Promise.all(instances.map((i) => i.close()));
      dirs.forEach((d) => d.cleanup());
      await cleanup();
    }
  });
});

describe.each(storesUnderTest)('the repeated sealing pass on $name', (adapter) => {
  it('reads a published version once per instance, and after the first pass only those published since the shared mark', async () => {
    const { store, cleanup } = await adapter.open();
    try {
      const reads: string[] = [];
      const counted = {
        settings: store.settings,
        flows: new Proxy(store.flows, {
          get: (target, name) =>
            name === 'getVersion' ? (id: string, version: number) => (reads.push(`${id}@${version}`), target.getVersion(id, version)) : Reflect.get(target, name, target),
        }),
      };
      const nothingTyped: StoredTestCase = { ...newcomer, answers: [] };
      let clock = new Date('2026-03-01T12:00:00Z');
      const instance = () =>
        new VersionTestSealer({
          store: counted,
          caseSecrets,
          // Only versions with answers in clear ask for the page's secret fields; these hold none.
          secretFields: () => Promise.reject(new Error('no version here holds answers in clear')),
          logger: createLogger({ silent: true }),
          now: () => clock,
        });
      await store.flows.saveDraft({ id: 'members', name: 'Members', graph: journey(1, [nothingTyped]), updatedBy: 'ana@example.com' }, 0, new Date('2025-06-01T00:00:00Z'));
      for (const version of [1, 2]) await store.flows.publish({ flowId: 'members', version, graph: journey(version, [nothingTyped]), publishedAt: new Date(`2025-06-0${version}T00:00:00Z`), publishedBy: 'ana@example.com' });

      const first = instance();
      expect(await first.pass()).toBe(0);
      expect(reads.splice(0)).toEqual(['members@2', 'members@1']); // the deployment's first pass: every version
      await first.pass();
      expect(reads.splice(0)).toEqual([]); // this instance looked at them already
      await instance().pass();
      expect(reads.splice(0)).toEqual([]); // another instance: both were published before the mark

      // A version published now (by any instance) is looked at by each instance once.
      await store.flows.publish({ flowId: 'members', version: 3, graph: journey(3, [nothingTyped]), publishedAt: clock, publishedBy: 'budi@example.com' });
      const later = instance();
      await later.pass();
      await later.pass();
      expect(reads.splice(0)).toEqual(['members@3']);

      // Hours later the shared mark has moved past it: an instance starting then reads nothing.
      clock = new Date('2026-03-01T15:00:00Z');
      await later.pass();
      expect((await store.settings.get(VERSION_TESTS_SEALED_KEY))?.value).toMatchObject({ checkedSince: '2026-03-01T14:00:00.000Z' });
      await instance().pass();
      expect(reads.splice(0)).toEqual([]);
    } finally {
      await cleanup();
    }
  });
});
