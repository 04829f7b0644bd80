/** A uniqueness rule of the store was violated (e.g. an email that is already registered). */
export class DuplicateError extends Error {
  constructor(
    readonly entity: string,
    readonly field: string,
  ) {
    super(`${entity} with this ${field} already exists`);
    this.name = 'DuplicateError';
  }
}
