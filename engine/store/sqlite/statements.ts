import type Database from 'better-sqlite3';
import type { StoreOperation } from '../port.js';
import { GroupCommit } from './group-commit.js';

/** Distinct SQL texts kept compiled; the store's SQL is a fixed set (plus a few filter combinations). */
const MAX_CACHED_STATEMENTS = 1000;

type Observer = (operation: StoreOperation) => void;
type AnyFunction = (...args: unknown[]) => unknown;

export interface StatementControl {
  observe(observer: Observer): () => void;
  /** Resolves once every write made so far is committed; null when none is waiting. */
  settled(): Promise<void> | null;
  /** Commits what is pending now; throws when the commit fails. */
  commitNow(): void;
}

/**
 * The way the SQLite adapter talks to its database, set up once on the connection:
 * - `db.prepare` compiles each SQL text once (better-sqlite3 statements are reusable; compiling is a
 *   large share of a short query's cost);
 * - writes made outside a transaction, and transactions started outside one, join the group commit of
 *   the current event-loop turn (group-commit.ts);
 * - observers see every statement executed and every commit that wrote (the counted regression guard);
 *   they cost nothing when none is registered.
 */
export function setUpStatements(db: Database.Database): StatementControl {
  const observers = new Set<Observer>();
  const compiled = new Map<string, Database.Statement>();
  const group = new GroupCommit(db);
  const prepare = db.prepare.bind(db);
  let wrote = false;

  const notify = (operation: StoreOperation) => {
    for (const observer of observers) observer(operation);
  };

  const wrap = (statement: Database.Statement, sql: string): Database.Statement => {
    const write = !statement.readonly;
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const original = statement[method] as AnyFunction;
      (statement as unknown as Record<string, AnyFunction>)[method] = function (...args: unknown[]) {
        if (write) {
          group.beforeWrite();
          wrote = true;
        }
        if (observers.size) notify({ kind: write ? 'write' : 'read', text: sql });
        return original.apply(statement, args);
      };
    }
    return statement;
  };

  db.prepare = ((sql: string) => {
    let statement = compiled.get(sql);
    if (!statement) {
      statement = wrap(prepare(sql), sql);
      if (compiled.size < MAX_CACHED_STATEMENTS) compiled.set(sql, statement);
    }
    return statement;
  }) as typeof db.prepare;

  // A transaction started outside one joins the turn's group (it becomes a savepoint there: still atomic).
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: AnyFunction) => {
    const made = transaction(fn) as unknown as AnyFunction & Record<'deferred' | 'immediate' | 'exclusive', AnyFunction>;
    const joined = (variant: AnyFunction) =>
      function (this: unknown, ...args: unknown[]) {
        group.beforeWrite();
        return variant.apply(this, args);
      };
    return Object.assign(joined(made), {
      default: joined(made),
      deferred: joined(made.deferred),
      immediate: joined(made.immediate),
      exclusive: joined(made.exclusive),
    });
  }) as unknown as typeof db.transaction;

  const flush = group.flush.bind(group);
  group.flush = () => {
    const committing = wrote && db.inTransaction;
    wrote = false;
    const failure = flush();
    if (committing && !failure && observers.size) notify({ kind: 'commit', text: 'COMMIT' });
    return failure;
  };

  return {
    observe(observer) {
      observers.add(observer);
      return () => observers.delete(observer);
    },
    settled: () => group.settled(),
    commitNow: () => group.commitNow(),
  };
}
