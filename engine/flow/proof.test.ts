import { describe, expect, it } from 'vitest';
import { analyseFlow } from './checks.js';
import type { AssuranceLevels, ProofInputs } from './proof.js';
import type { FlowGraph, FlowNode } from './types.js';
import { createNodeRegistry } from '../nodes/index.js';
import { shippedFlows } from '../runtime/seed-flows.js';

const registry = createNodeRegistry();
const at = { x: 0, y: 0 };
const shipped = (id: string) => structuredClone(shippedFlows().find((f) => f.id === id)!);
const codePolicy = { method: 'code', ttlMinutes: 10, maxAttempts: 5, maxSendsPerHour: 5 };

/** The levels of the product: one factor, two factors of different kinds, a passkey. */
const levels: AssuranceLevels = {
  levelOf: (amr) => {
    if (amr.includes('hwk')) return 'urn:gerbang:loa:3';
    return new Set(amr.filter((m) => m !== 'mfa')).size >= 2 || amr.includes('mfa') ? 'urn:gerbang:loa:2' : 'urn:gerbang:loa:1';
  },
  rank: (level) => ['urn:gerbang:loa:1', 'urn:gerbang:loa:2', 'urn:gerbang:loa:3'].indexOf(level),
  describe: (level) => ({ 'urn:gerbang:loa:1': 'one factor', 'urn:gerbang:loa:2': 'two factors', 'urn:gerbang:loa:3': 'a passkey' })[level] ?? level,
};

/** What exists in an installation with the shipped journeys, purposes and three social connections. */
const existing: ProofInputs['known'] = {
  'consent-purpose': new Set(['marketing-emails']),
  'social-connection': new Set(['google', 'idp', 'gh']),
  attribute: new Set(['given_name', 'family_name', 'locale', 'phone_number']),
  journey: new Set(shippedFlows().map((f) => f.id)),
};

const flow = (nodes: Array<Omit<FlowNode, 'position'>>, edges: Array<[string, string, string]>, start = nodes[0].id): FlowGraph => ({
  id: 'test',
  name: 'Test',
  version: 0,
  start,
  nodes: nodes.map((n) => ({ ...n, position: at })),
  edges: edges.map(([from, outcome, to]) => ({ from, outcome, to })),
});

const proof = (graph: FlowGraph, inputs: ProofInputs = {}) => analyseFlow(graph, registry, { known: existing, ...inputs });

describe('the proof on publish', () => {
  it('passes every shipped journey in an installation that has what they name', () => {
    for (const graph of shippedFlows()) expect({ id: graph.id, ...proof(graph) }).toEqual({ id: graph.id, problems: [], stepUps: [] });
  });

  it('refuses a step whose requirement a path does not provide, and shows that path', () => {
    const graph = shipped('password-reset');
    // Without "only existing accounts", a verified address need not belong to an account.
    graph.nodes.find((n) => n.id === 'verify')!.settings.onlyExistingAccounts = false;
    expect(proof(graph).problems).toEqual([
      {
        code: 'requirement-unmet',
        nodeId: 'set-password',
        path: [{ nodeId: 'identify', outcome: 'known' }, { nodeId: 'verify', outcome: 'verified' }, { nodeId: 'set-password' }],
        message:
          'Step "Set new password" needs a signed-in person, but on this way no step before it signs the person in: "Ask for email" (Has an account) → "Verify email" (Email verified) → "Set new password".',
      },
      expect.objectContaining({ code: 'success-without-user', nodeId: 'done' }),
    ]);
  });

  it('names a step that needs something at the very start', () => {
    const graph = flow(
      [
        { id: 'pw', type: 'password', settings: { maxAttempts: 5, lockMinutes: 15 } },
        { id: 'ok', type: 'success', settings: {} },
        { id: 'no', type: 'failure', settings: {} },
      ],
      [['pw', 'success', 'ok'], ['pw', 'wrong-password', 'pw'], ['pw', 'unknown-user', 'no'], ['pw', 'locked', 'no']],
    );
    expect(proof(graph).problems.map((p) => p.message)).toEqual([
      'Step "Password" needs an email address, but the journey starts with it, so no step before it asks for the email address.',
    ]);
  });

  it('forgets a verification once a new address is typed in after it', () => {
    const graph = flow(
      [
        { id: 'signed-in', type: 'condition', label: 'Signed in?', settings: { rules: [{ outcome: 'yes', all: [{ field: 'run.signedIn', op: 'equals', value: true }] }] } },
        { id: 'verify', type: 'email-verify', settings: { ...codePolicy, onlyExistingAccounts: false } },
        { id: 'new', type: 'new-email', settings: {} },
        { id: 'change', type: 'change-email', settings: {} },
        { id: 'ok', type: 'success', settings: {} },
        { id: 'no', type: 'failure', settings: {} },
      ],
      [
        ['signed-in', 'yes', 'verify'],
        ['signed-in', 'otherwise', 'no'],
        ['verify', 'verified', 'new'],
        ['verify', 'failed', 'no'],
        ['new', 'entered', 'change'],
        ['change', 'changed', 'ok'],
        ['change', 'taken', 'no'],
      ],
    );
    expect(proof(graph).problems).toEqual([
      expect.objectContaining({
        code: 'requirement-unmet',
        nodeId: 'change',
        message:
          'Step "Change email" needs a verified email address, but on this way no step before it verifies the email address: "Signed in?" (yes) → "Verify email" (Email verified) → "Ask for new email" (New email entered) → "Change email".',
      }),
    ]);
  });

  it('accepts a step that needs a signed-in person when every run of the journey starts with one', () => {
    // An account action runs for the signed-in customer: its purpose says so.
    const graph = shipped('email-change');
    expect(graph.purpose).toBe('account-action');
    expect(proof(graph).problems).toEqual([]);
    // The same steps as a sign-in journey: nothing before them signs anyone in.
    delete graph.purpose;
    expect(proof(graph).problems.map((p) => p.code)).toEqual(['requirement-unmet', 'requirement-unmet', 'success-without-user']);
    expect(proof(graph).problems[0].message).toBe(
      'Step "Ask for new email" needs a signed-in person, but the journey starts with it, so no step before it signs the person in.',
    );
    expect(proof(graph, { entry: ['user', 'email'] }).problems).toEqual([]);
  });

  it('refuses a success that can be reached without signing anyone in', () => {
    const graph = shipped('login-signup');
    graph.edges = graph.edges.map((e) => (e.from === 'password' && e.outcome === 'locked' ? { ...e, to: 'done' } : e));
    expect(proof(graph).problems).toContainEqual(
      {
        code: 'success-without-user',
        nodeId: 'done',
        path: [{ nodeId: 'identify', outcome: 'known' }, { nodeId: 'password', outcome: 'locked' }, { nodeId: 'done' }],
        message: 'The journey can reach "Success" without signing anyone in: "Ask for email" (Has an account) → "Password" (Account locked) → "Success".',
      },
    );
  });

  it('refuses a cycle in which no step waits for the person', () => {
    const rule = (outcome: string) => ({ rules: [{ outcome, all: [{ field: 'request.clientId', op: 'exists' }] }] });
    const graph = shipped('login-signup');
    graph.nodes.push({ id: 'a', type: 'condition', label: 'Which app?', settings: rule('shop'), position: at });
    graph.nodes.push({ id: 'b', type: 'condition', label: 'Again?', settings: rule('again'), position: at });
    graph.edges = graph.edges.map((e) => (e.from === 'profile' ? { ...e, to: 'a' } : e));
    graph.edges.push({ from: 'a', outcome: 'shop', to: 'done' }, { from: 'a', outcome: 'otherwise', to: 'b' });
    graph.edges.push({ from: 'b', outcome: 'again', to: 'a' }, { from: 'b', outcome: 'otherwise', to: 'a' });
    const [cycle] = proof(graph).problems;
    expect(cycle).toMatchObject({
      code: 'cycle-without-person',
      nodeId: 'a',
      message:
        'These steps go round without waiting for the person, so the journey would never stop: "Which app?" (Otherwise) → "Again?" (again) → "Which app?". Put a step that shows a page in the loop, or lead one outcome out of it.',
    });
    expect(cycle.path!.map((s) => s.nodeId)).toEqual(['identify', 'password', 'profile', 'a', 'b', 'a']);
    // The password step's "wrong password" loop waits for the person: no problem.
    expect(proof(shipped('login-signup')).problems).toEqual([]);
  });

  it('refuses references to consent purposes, connections, attributes and journeys that do not exist', () => {
    const graph = shipped('signup-consent');
    graph.nodes.find((n) => n.id === 'consent')!.settings = { purposes: [{ id: 'newsletter', required: false }] };
    const social = shipped('social-login');
    const known = { ...existing, 'social-connection': new Set(['google']), journey: new Set(['social-login']) };
    const condition = shipped('login-signup');
    condition.nodes.push({ id: 'size', type: 'condition', label: 'Big feet?', settings: { rules: [{ outcome: 'big', all: [{ field: 'profile.shoe_size', op: 'greater-than', value: 44 }] }] }, position: at });
    condition.edges = condition.edges.map((e) => (e.from === 'profile' ? { ...e, to: 'size' } : e));
    condition.edges.push({ from: 'size', outcome: 'big', to: 'done' }, { from: 'size', outcome: 'otherwise', to: 'done' });

    expect(proof(graph).problems.map((p) => [p.nodeId, p.message])).toEqual([
      ['consent', 'Step "Marketing consent" names the consent purpose "newsletter", which does not exist.'],
    ]);
    expect(proof(social, { known }).problems.map((p) => p.message)).toEqual([
      'Step "Choose how to sign in" names the social sign-in connection "idp", which does not exist.',
      'Step "Choose how to sign in" names the social sign-in connection "gh", which does not exist.',
      'Step "Password" names the journey "password-reset", which does not exist.',
      'Step "Prove it is your account" names the journey "password-reset", which does not exist.',
    ]);
    expect(proof(condition).problems.map((p) => p.message)).toEqual(['Step "Big feet?" names the profile attribute "shoe_size", which does not exist.']);
  });

  it('lists, per bound app, the ways to success below the level the app requires', () => {
    const apps = [
      { id: 'shop', name: 'Shop', minAcr: 'urn:gerbang:loa:1' },
      { id: 'bank', name: 'Bank', minAcr: 'urn:gerbang:loa:2' },
    ];
    const { problems, stepUps } = proof(shipped('passkey-login'), { levels, apps });
    expect(problems).toEqual([]);
    // The passkey way is strong enough; the password ways are not, for the bank only.
    expect(stepUps.map((s) => [s.appId, s.reached, s.path.map((p) => p.nodeId).join(' ')])).toEqual([
      ['bank', 'urn:gerbang:loa:1', 'passkey identify password profile done'],
    ]);
    expect(stepUps[0].message).toBe(
      'People signing in to "Bank" this way reach "Success" with one factor, below the two factors the app requires, so they will be asked for more (step-up): "Sign in with a passkey" (Chose another way) → "Ask for email" (Has an account) → "Password" (Correct password) → "Your name" (Done) → "Success".',
    );
    // A second factor on every way: nothing to report.
    expect(proof(shipped('login-mfa'), { levels, apps }).stepUps).toEqual([]);
    // A passkey-only app: the second factor chosen among an app code and recovery codes is not enough.
    const strict = proof(shipped('login-mfa'), { levels, apps: [{ id: 'vault', name: 'Vault', minAcr: 'urn:gerbang:loa:3' }] }).stepUps;
    expect(strict.map((s) => s.reached)).toEqual(['urn:gerbang:loa:2']);
  });
});
