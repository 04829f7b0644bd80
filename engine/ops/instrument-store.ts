import type { Store } from '../store/port.js';
import { currentRequestId } from './request-context.js';

/** Told of every store operation: how long it took, and the error when it failed. */
export type StoreObserver = (repository: string, operation: string, seconds: number, error: unknown) => void;

/**
 * The same store, with every repository operation timed (store latency metrics) and every audit
 * event stamped with the id of the request that caused it, so an audit entry leads to its log line.
 * Works on any adapter: it wraps whatever repositories the store has.
 */
export function instrumentStore(store: Store, observe: StoreObserver): Store {
  const wrapped = new Map<string, unknown>();
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value === 'function') return value.bind(target);
      if (typeof key !== 'string' || !value || typeof value !== 'object') return value;
      if (!wrapped.has(key)) wrapped.set(key, instrumentRepository(key, value as object, observe));
      return wrapped.get(key);
    },
  });
}

function instrumentRepository(name: string, repo: object, observe: StoreObserver): object {
  const methods = new Map<string | symbol, unknown>();
  return new Proxy(repo, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      if (!methods.has(key)) {
        methods.set(key, (...args: unknown[]) => {
          if (name === 'audit' && key === 'record') args = [stampRequestId(args[0]), ...args.slice(1)];
          const started = performance.now();
          const done = (error: unknown) => observe(name, key, (performance.now() - started) / 1000, error);
          let result: unknown;
          try {
            result = value.apply(target, args);
          } catch (err) {
            done(err ?? new Error('store operation failed'));
            throw err;
          }
          if (result instanceof Promise) {
            return result.then(
              (v) => (done(null), v),
              (err) => {
                done(err ?? new Error('store operation failed'));
                throw err;
              },
            );
          }
          done(null);
          return result;
        });
      }
      return methods.get(key);
    },
  });
}

function stampRequestId(event: unknown): unknown {
  const requestId = currentRequestId();
  if (!requestId || !event || typeof event !== 'object') return event;
  const e = event as { details?: Record<string, unknown> };
  return { ...e, details: { ...(e.details ?? {}), requestId } };
}
