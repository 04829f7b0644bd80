import { describe, expect, it } from 'vitest';
import { seedFlows, shippedFlows } from '../../engine/runtime/seed-flows.js';
import { FlowProver } from '../../engine/runtime/flow-proof.js';
import { acrFor, ACR_LEVELS } from '../../engine/oidc/claims.js';
import { createLogger } from '../../engine/logger.js';
import { useGerbang } from '../support/gerbang.js';

/** Shipped journeys go through the same proof as the designer's before they are published. */
describe('seeding the shipped journeys', () => {
  // No social connection configured, as on a fresh installation.
  const gerbang = useGerbang();
  const prover = () =>
    new FlowProver({
      store: gerbang.store,
      registry: gerbang.registry,
      socialConnections: async () => [],
      levels: { levelOf: acrFor, rank: (acr) => ACR_LEVELS.indexOf(acr as (typeof ACR_LEVELS)[number]) },
    });

  it('publishes every shipped journey, except one naming connections this installation lacks, which stays a draft', async () => {
    const summaries = await gerbang.store.flows.list();
    const published = summaries.filter((s) => s.activeVersion === 1).map((s) => s.id);
    expect(published.sort()).toEqual(shippedFlows().map((f) => f.id).filter((id) => id !== 'social-login').sort());
    expect(summaries.find((s) => s.id === 'social-login')).toMatchObject({ activeVersion: null });
    expect(await gerbang.store.flows.getDraft('social-login')).not.toBeNull();
  });

  it('publishes that draft on a later start once the connections it names are configured', async () => {
    const connection = (name: string) => ({
      name,
      kind: 'oauth2',
      label: name,
      clientId: 'gerbang',
      clientSecret: 'a secret at the provider',
      authorizationUrl: 'https://provider.example.com/auth',
      tokenUrl: 'https://provider.example.com/token',
      userinfoUrl: 'https://provider.example.com/userinfo',
    });
    await gerbang.restart({ SOCIAL_CONNECTIONS: JSON.stringify(['google', 'idp', 'gh'].map(connection)) });
    expect((await gerbang.store.flows.getActive('social-login'))?.version).toBe(1);
  });

  it('stops the start on a shipped journey whose graph the proof refuses, saying why', async () => {
    const broken = structuredClone(shippedFlows().find((f) => f.id === 'login-signup')!);
    broken.id = 'broken-signup';
    broken.edges = broken.edges.map((e) => (e.from === 'identify' && e.outcome === 'unknown' ? { ...e, to: 'done' } : e));
    await expect(seedFlows(gerbang.store, prover(), createLogger({ silent: true }), [broken])).rejects.toThrow(
      'Shipped flow broken-signup is invalid: ',
    );
    await expect(seedFlows(gerbang.store, prover(), createLogger({ silent: true }), [broken])).rejects.toThrow(
      'The journey can reach "Success" without signing anyone in: "Ask for email" (New user) → "Success".',
    );
    expect(await gerbang.store.flows.getDraft('broken-signup')).toBeNull();
  });
});
