import type { User } from '../store/port.js';
import type { Fact } from '../flow/steps.js';
import type { RunState } from '../flow/run-state.js';

/**
 * Whether a run has a fact a step requires, as far as its state shows. Facts the state cannot show
 * (an email verified earlier in the run, a consent answered) are left to the proof on publish.
 */
export function hasFact(fact: Fact, state: RunState, user: User | null): boolean {
  switch (fact) {
    case 'user':
      return user !== null;
    case 'email':
      return Boolean(state.email ?? user?.email);
    case 'new-email':
      return Boolean(user && state.email && state.email !== user.email);
    default:
      return true;
  }
}

/** The first requirement the run does not meet, or null. */
export function unmetRequirement(requires: readonly Fact[], state: RunState, user: User | null): Fact | null {
  return requires.find((f) => !hasFact(f, state, user)) ?? null;
}
