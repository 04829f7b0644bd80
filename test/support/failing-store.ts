import Database from 'better-sqlite3';
import type { Store } from '../../engine/store/port.js';

export type Fault = 'disk-full' | 'read-only' | 'unreachable';

const READ = /^(get|find|list|count|resolve|load|exists|search|has|all)/;

/** The errors the real drivers throw for each fault. */
function errorFor(fault: Fault): Error {
  if (fault === 'disk-full') return new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
  if (fault === 'read-only') return new Database.SqliteError('attempt to write a readonly database', 'SQLITE_READONLY');
  return Object.assign(new Error('connection 3 to 127.0.0.1:27017 closed'), { name: 'MongoNetworkError' });
}

/**
 * A store whose writes fail like a full or read-only disk (reads keep working), or whose every
 * operation fails like an unreachable database, while `fault` says so.
 */
export function failingStore(store: Store, faults: { fault: Fault | null }): Store {
  return new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value === 'function') return value.bind(target);
      if (!value || typeof value !== 'object' || typeof key !== 'string') return value;
      return new Proxy(value as object, {
        get(repo, method) {
          const fn = Reflect.get(repo, method, repo);
          if (typeof fn !== 'function' || typeof method !== 'string') return fn;
          return (...args: unknown[]) => {
            const fault = faults.fault;
            if (fault && (fault === 'unreachable' || !READ.test(method))) return Promise.reject(errorFor(fault));
            return fn.apply(repo, args);
          };
        },
      });
    },
  });
}
