/**
 * Multi-document transactions, as a single-node replica set runs them: snapshot isolation with
 * first-committer-wins write conflicts.
 *
 * A transaction works on copies of the collections it touches, taken on first use (documents are
 * never mutated in place, so a copy is a map of pointers). Its reads see its own writes and nobody
 * else's later ones; nobody sees its writes before the commit. At commit, every document it wrote must
 * still be the one its copy started from — otherwise another writer got there first and the commit
 * fails with WriteConflict (TransientTransactionError: the driver's withTransaction runs it again).
 * The commit applies all changes or, if one fails (a unique index), none.
 */
import { MongoCommandError } from './errors.js';
import { Collection, type Storage, type StorageView } from './storage.js';

const TRANSIENT = { errorLabels: ['TransientTransactionError'] };

export function writeConflict(): MongoCommandError {
  return new MongoCommandError(
    'WriteConflict',
    'Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.',
    TRANSIENT,
  );
}

export function noSuchTransaction(txnNumber: number): MongoCommandError {
  return new MongoCommandError('NoSuchTransaction', `Transaction with { txnNumber: ${txnNumber} } has been aborted.`, TRANSIENT);
}

function notInTransaction(what: string): MongoCommandError {
  return new MongoCommandError('OperationNotSupportedInTransaction', `Cannot run '${what}' in a multi-document transaction.`);
}

/** One transaction's view of the storage. */
export class TransactionView implements StorageView {
  /** ns -> the transaction's copy of that collection. */
  private readonly copies = new Map<string, Collection>();

  constructor(private readonly live: Storage) {}

  collection(db: string, name: string): Collection | undefined {
    const ns = `${db}.${name}`;
    let copy = this.copies.get(ns);
    if (!copy) {
      const live = this.live.collection(db, name);
      if (!live) return undefined;
      this.copies.set(ns, (copy = live.clone(true)));
    }
    return copy;
  }

  ensureCollection(db: string, name: string): Collection {
    const existing = this.collection(db, name);
    if (existing) return existing;
    const created = new Collection(db, name, {}, true);
    this.copies.set(`${db}.${name}`, created);
    return created;
  }

  createCollection(): Collection {
    throw notInTransaction('create');
  }

  dropCollection(): Collection | undefined {
    throw notInTransaction('drop');
  }

  dropDatabase(): boolean {
    throw notInTransaction('dropDatabase');
  }

  collections(): Collection[] {
    throw notInTransaction('listCollections');
  }

  databases(): string[] {
    throw notInTransaction('listDatabases');
  }

  /** Applies every change to the live storage, all or nothing; WriteConflict when someone else wrote first. */
  commit(): void {
    const written = [...this.copies.values()].filter((copy) => copy.originals!.size > 0);
    for (const copy of written) {
      const live = this.live.collection(copy.dbName, copy.name);
      for (const [id, original] of copy.originals!) {
        if ((live?.docByKey(id) ?? null) !== original) throw writeConflict();
      }
    }
    const applied: Array<{ live: Collection; backup: Collection }> = [];
    try {
      for (const copy of written) {
        const live = this.live.ensureCollection(copy.dbName, copy.name);
        applied.push({ live, backup: live.clone(false) });
        for (const id of copy.originals!.keys()) {
          const before = live.docByKey(id);
          const after = copy.docByKey(id);
          if (before && after) live.replace(before, after);
          else if (after) live.insert(after);
          else if (before) live.remove(before);
        }
      }
    } catch (err) {
      for (const { live, backup } of applied) live.restoreFrom(backup);
      // A unique key another writer took meanwhile: mongod reports the conflict; the retry sees the duplicate.
      if (err instanceof MongoCommandError && err.codeName === 'DuplicateKey') throw writeConflict();
      throw err;
    }
  }
}

interface SessionTransaction {
  txnNumber: number;
  state: 'active' | 'committed' | 'aborted';
  view: TransactionView | null;
}

/** Transactions by logical session id, as mongod keeps them (one current transaction per session). */
export class TransactionTable {
  private readonly sessions = new Map<string, SessionTransaction>();

  constructor(private readonly live: Storage) {}

  /**
   * The storage a command of session `lsid` runs against: its transaction's view, started when the
   * command says `startTransaction`. commitTransaction / abortTransaction are answered here (null view).
   */
  route(lsid: string, txnNumber: number, name: string, startTransaction: boolean): { view: TransactionView | null; reply?: Record<string, unknown> } {
    let txn = this.sessions.get(lsid);
    if (startTransaction) {
      if (txn && txn.txnNumber >= txnNumber) {
        throw new MongoCommandError('ConflictingOperationInProgress', `Cannot start transaction ${txnNumber}: transaction ${txn.txnNumber} already started on this session.`);
      }
      txn = { txnNumber, state: 'active', view: new TransactionView(this.live) };
      this.sessions.set(lsid, txn);
    }
    if (!txn || txn.txnNumber !== txnNumber) throw noSuchTransaction(txnNumber);
    if (name === 'commitTransaction') {
      if (txn.state === 'committed') return { view: null, reply: { ok: 1 } }; // a retried commit
      if (txn.state === 'aborted' || !txn.view) throw noSuchTransaction(txnNumber);
      const view = txn.view;
      txn.view = null;
      try {
        view.commit();
      } catch (err) {
        txn.state = 'aborted';
        throw err;
      }
      txn.state = 'committed';
      return { view: null, reply: { ok: 1 } };
    }
    if (name === 'abortTransaction') {
      if (txn.state === 'committed') throw new MongoCommandError('TransactionCommitted', 'Cannot abort a transaction that has been committed.');
      txn.state = 'aborted';
      txn.view = null;
      return { view: null, reply: { ok: 1 } };
    }
    if (txn.state !== 'active' || !txn.view) throw noSuchTransaction(txnNumber);
    return { view: txn.view };
  }

  /** A command inside the transaction failed: mongod aborts the transaction. */
  abort(lsid: string): void {
    const txn = this.sessions.get(lsid);
    if (txn && txn.state === 'active') {
      txn.state = 'aborted';
      txn.view = null;
    }
  }

  end(lsid: string): void {
    this.sessions.delete(lsid);
  }

  clear(): void {
    this.sessions.clear();
  }
}
