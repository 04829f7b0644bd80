import type Database from 'better-sqlite3';
import type { StoreOperation } from '../port.js';

/** Distinct SQL texts kept compiled; the store's SQL is a fixed set (plus a few filter combinations). */
const MAX_CACHED_STATEMENTS = 1000;

type Observer = (operation: StoreOperation) => void;
type AnyFunction = (...args: unknown[]) => unknown;

/**
 * Makes `db.prepare` compile each SQL text once (better-sqlite3 statements are reusable; compiling
 * is a large share of a short query's cost) and lets observers see every statement executed and every
 * commit that wrote (a write outside a transaction is its own commit). Observers cost nothing when
 * none is registered; the counted regression guard and diagnostics use them.
 */
export function prepareOnce(db: Database.Database): { observe(observer: Observer): () => void } {
  const observers = new Set<Observer>();
  const compiled = new Map<string, Database.Statement>();
  const prepare = db.prepare.bind(db);
  let depth = 0;
  let wroteInTransaction = false;

  const notify = (operation: StoreOperation) => {
    for (const observer of observers) observer(operation);
  };

  const counted = (statement: Database.Statement, sql: string): Database.Statement => {
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const original = statement[method] as AnyFunction;
      (statement as unknown as Record<string, AnyFunction>)[method] = function (this: unknown, ...args: unknown[]) {
        if (observers.size) {
          const write = !statement.readonly;
          notify({ kind: write ? 'write' : 'read', text: sql });
          if (write && !db.inTransaction) notify({ kind: 'commit', text: sql });
          if (write && db.inTransaction) wroteInTransaction = true;
        }
        return original.apply(statement, args);
      };
    }
    return statement;
  };

  db.prepare = ((sql: string) => {
    let statement = compiled.get(sql);
    if (!statement) {
      statement = counted(prepare(sql), sql);
      if (compiled.size < MAX_CACHED_STATEMENTS) compiled.set(sql, statement);
    }
    return statement;
  }) as typeof db.prepare;

  // A transaction that wrote is one commit, however many statements it ran (nested ones are savepoints).
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: AnyFunction) =>
    transaction(function (this: unknown, ...args: unknown[]) {
      if (depth++ === 0) wroteInTransaction = false;
      let ok = false;
      try {
        const result = fn.apply(this, args);
        ok = true;
        return result;
      } finally {
        if (--depth === 0 && ok && wroteInTransaction && observers.size) notify({ kind: 'commit', text: 'COMMIT' });
      }
    })) as typeof db.transaction;

  return {
    observe(observer) {
      observers.add(observer);
      return () => observers.delete(observer);
    },
  };
}
