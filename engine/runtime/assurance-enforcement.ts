import type { CompletionArgs, CompletionHandler } from '../hosted/completions.js';
import type { Store, User } from '../store/port.js';
import type { Logger } from '../logger.js';
import type { FlowRuntime, LoadedRun, RunOrigin } from './runtime.js';
import type { Proof } from '../identity/assurance.js';
import { purposeOf } from './runtime.js';
import { Assurance, requestedOf, STEP_UP_FLOW } from './assurance.js';
import { seeOther } from '../http/redirect.js';

export interface EnforcementDeps {
  store: Store;
  runtime: FlowRuntime;
  assurance: Assurance;
  logger: Logger;
  /** Ends everything else of the account: other sessions, the provider's sessions and every app's tokens. */
  revokeOthers: (args: CompletionArgs, user: User) => Promise<void>;
}

/** Why a completed run does not give a session: shown as a page, or as an OIDC error to the app. */
export type Unmet = 'level-not-reached' | 'other-user' | 'account-gone';

/**
 * Wraps a completion (what happens when a run reaches success) with the engine's assurance rules:
 * - a `recovery` journey revokes the account's other sessions and tokens when it completes;
 * - a sign-in below the required level continues with the step-up journey for the same user, and
 *   finishes only once the level is met; a step-up that still falls short, or that ends with another
 *   user, never yields a session (`unmet`).
 * No journey can finish below the required level, whatever its graph says.
 */
export function enforceAssurance(deps: EnforcementDeps, handler: CompletionHandler, unmet: (args: CompletionArgs, why: Unmet) => Promise<void>): CompletionHandler {
  const enforce = async (args: CompletionArgs): Promise<void> => {
    if (args.outcome !== 'success') return handler(args);
    const { loaded } = args;
    const user = loaded.state.userId ? await deps.store.users.findById(loaded.state.userId) : null;
    if (!user) return unmet(args, 'account-gone');
    const requested = requestedOf(loaded.state);
    if (requested.stepUpFor && requested.stepUpFor !== user.id) {
      deps.logger.warn('step-up journey ended with another user', { runId: loaded.run.id, flowId: loaded.graph.id });
      return unmet(args, 'other-user');
    }
    if (purposeOf(loaded.graph) === 'recovery') await deps.revokeOthers(args, user);

    const required = await deps.assurance.requirement(user, requested);
    const proofs = loaded.state.proofs ?? [];
    if (deps.assurance.meets(proofs, required)) return handler(args);
    await deps.store.audit.record({
      at: new Date(),
      type: 'assurance.step-up',
      userId: user.id,
      actor: user.id,
      ip: args.req.ip ?? null,
      details: { flowId: loaded.graph.id, required: required.level, reached: deps.assurance.levelOf(proofs, required.maxAge), because: required.because },
    });
    // A step-up that completed without reaching the level does not loop: it ends here, without a session.
    if (requested.stepUpFor) return unmet(args, 'level-not-reached');
    const from = { browserHash: loaded.run.browserHash, origin: { ...loaded.run.origin, kind: String(loaded.run.origin.kind) }, request: loaded.state.request, proofs };
    const next = await startStepUp(deps, from, user, required, args.req.ip ?? null, args.req.headers['user-agent'] ?? null);
    if (next.type.terminal) return enforce({ ...args, loaded: next, outcome: next.type.terminal });
    seeOther(args.res, `/flow/${next.run.id}`);
  };
  return enforce;
}

/** Where a step-up continues from: the browser, the origin (what happens at the end), the request and what was proved. */
export interface StepUpFrom {
  browserHash: string;
  origin: RunOrigin;
  request: Record<string, unknown>;
  proofs: Proof[];
}

/** Starts the step-up journey for the same user and origin, seeded with what still counts. */
export async function startStepUp(
  deps: Pick<EnforcementDeps, 'runtime' | 'assurance'>,
  from: StepUpFrom,
  user: User,
  required: Awaited<ReturnType<Assurance['requirement']>>,
  ip: string | null,
  userAgent: string | null,
): Promise<LoadedRun> {
  const seed = deps.assurance.stepUpStart(user, from.proofs, required, from.request);
  return deps.runtime.start({
    flowId: STEP_UP_FLOW,
    browserHash: from.browserHash,
    origin: from.origin,
    request: seed.request,
    initial: seed.initial,
    client: { ip, userAgent: userAgent?.slice(0, 300) ?? null },
    purposes: ['step-up'],
  });
}
