import type { BsonDoc } from './values.js';

/** mongod error codes used by the test server (src/mongo/base/error_codes.yml). */
export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  InvalidIdField: 53,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  WriteConflict: 112,
  CommandNotSupported: 115,
  ConflictingOperationInProgress: 117,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  OperationNotSupportedInTransaction: 263,
  Location40324: 40324,
  DuplicateKey: 11000,
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;

/**
 * A mongod-style failure. As a command error it becomes `{ ok: 0, errmsg, code, codeName, ...extra }`;
 * inside a write batch it becomes a `writeErrors` entry `{ index, code, errmsg, ...extra }`.
 */
export class MongoCommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly extra: BsonDoc;

  constructor(codeName: ErrorCodeName, message: string, extra: BsonDoc = {}) {
    super(message);
    this.code = ErrorCodes[codeName];
    this.codeName = codeName;
    this.extra = extra;
  }

  toReply(): BsonDoc {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }

  toWriteError(index: number): BsonDoc {
    return { index, code: this.code, errmsg: this.message, ...this.extra };
  }
}
