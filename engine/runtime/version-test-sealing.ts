import { isDeepStrictEqual } from 'node:util';
import type { Store } from '../store/port.js';
import type { FlowGraph } from '../flow/types.js';
import type { Logger } from '../logger.js';
import { stepsAnsweredInClear, type TestCaseSecrets } from './test-case-secrets.js';

/**
 * Recorded in the shared settings once every published version was looked at: later starts skip the
 * pass (versions published since are sealed when published).
 */
export const VERSION_TESTS_SEALED_KEY = 'upgrade:version-test-answers-sealed';

export interface VersionTestSealing {
  store: Pick<Store, 'flows' | 'settings'>;
  caseSecrets: TestCaseSecrets;
  /** The fields each step's page shows as a password or a code (TestCaseRunner.secretFields). */
  secretFields(graph: FlowGraph, steps: string[]): Promise<Map<string, ReadonlySet<string> | null>>;
  logger: Logger;
}

/**
 * An upgrade run at start: published versions an older Gerbang stored with test-case secrets in clear
 * (a persona's password, a password or code typed at a step) are sealed in place, as publishing seals
 * them now. Each version is sealed by a compare-and-set on its cases, so of several instances starting
 * at once one writes it and the others leave it; a version with nothing in clear is never written.
 * Returns how many versions this instance sealed.
 */
export async function sealVersionTestsInClear(deps: VersionTestSealing): Promise<number> {
  const { store } = deps;
  if (await store.settings.get(VERSION_TESTS_SEALED_KEY)) return 0;
  let sealedVersions = 0;
  for (const flow of await store.flows.list()) {
    for (const { version } of await store.flows.listVersions(flow.id)) {
      const published = await store.flows.getVersion(flow.id, version);
      const tests = published?.graph.tests;
      if (!published || !tests?.length) continue;
      const personaInClear = tests.some((c) => typeof c.persona.password === 'string' && c.persona.password !== '');
      const steps = stepsAnsweredInClear(tests);
      if (!personaInClear && !steps.length) continue;
      const secretFields = steps.length ? await deps.secretFields(published.graph, steps) : new Map<string, ReadonlySet<string> | null>();
      const sealed = deps.caseSecrets.sealInClear(tests, (step) => secretFields.get(step) ?? null);
      // Answers in clear that are no secret (an email) leave the version as it is.
      if (isDeepStrictEqual(sealed, tests)) continue;
      if (await store.flows.sealVersionTests(flow.id, version, tests, sealed)) sealedVersions++;
    }
  }
  if (sealedVersions) deps.logger.info('sealed test-case secrets an older version stored in clear in published journey versions', { versions: sealedVersions });
  // Another instance finishing the same pass first wrote it already: nothing to add.
  await store.settings.put(VERSION_TESTS_SEALED_KEY, { at: new Date().toISOString() }, 0, null);
  return sealedVersions;
}
