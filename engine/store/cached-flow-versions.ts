import type { FlowsRepo, FlowVersion, Store } from './port.js';

const CAPACITY = 256;
/** What drops a flow's cached versions: deleting, and the one change a version allows (sealing its test cases). */
const CHANGES_VERSIONS = /^(delete|remove|sealVersionTests$)/;

/**
 * Published journey versions never change, and every step of a run reads its version: once read, a
 * version is kept in memory (the most recently used few hundred), so a step costs no query and no
 * parsing of the graph. Only found versions are kept; anything that deletes drops the flow's versions, and
so does sealing a version's test cases (the only change a version allows, made once by an upgrade).
 * Callers treat the returned graph as read-only (as they must with any shared immutable value).
 */
export function withCachedFlowVersions(store: Store): Store {
  const cache = new Map<string, FlowVersion>();
  const key = (id: string, version: number) => `${id}@${version}`;
  const forget = (id: unknown) => {
    for (const k of cache.keys()) if (k.startsWith(`${String(id)}@`)) cache.delete(k);
  };
  const getVersion = async (id: string, version: number): Promise<FlowVersion | null> => {
    const k = key(id, version);
    const hit = cache.get(k);
    if (hit) {
      cache.delete(k); // most recently used last
      cache.set(k, hit);
      return hit;
    }
    const found = await store.flows.getVersion(id, version);
    if (found) {
      cache.set(k, found);
      if (cache.size > CAPACITY) cache.delete(cache.keys().next().value!);
    }
    return found;
  };
  const flows = new Proxy(store.flows, {
    get(target, property, receiver) {
      if (property === 'getVersion') return getVersion;
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value === 'function' && typeof property === 'string' && CHANGES_VERSIONS.test(property)) {
        return async (...args: unknown[]) => {
          forget(args[0]);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return value;
    },
  }) as FlowsRepo;
  return { ...store, flows };
}
