/** Why a run cannot be shown or continued; hosted pages map each to a page and status. */
export class RunError extends Error {
  constructor(
    readonly reason: 'not-found' | 'expired' | 'wrong-browser' | 'conflict' | 'finished' | 'flow-unavailable' | 'requirement-unmet' | 'not-allowed',
    message: string,
  ) {
    super(message);
    this.name = 'RunError';
  }
}
