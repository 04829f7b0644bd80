import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/port.js';
import type { Logger } from '../logger.js';
import type { NodeRegistry } from '../nodes/registry.js';
import { checkFlow } from './checks.js';
import type { FlowGraph } from './types.js';

export const FLOWS_DIR = new URL('../../flows/', import.meta.url);

/** Reads the shipped example flows (flows/*.json). */
export function shippedFlows(dir: URL = FLOWS_DIR): FlowGraph[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir.pathname, f), 'utf8')) as FlowGraph);
}

/**
 * On start, every shipped flow that the store does not know yet is saved as a draft and published as
 * version 1. Flows already present are left alone: the organisation may have changed them.
 */
export async function seedFlows(store: Store, registry: NodeRegistry, logger: Logger, flows = shippedFlows()): Promise<void> {
  for (const flow of flows) {
    if (await store.flows.getDraft(flow.id)) continue;
    const problems = checkFlow(flow, registry);
    if (problems.length) throw new Error(`Shipped flow ${flow.id} is invalid: ${problems.map((p) => p.message).join('; ')}`);
    const now = new Date();
    const published = { ...flow, version: 1 };
    await store.flows.saveDraft({ id: flow.id, name: flow.name, graph: published, updatedBy: 'seed' }, now);
    await store.flows.publish(flow.id, published, 'seed', now);
    logger.info('seeded flow', { flowId: flow.id });
  }
}
