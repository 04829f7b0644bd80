import { describe, expect, it } from 'vitest';
import type { FlowGraph } from './types.js';
import { expandSubflows, SubflowCycle } from './subflow.js';

const at = { x: 0, y: 0 };
const terminalOf = (type: string) => (type === 'success' ? 'success' : type === 'failure' ? 'failure' : undefined);

/** A sign-in journey run as a child: email, password, then Success; an unknown email ends in Failure. */
const child: FlowGraph = {
  id: 'basic-login',
  name: 'Basic sign-in',
  version: 3,
  start: 'identify',
  nodes: [
    { id: 'identify', type: 'identify', settings: {}, position: at },
    { id: 'password', type: 'password', label: 'Password', settings: {}, position: at },
    { id: 'ok', type: 'success', settings: {}, position: at },
    { id: 'nope', type: 'failure', settings: {}, position: at },
  ],
  edges: [
    { id: 'c1', from: 'identify', outcome: 'known', to: 'password' },
    { id: 'c2', from: 'identify', outcome: 'unknown', to: 'nope' },
    { id: 'c3', from: 'password', outcome: 'success', to: 'ok' },
    { id: 'c4', from: 'password', outcome: 'wrong-password', to: 'password' },
  ],
};

const parent: FlowGraph = {
  id: 'with-name',
  name: 'Sign-in with the name',
  version: 1,
  start: 'login',
  nodes: [
    { id: 'login', type: 'subflow', settings: { journey: 'basic-login' }, position: at },
    { id: 'profile', type: 'profile', settings: {}, position: at },
    { id: 'done', type: 'success', settings: {}, position: at },
    { id: 'failed', type: 'failure', settings: {}, position: at },
  ],
  edges: [
    { id: 'p1', from: 'login', outcome: 'success', to: 'profile' },
    { id: 'p2', from: 'login', outcome: 'failure', to: 'failed' },
    { id: 'p3', from: 'profile', outcome: 'done', to: 'done' },
  ],
};

describe('a subflow step expanded into the steps of the journey it runs', () => {
  it("starts at the child's start, and leaves the child's Success and Failure steps by the subflow's outcomes", () => {
    const g = expandSubflows(parent, new Map([['basic-login', child]]), terminalOf);
    expect(g.start).toBe('login/identify');
    expect(g.nodes.map((n) => [n.id, n.label ?? null])).toEqual([
      ['profile', null],
      ['done', null],
      ['failed', null],
      ['login/identify', 'Basic sign-in: identify'],
      ['login/password', 'Basic sign-in: Password'],
    ]);
    expect(g.edges.map((e) => `${e.from} -${e.outcome}-> ${e.to}`)).toEqual([
      'login/identify -known-> login/password',
      'login/identify -unknown-> failed',
      'login/password -success-> profile',
      'login/password -wrong-password-> login/password',
      'profile -done-> done',
    ]);
  });

  it('expands a child that runs a journey itself, and a subflow step reached from another', () => {
    const middle: FlowGraph = { ...parent, id: 'middle', name: 'Middle', start: 'login', nodes: parent.nodes.filter((n) => n.id !== 'profile'), edges: [{ from: 'login', outcome: 'success', to: 'done' }, { from: 'login', outcome: 'failure', to: 'failed' }] };
    const top: FlowGraph = {
      ...parent,
      id: 'top',
      start: 'first',
      nodes: [{ id: 'first', type: 'subflow', settings: { journey: 'middle' }, position: at }, ...parent.nodes.filter((n) => n.id !== 'login')],
      edges: [{ from: 'first', outcome: 'success', to: 'profile' }, { from: 'first', outcome: 'failure', to: 'failed' }, { from: 'profile', outcome: 'done', to: 'done' }],
    };
    const g = expandSubflows(top, new Map([['middle', middle], ['basic-login', child]]), terminalOf);
    expect(g.start).toBe('first/login/identify');
    expect(g.edges.find((e) => e.from === 'first/login/password' && e.outcome === 'success')?.to).toBe('profile');
    expect(g.edges.find((e) => e.from === 'first/login/identify' && e.outcome === 'unknown')?.to).toBe('failed');
  });

  it('refuses journeys that run each other in a circle, naming the circle', () => {
    const loop: FlowGraph = { ...child, id: 'basic-login', nodes: [...child.nodes, { id: 'again', type: 'subflow', settings: { journey: 'with-name' }, position: at }] };
    expect(() => expandSubflows(parent, new Map([['basic-login', loop], ['with-name', parent]]), terminalOf)).toThrow(SubflowCycle);
    try {
      expandSubflows(parent, new Map([['basic-login', loop], ['with-name', parent]]), terminalOf);
    } catch (err) {
      expect((err as SubflowCycle).chain).toEqual(['with-name', 'basic-login', 'with-name']);
    }
  });
});
