import { isDeepStrictEqual } from 'node:util';
import type { FlowVersion, Store } from '../store/port.js';
import type { FlowGraph } from '../flow/types.js';
import type { Logger } from '../logger.js';
import { stepsAnsweredInClear, type TestCaseSecrets } from './test-case-secrets.js';

/**
 * Recorded in the shared settings once every published version was looked at (`at`), with the time
 * from which versions are still looked at (`checkedSince`): later passes read only versions published
 * since then, which an instance of an older Gerbang may have published in clear during a rolling upgrade.
 */
export const VERSION_TESTS_SEALED_KEY = 'upgrade:version-test-answers-sealed';

/**
 * How far back before a pass its successors still look: more than any clock difference between
 * instances plus the time a publish takes between stamping a version and storing it.
 */
const MARGIN_MS = 60 * 60_000;
/** The shared `checkedSince` is moved on at most this often (a write to the settings). */
const ADVANCE_EVERY_MS = 60 * 60_000;

export interface VersionTestSealing {
  store: Pick<Store, 'flows' | 'settings'>;
  caseSecrets: TestCaseSecrets;
  /** The fields each step's page shows as a password or a code (TestCaseRunner.secretFields). */
  secretFields(graph: FlowGraph, steps: string[]): Promise<Map<string, ReadonlySet<string> | null>>;
  logger: Logger;
  now?: () => Date;
}

interface Marker {
  at: string;
  checkedSince?: string;
}

/**
 * Published versions an older Gerbang stored with test-case secrets in clear (a persona's password, a
 * password or code typed at a step) are sealed in place, as publishing seals them now. The first pass
 * of a deployment reads every version; the pass then runs again on every start and once a minute on
 * every instance (`pass`), reading only the versions published since the shared `checkedSince`, so a
 * version an instance of the older kind publishes during a rolling upgrade, after the first pass, is
 * sealed within a minute by whichever instance looks first. Each version is sealed by a compare-and-set
 * on its cases, so of several instances one writes it and the others leave it; a version with nothing
 * in clear is never written. Versions this instance found sealed are not read again.
 */
export class VersionTestSealer {
  /** `flowId@version@publishedAt` of the versions found (or made) sealed, with when they were published. */
  private readonly done = new Map<string, number>();

  constructor(private readonly deps: VersionTestSealing) {}

  /** One pass; returns how many versions this instance sealed. */
  async pass(): Promise<number> {
    const { store } = this.deps;
    const started = (this.deps.now?.() ?? new Date()).getTime();
    const marker = await store.settings.get(VERSION_TESTS_SEALED_KEY);
    const recorded = marker?.value as Marker | undefined;
    // No marker: the first pass, every version. A marker of the one-time pass of earlier versions has no `checkedSince`.
    const since = !recorded ? -Infinity : recorded.checkedSince ? Date.parse(recorded.checkedSince) : Date.parse(recorded.at) - MARGIN_MS;
    for (const [key, publishedAt] of this.done) if (publishedAt < since) this.done.delete(key);

    let sealedVersions = 0;
    for (const flow of await store.flows.list()) {
      for (const summary of await store.flows.listVersions(flow.id)) {
        const publishedAt = summary.publishedAt.getTime();
        const key = `${flow.id}@${summary.version}@${publishedAt}`;
        if (publishedAt < since || this.done.has(key)) continue;
        if (await this.seal(flow.id, summary.version)) sealedVersions++;
        this.done.set(key, publishedAt);
      }
    }
    if (sealedVersions) this.deps.logger.info('sealed test-case secrets an older version stored in clear in published journey versions', { versions: sealedVersions });

    const checkedSince = new Date(started - MARGIN_MS).toISOString();
    if (!marker) {
      // Another instance finishing the first pass at the same time wrote it already: nothing to add.
      await store.settings.put(VERSION_TESTS_SEALED_KEY, { at: new Date(started).toISOString(), checkedSince }, 0, null);
    } else if (started - MARGIN_MS - since >= ADVANCE_EVERY_MS) {
      // Moved on by one of the instances; a lost compare-and-set means another one just did it.
      await store.settings.put(VERSION_TESTS_SEALED_KEY, { ...recorded, checkedSince }, marker.revision, null);
    }
    return sealedVersions;
  }

  /** Seals one version's cases if they hold a secret in clear; true when this instance wrote it. */
  private async seal(flowId: string, version: number): Promise<boolean> {
    const published: FlowVersion | null = await this.deps.store.flows.getVersion(flowId, version);
    const tests = published?.graph.tests;
    if (!published || !tests?.length) return false;
    const personaInClear = tests.some((c) => typeof c.persona.password === 'string' && c.persona.password !== '');
    const steps = stepsAnsweredInClear(tests);
    if (!personaInClear && !steps.length) return false;
    const secretFields = steps.length ? await this.deps.secretFields(published.graph, steps) : new Map<string, ReadonlySet<string> | null>();
    const sealed = this.deps.caseSecrets.sealInClear(tests, (step) => secretFields.get(step) ?? null);
    // Answers in clear that are no secret (an email) leave the version as it is.
    if (isDeepStrictEqual(sealed, tests)) return false;
    return this.deps.store.flows.sealVersionTests(flowId, version, tests, sealed);
  }
}
