import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { openStore } from '../../engine/store/index.js';
import type { FlowVersion, StoredFlowGraph, StoredTestCase } from '../../engine/store/port.js';
import { SecretBox } from '../../engine/identity/secret-box.js';
import { TestCaseSecrets } from '../../engine/runtime/test-case-secrets.js';
import type { Gerbang } from '../../engine/server.js';
import { adapters } from '../support/adapters.js';
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
});
