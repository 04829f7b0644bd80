import { describe, expect, it } from 'vitest';
import { journeyChanges, journeyIdFrom } from './changes.js';
import type { FlowGraph } from './types.js';

const live: FlowGraph = {
  id: 'j',
  name: 'Sign in',
  version: 1,
  start: 'identify',
  nodes: [
    { id: 'identify', type: 'identify', settings: {}, position: { x: 0, y: 0 } },
    { id: 'consent', type: 'consent', label: 'Consent', settings: { purposes: ['a'] }, position: { x: 1, y: 0 } },
    { id: 'done', type: 'success', settings: {}, position: { x: 2, y: 0 } },
  ],
  edges: [
    { from: 'identify', outcome: 'known', to: 'consent' },
    { from: 'consent', outcome: 'done', to: 'done' },
  ],
};

describe('what publishing would change', () => {
  it('is nothing when only positions moved', () => {
    const moved = { ...live, nodes: live.nodes.map((n) => ({ ...n, position: { x: n.position.x + 10, y: 5 } })) };
    expect(journeyChanges(live, moved)).toEqual({ changed: false, lines: [] });
  });

  it('names the steps and connections added, removed and changed', () => {
    const draft: FlowGraph = {
      ...live,
      nodes: [live.nodes[0], { ...live.nodes[1], settings: { purposes: ['b'] } }, { id: 'profile', type: 'profile', label: 'Your name', settings: {}, position: { x: 0, y: 0 } }],
      edges: [live.edges[0], { from: 'consent', outcome: 'done', to: 'profile' }],
    };
    expect(journeyChanges(live, draft).lines).toEqual([
      'Settings of step "Consent" changed',
      'Step "Your name" added',
      'Step "done" removed',
      'Connection from "Consent" to "Your name" added',
      'Connection from "Consent" to "done" removed',
    ]);
  });

  it('names the saved test cases added, changed and removed, and ignores the results a version was published with', () => {
    const persona = { email: 'ada@example.com', exists: true };
    const withCases: FlowGraph = {
      ...live,
      tests: [
        { id: 'a', name: 'Returning customer', persona, answers: [], expect: { end: 'success' } },
        { id: 'b', name: 'Newcomer', persona, answers: [], expect: { end: 'success' } },
      ],
      testRun: { ranAt: '2026-01-01T00:00:00.000Z', results: [] },
    };
    const draft: FlowGraph = {
      ...live,
      tests: [
        { id: 'a', name: 'Returning customer', persona, answers: [], expect: { end: 'failure' } },
        { id: 'c', name: 'Locked out', persona, answers: [], expect: { end: 'failure' } },
      ],
    };
    expect(journeyChanges(withCases, draft).lines).toEqual(['Test case "Returning customer" changed', 'Test case "Locked out" added', 'Test case "Newcomer" removed']);
    expect(journeyChanges(withCases, { ...withCases, testRun: undefined }).changed).toBe(false);
  });

  it('says each change in Bahasa Indonesia, naming a step without a label by its type title in it', () => {
    const titles: Record<string, string> = { success: 'Berhasil', identify: 'Minta email' };
    const draft: FlowGraph = {
      ...live,
      name: 'Masuk',
      description: 'Untuk pelanggan',
      start: 'consent',
      nodes: [live.nodes[0], { ...live.nodes[1], label: 'Persetujuan', settings: { purposes: ['b'] } }],
      edges: [live.edges[0]],
      tests: [{ id: 'a', name: 'Pelanggan lama', persona: { email: 'ana@example.com', exists: true }, answers: [], expect: { end: 'success' } }],
    };
    expect(journeyChanges(live, draft, 'id', (type) => titles[type]).lines).toEqual([
      'Langkah "Consent" diganti namanya menjadi "Persetujuan"',
      'Pengaturan langkah "Persetujuan" diubah',
      'Langkah "Berhasil" dihapus',
      'Sambungan dari "Persetujuan" ke "Berhasil" dihapus',
      'Perjalanan kini dimulai di "Persetujuan"',
      'Nama diganti menjadi "Masuk"',
      'Deskripsi diubah',
      'Kasus uji "Pelanggan lama" ditambahkan',
    ]);
  });
});

describe('journey ids from names', () => {
  it('turns a natural name into an id, unique among those taken', () => {
    expect(journeyIdFrom('Sign up with 2FA', () => false)).toBe('sign-up-with-2fa');
    expect(journeyIdFrom('Daftar & Masuk — Pelanggan Baru', () => false)).toBe('daftar-masuk-pelanggan-baru');
    expect(journeyIdFrom('Café', (id) => id === 'cafe')).toBe('cafe-2');
    expect(journeyIdFrom('!!!', () => false)).toBe('journey');
  });
});
