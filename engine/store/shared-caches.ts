import type { Store } from './port.js';
import { copyOf } from './copy.js';

/**
 * Configuration that every request reads and that rarely changes — apps (several reads per sign-in
 * and per token grant), the console's settings (schema, theme, connections, thresholds) and which
 * version of a journey is live — is kept in memory, and invalidated across instances through a
 * version stamp in the store:
 * - every write through a cached repository bumps that repository's stamp (an atomic counter in the
 *   store, `stamp:<repository>`, after the write) and empties this instance's cache (before the write
 *   and after the bump);
 * - every instance reads the stamps once per `STAMP_POLL_MS` (off any request) and empties a cache
 *   whose stamp moved, so a change made on another instance is seen there within about a second;
 * - until the stamps have been read (and after a failed read) nothing is cached: reads go to the store;
 * - a read that started before an invalidation is not kept (its answer may predate the change).
 * Cached apps and settings are handed out as copies (a caller may change what it got); live journey
 * versions are shared, read-only, like every published version (cached-flow-versions.ts).
 */
const CACHED = {
  apps: { reads: ['get', 'list'], writes: ['create', 'update', 'updateIfUris', 'delete'], copy: true },
  settings: { reads: ['get', 'list'], writes: ['put', 'delete'], copy: true },
  flows: { reads: ['getActive'], writes: ['publish', 'setActiveVersion', 'sealVersionTests', 'delete'], copy: false },
} as const satisfies Partial<Record<keyof Store, { reads: readonly string[]; writes: readonly string[]; copy: boolean }>>;

type CachedRepository = keyof typeof CACHED;

/** How often an instance looks for changes made by the others. */
export const STAMP_POLL_MS = 1000;
/** Stamps never expire (a counter needs an expiry). */
const NEVER = new Date(Date.UTC(9999, 0, 1));
const stampKey = (repository: string) => `stamp:${repository}`;

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

interface RepositoryCache {
  entries: Map<string, Promise<unknown>>;
  /** Grows with every invalidation: a read that started in an older generation is not kept. */
  generation: number;
  /** The stamp this cache was filled under; null while unknown (nothing is cached then). */
  stamp: number | null;
}

export function withSharedCaches(store: Store): Store & { readStamps(): Promise<void> } {
  const caches = new Map<CachedRepository, RepositoryCache>(
    (Object.keys(CACHED) as CachedRepository[]).map((name) => [name, { entries: new Map(), generation: 0, stamp: null }]),
  );
  const invalidate = (cache: RepositoryCache) => {
    cache.entries.clear();
    cache.generation++;
  };

  /** Reads every stamp; empties the caches whose stamp moved (all of them when the store cannot answer). */
  async function readStamps(): Promise<void> {
    const now = new Date();
    await Promise.all(
      [...caches].map(async ([name, cache]) => {
        let stamp: number | null;
        try {
          stamp = await store.counters.current(stampKey(name), now);
        } catch {
          stamp = null;
        }
        if (stamp !== cache.stamp || stamp === null) invalidate(cache);
        cache.stamp = stamp;
      }),
    );
  }

  const wrapped: Partial<Record<CachedRepository, unknown>> = {};
  for (const [name, rules] of Object.entries(CACHED) as [CachedRepository, (typeof CACHED)[CachedRepository]][]) {
    const cache = caches.get(name)!;
    const target = store[name] as unknown as Record<string, AnyMethod>;
    const methods: Record<string, AnyMethod> = {};
    for (const method of rules.reads as readonly string[]) {
      methods[method] = async (...args: unknown[]) => {
        const read = () => target[method].apply(target, args);
        if (cache.stamp === null) return read();
        const key = `${method}:${JSON.stringify(args)}`;
        let pending = cache.entries.get(key);
        if (!pending) {
          const generation = cache.generation;
          pending = read();
          cache.entries.set(key, pending);
          const made = pending;
          const forget = () => {
            if (cache.entries.get(key) === made) cache.entries.delete(key);
          };
          made.then(() => cache.generation !== generation && forget(), forget);
        }
        const value = await pending;
        return rules.copy ? copyOf(value) : value;
      };
    }
    for (const method of rules.writes as readonly string[]) {
      methods[method] = async (...args: unknown[]) => {
        invalidate(cache);
        try {
          return await target[method].apply(target, args);
        } finally {
          // The others learn of it through the stamp (a failed bump fails the write's caller too: the
          // others would not see the change). Emptied once more after the bump, this cache holds
          // nothing older than the writes of every stamp up to this one: it is filled under it.
          const stamp = await store.counters.increment(stampKey(name), NEVER, new Date());
          invalidate(cache);
          cache.stamp = stamp;
        }
      };
    }
    wrapped[name] = new Proxy(target, {
      get(repo, property, receiver) {
        if (typeof property === 'string' && Object.hasOwn(methods, property)) return methods[property];
        return Reflect.get(repo, property, receiver) as unknown;
      },
    });
  }

  const timer = setInterval(() => void readStamps(), STAMP_POLL_MS);
  timer.unref();
  return {
    ...store,
    ...wrapped,
    readStamps,
    async close() {
      clearInterval(timer);
      await store.close();
    },
  } as Store & { readStamps(): Promise<void> };
}
