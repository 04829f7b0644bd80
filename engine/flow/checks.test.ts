import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkFlow } from './checks.js';
import { createNodeRegistry } from '../nodes/index.js';
import type { FlowGraph } from './types.js';

const registry = createNodeRegistry();
const seeded = (): FlowGraph => JSON.parse(readFileSync(new URL('../../flows/login-signup.json', import.meta.url), 'utf8'));
const at = { x: 0, y: 0 };

function minimal(): FlowGraph {
  return {
    id: 'mini',
    name: 'Mini',
    version: 0,
    start: 'ask',
    nodes: [
      { id: 'ask', type: 'identify', settings: {}, position: at },
      { id: 'pw', type: 'password', settings: { maxAttempts: 5, lockMinutes: 15 }, position: at },
      { id: 'ok', type: 'success', settings: {}, position: at },
      { id: 'no', type: 'failure', settings: {}, position: at },
    ],
    edges: [
      { from: 'ask', outcome: 'known', to: 'pw' },
      { from: 'ask', outcome: 'unknown', to: 'no' },
      { from: 'pw', outcome: 'success', to: 'ok' },
      { from: 'pw', outcome: 'wrong-password', to: 'pw' },
      { from: 'pw', outcome: 'unknown-user', to: 'no' },
      { from: 'pw', outcome: 'locked', to: 'no' },
    ],
  };
}

describe('flow graph checks', () => {
  it('accepts the shipped login flow and a minimal complete flow', () => {
    expect(checkFlow(seeded(), registry)).toEqual([]);
    expect(checkFlow(minimal(), registry)).toEqual([]);
  });

  it('rejects a document that is not a flow graph, naming the field', () => {
    const problems = checkFlow({ id: 'Bad Id', name: '', nodes: [] }, registry);
    const text = problems.map((p) => p.message).join('\n');
    expect(problems.every((p) => p.code === 'schema')).toBe(true);
    expect(text).toContain('The journey needs "Start step".');
    expect(text).toContain("The journey's id is not written the expected way (lower-case letters, digits and dashes; at most 64).");
  });

  it('names the step and outcome that is not connected', () => {
    const g = minimal();
    g.edges = g.edges.filter((e) => !(e.from === 'pw' && e.outcome === 'locked'));
    expect(checkFlow(g, registry)).toEqual([
      {
        code: 'unwired-outcome',
        nodeId: 'pw',
        outcome: 'locked',
        message: 'Outcome "Account locked" of step "Password" is not connected to a next step.',
      },
    ]);
  });

  it('reports unreachable steps, missing start and unknown step types', () => {
    const g = minimal();
    g.nodes.push({ id: 'island', type: 'success', settings: {}, position: at });
    g.nodes.push({ id: 'mystery', type: 'teleport', settings: {}, position: at });
    g.edges.push({ from: 'mystery', outcome: 'x', to: 'ok' });
    const messages = checkFlow(g, registry).map((p) => p.message);
    expect(messages).toContain('Step "Success" cannot be reached from the start.');
    expect(messages).toContain('A step has an unknown type "teleport".');
    expect(checkFlow({ ...minimal(), start: 'nowhere' }, registry).map((p) => p.message)).toContain(
      'The step the journey starts at no longer exists; choose another start step.',
    );
  });

  it('finds loops with no way to an end step', () => {
    const g = minimal();
    g.edges = g.edges.map((e) => (e.from === 'pw' && e.outcome === 'success' ? { ...e, to: 'pw' } : e));
    g.edges = g.edges.map((e) => (e.from === 'pw' && e.outcome !== 'wrong-password' ? { ...e, to: 'pw' } : e));
    const problems = checkFlow(g, registry);
    expect(problems).toContainEqual({
      code: 'never-ends',
      nodeId: 'pw',
      path: [{ nodeId: 'ask', outcome: 'known' }, { nodeId: 'pw', outcome: 'success' }, { nodeId: 'pw' }],
      message:
        'The journey never ends once it reaches "Password": no way from it leads to a Success or Failure step ("Ask for email" (Has an account) → "Password" (Correct password) → "Password").',
    });
    expect(problems.map((p) => p.code)).toContain('no-success');
  });

  it('validates settings against the step type, in plain words', () => {
    const g = minimal();
    g.nodes[1].settings = { maxAttempts: 0, lockMinutes: 15, colour: 'red' };
    const messages = checkFlow(g, registry).map((p) => p.message);
    expect(messages).toContain('Step "Password": Wrong passwords from one address before that address is blocked for the account must be at least 1.');
    expect(messages).toContain('Step "Password": Has a setting this step does not know ("colour").');
  });

  it('does not ask to connect an outcome that cannot happen with the settings (no needed purpose: never refused)', () => {
    const g = minimal();
    g.nodes.splice(1, 0, { id: 'consent', type: 'consent', label: 'Marketing', settings: { purposes: [{ id: 'marketing-emails', required: false }] }, position: { x: 0, y: 0 } });
    const unwired = (graph: typeof g) => checkFlow(graph, registry).filter((p) => p.nodeId === 'consent' && p.code === 'unwired-outcome').map((p) => p.message);
    expect(unwired(g)).toEqual(['Outcome "Answered" of step "Marketing" is not connected to a next step.']);
    g.nodes[1]!.settings = { purposes: [{ id: 'marketing-emails', required: true }] };
    expect(unwired(g)).toEqual(['Outcome "Answered" of step "Marketing" is not connected to a next step.', 'Outcome "Refused a needed purpose" of step "Marketing" is not connected to a next step.']);
  });

  it('names a setting of a list by its title and number, never by its JSON path', () => {
    const g = minimal();
    g.nodes.splice(1, 0, { id: 'about', type: 'profile', label: 'About you', settings: { fields: [{ attribute: 'given_name' }, { required: true }] }, position: { x: 0, y: 0 } });
    const messages = checkFlow(g, registry).map((p) => p.message);
    expect(messages).toContain('Step "About you": Attributes to ask, number 2 needs "Attribute".');
    expect(messages.join(' ')).not.toMatch(/fields\.|\/fields|anyOf/);
  });

  it('refuses outcomes a step does not have, the same outcome wired twice, and edges out of end steps', () => {
    const g = minimal();
    g.edges.push({ id: 'x1', from: 'ask', outcome: 'maybe', to: 'ok' });
    g.edges.push({ id: 'x2', from: 'ask', outcome: 'known', to: 'ok' });
    g.edges.push({ id: 'x3', from: 'ok', outcome: 'again', to: 'ask' });
    g.edges.push({ id: 'x4', from: 'ask', outcome: 'known', to: 'ghost' });
    const byEdge = Object.fromEntries(checkFlow(g, registry).filter((p) => p.edgeId).map((p) => [p.edgeId, p.message]));
    expect(byEdge).toEqual({
      x1: 'A connection leaves "Ask for email" by an outcome the step no longer has; remove that connection.',
      x2: 'Outcome "Has an account" of step "Ask for email" is connected twice; connect it to one step.',
      x3: 'Step "Success" ends the flow, so it cannot lead anywhere.',
      x4: 'A connection from "Ask for email" leads to a step that no longer exists; connect it again.',
    });
  });

  it('uses the outcomes a condition derives from its rules', () => {
    const g = minimal();
    g.nodes.push({
      id: 'cond',
      type: 'condition',
      settings: { rules: [{ outcome: 'indonesia', all: [{ field: 'profile.country', op: 'equals', value: 'ID' }] }] },
      position: at,
    });
    g.edges = g.edges.map((e) => (e.from === 'pw' && e.outcome === 'success' ? { ...e, to: 'cond' } : e));
    g.edges.push({ from: 'cond', outcome: 'indonesia', to: 'ok' });
    expect(checkFlow(g, registry).map((p) => p.message)).toEqual([
      'Outcome "Otherwise" of step "Condition" is not connected to a next step.',
    ]);
    g.edges.push({ from: 'cond', outcome: 'otherwise', to: 'ok' });
    expect(checkFlow(g, registry)).toEqual([]);
  });
});
