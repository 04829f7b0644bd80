import { AsyncLocalStorage } from 'node:async_hooks';
import type { Store } from './port.js';

/**
 * The user is read once per request: within one request's scope (`readOncePerRequest`),
 * `users.findById` answers a copy of what that request read before, until the request changes that
 * repository (any other call of it forgets what it read). A sign-in step reads the same user several
 * times (page, step, assurance, tokens); outside a request nothing is kept. (Apps are kept across
 * requests: shared-caches.ts.)
 */
const scope = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

/** Runs `fn` (and everything it awaits) as one request's scope of reads. */
export function readOncePerRequest<T>(fn: () => T): T {
  return scope.run(new Map(), fn);
}

const MEMOISED: Record<string, string> = { users: 'findById' };

export function withRequestReads(store: Store): Store {
  const wrapped: Partial<Record<string, unknown>> = {};
  for (const [repository, read] of Object.entries(MEMOISED)) {
    const target = store[repository as keyof Store] as unknown as Record<string, unknown>;
    wrapped[repository] = new Proxy(target, {
      get(repo, property, receiver) {
        const value = Reflect.get(repo, property, receiver) as unknown;
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        const call = (...args: unknown[]) => (value as (...a: unknown[]) => Promise<unknown>).apply(repo, args);
        if (property === read) {
          return async (id: unknown) => {
            const reads = scope.getStore();
            if (!reads || typeof id !== 'string') return call(id);
            const key = `${repository}:${id}`;
            let pending = reads.get(key);
            if (!pending) {
              pending = call(id);
              reads.set(key, pending);
              pending.catch(() => reads.delete(key));
            }
            // A copy: a caller changing what it got must not change what the next one gets.
            return structuredClone(await pending);
          };
        }
        return (...args: unknown[]) => {
          const reads = scope.getStore();
          if (reads) for (const key of reads.keys()) if (key.startsWith(`${repository}:`)) reads.delete(key);
          return call(...args);
        };
      },
    });
  }
  return { ...store, ...wrapped } as Store;
}
