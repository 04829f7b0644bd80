import { describe, expect, it } from 'vitest';
import { createActor, initialTransition, transition } from 'xstate';
import { readFileSync } from 'node:fs';
import { compileFlow, firstSnapshot, initialRunState, nextSnapshot } from './compile.js';
import { createNodeRegistry } from '../nodes/index.js';
import type { FlowGraph } from './types.js';

const registry = createNodeRegistry();
const flow: FlowGraph = JSON.parse(readFileSync(new URL('../../flows/login-signup.json', import.meta.url), 'utf8'));

describe('flow compiler', () => {
  it('turns every step into a state and every connection into a transition on its outcome', () => {
    const machine = compileFlow(flow, registry);
    const actor = createActor(machine, { input: initialRunState({ clientId: 'demo' }) }).start();
    expect(actor.getSnapshot().value).toBe('identify');
    actor.send({ type: 'unknown', patch: { email: 'a@example.com' } });
    expect(actor.getSnapshot().value).toBe('register');
    actor.send({ type: 'created', patch: { userId: 'u1', amr: ['pwd'] } });
    actor.send({ type: 'done' });
    const snapshot = actor.getSnapshot();
    expect(snapshot.value).toBe('done');
    expect(snapshot.status).toBe('done');
    expect(snapshot.context).toMatchObject({ email: 'a@example.com', userId: 'u1', amr: ['pwd'], request: { clientId: 'demo' } });
  });

  it('takes the same steps without an actor as XState does, the same machine over and over', () => {
    const machine = compileFlow(flow, registry);
    const events = [{ type: 'unknown', patch: { email: 'a@example.com' } }, { type: 'created', patch: { userId: 'u1', amr: ['pwd'] } }, { type: 'done' }];
    for (let round = 0; round < 2; round++) {
      let ours = firstSnapshot(machine, initialRunState({ clientId: `demo-${round}` }));
      let theirs = initialTransition(machine, initialRunState({ clientId: `demo-${round}` }))[0];
      expect(machine.getPersistedSnapshot(ours)).toEqual(machine.getPersistedSnapshot(theirs));
      for (const event of events) {
        // From the persisted form, as the runtime does between requests.
        ours = nextSnapshot(machine, machine.resolveState(machine.getPersistedSnapshot(ours) as never), event);
        theirs = transition(machine, theirs, event)[0];
        expect(machine.getPersistedSnapshot(ours)).toEqual(machine.getPersistedSnapshot(theirs));
      }
      expect(ours.status).toBe('done');
      expect(ours.context).toMatchObject({ email: 'a@example.com', userId: 'u1', request: { clientId: `demo-${round}` } });
    }
  });

  it('ignores outcomes that are not connected from the current step', () => {
    const actor = createActor(compileFlow(flow, registry), { input: initialRunState() }).start();
    expect(actor.getSnapshot().can({ type: 'created' })).toBe(false);
    actor.send({ type: 'created' });
    expect(actor.getSnapshot().value).toBe('identify');
  });

  it('restores a persisted snapshot and continues from it', () => {
    const machine = compileFlow(flow, registry);
    const first = createActor(machine, { input: initialRunState() }).start();
    first.send({ type: 'known', patch: { email: 'b@example.com' } });
    first.send({ type: 'wrong-password', notice: { kind: 'error', key: 'password.wrong' } });
    const persisted = JSON.parse(JSON.stringify(first.getPersistedSnapshot()));

    const resumed = createActor(machine, { snapshot: persisted, input: initialRunState() }).start();
    expect(resumed.getSnapshot().value).toBe('password');
    expect(resumed.getSnapshot().context.notice).toEqual({ kind: 'error', key: 'password.wrong' });
    resumed.send({ type: 'success', patch: { userId: 'u2', amr: ['pwd'] } });
    expect(resumed.getSnapshot().value).toBe('profile');
    expect(resumed.getSnapshot().context.notice).toBeNull();
  });

  it('merges per-step data and accumulates authentication methods', () => {
    const machine = compileFlow(flow, registry);
    const actor = createActor(machine, { input: initialRunState() }).start();
    actor.send({ type: 'known', patch: { data: { identify: { a: 1 } }, amr: ['pwd'] } });
    actor.send({ type: 'success', patch: { data: { identify: { b: 2 } }, amr: ['pwd', 'otp'] } });
    expect(actor.getSnapshot().context.data).toEqual({ identify: { a: 1, b: 2 } });
    expect(actor.getSnapshot().context.amr).toEqual(['pwd', 'otp']);
  });
});
