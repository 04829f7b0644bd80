import { AsyncLocalStorage } from 'node:async_hooks';
import type { Store } from './port.js';

/**
 * Records read once per request: within one request's scope (`readOncePerRequest`), `users.findById`
 * and the OpenID provider's `oidc.find` / `oidc.findByUid` answer a copy of what that request read
 * before, until the request changes that repository (any other call of it forgets what it read). A
 * sign-in step reads the same user several times (page, step, assurance, tokens); a refresh grant
 * reads its refresh token and session twice (the reuse window's check, then the grant). Outside a
 * request nothing is kept. (Apps are kept across requests: shared-caches.ts.)
 */
const scope = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

/** Runs `fn` (and everything it awaits) as one request's scope of reads. */
export function readOncePerRequest<T>(fn: () => T): T {
  return scope.run(new Map(), fn);
}

const MEMOISED: Record<string, string[]> = { users: ['findById'], oidc: ['find', 'findByUid'] };

export function withRequestReads(store: Store): Store {
  const wrapped: Partial<Record<string, unknown>> = {};
  for (const [repository, reads] of Object.entries(MEMOISED)) {
    const target = store[repository as keyof Store] as unknown as Record<string, unknown>;
    wrapped[repository] = new Proxy(target, {
      get(repo, property, receiver) {
        const value = Reflect.get(repo, property, receiver) as unknown;
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        const call = (...args: unknown[]) => (value as (...a: unknown[]) => Promise<unknown>).apply(repo, args);
        if (reads.includes(property)) {
          return async (...args: unknown[]) => {
            const memo = scope.getStore();
            if (!memo || !args.every((a) => typeof a === 'string')) return call(...args);
            const key = `${repository}:${property}:${args.join('\u0000')}`;
            let pending = memo.get(key);
            if (!pending) {
              pending = call(...args);
              memo.set(key, pending);
              pending.catch(() => memo.delete(key));
            }
            // A copy: a caller changing what it got must not change what the next one gets.
            return structuredClone(await pending);
          };
        }
        return (...args: unknown[]) => {
          const memo = scope.getStore();
          if (memo) for (const key of memo.keys()) if (key.startsWith(`${repository}:`)) memo.delete(key);
          return call(...args);
        };
      },
    });
  }
  return { ...store, ...wrapped } as Store;
}
