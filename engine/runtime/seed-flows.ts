import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/port.js';
import type { Logger } from '../logger.js';
import type { FlowGraph } from '../flow/types.js';
import type { FlowProver } from './flow-proof.js';
import { DEFAULT_LANGUAGE, type Language } from '../languages.js';

export const FLOWS_DIR = new URL('../../flows/', import.meta.url);

/**
 * The shipped flows' texts for the console in another language (flows/languages/<lang>.json): each
 * flow's name and description, its steps' labels by step id, its condition rules' labels by step id.
 */
export interface ShippedFlowWords {
  name: string;
  description?: string;
  labels?: Record<string, string>;
  rules?: Record<string, string[]>;
}

/** Reads the shipped example flows (flows/*.json), their names, descriptions and labels in `lang`. */
export function shippedFlows(dir: URL = FLOWS_DIR, lang: Language = DEFAULT_LANGUAGE): FlowGraph[] {
  const flows = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir.pathname, f), 'utf8')) as FlowGraph);
  if (lang === DEFAULT_LANGUAGE) return flows;
  const words = shippedFlowWords(dir, lang);
  return flows.map((flow) => (words[flow.id] ? inWords(flow, words[flow.id]) : flow));
}

/** The shipped flows' texts in `lang` (not the default language, which the flows are written in). */
export function shippedFlowWords(dir: URL, lang: Language): Record<string, ShippedFlowWords> {
  return JSON.parse(readFileSync(join(dir.pathname, 'languages', `${lang}.json`), 'utf8')) as Record<string, ShippedFlowWords>;
}

function inWords(flow: FlowGraph, words: ShippedFlowWords): FlowGraph {
  return {
    ...flow,
    name: words.name,
    ...(words.description ? { description: words.description } : {}),
    nodes: flow.nodes.map((node) => {
      const label = words.labels?.[node.id];
      const rules = words.rules?.[node.id];
      const settings = rules && Array.isArray(node.settings.rules)
        ? { ...node.settings, rules: (node.settings.rules as Array<Record<string, unknown>>).map((rule, i) => (rules[i] ? { ...rule, label: rules[i] } : rule)) }
        : node.settings;
      return { ...node, ...(label ? { label } : {}), settings };
    }),
  };
}

/**
 * On start, every shipped flow that the store does not know yet is saved as a draft and, when the
 * proof on publish passes, published as version 1. Flows already present are left alone: the
 * organisation may have changed them. A shipped flow with a broken graph stops the start; one that
 * names something this installation has not configured (a social connection) stays an unpublished
 * draft, with a log line saying what is missing, and is published on a later start once it exists.
 */
export async function seedFlows(store: Store, prover: FlowProver, logger: Logger, flows = shippedFlows()): Promise<void> {
  const journeys = flows.map((f) => f.id);
  for (const flow of flows) {
    const existing = await store.flows.getDraft(flow.id);
    // Left alone once present, unless it is the untouched seed still waiting for what it names.
    const waiting = existing?.updatedBy === 'seed' && !(await store.flows.getActive(flow.id));
    if (existing && !waiting) continue;
    const { problems } = await prover.analyse(flow, { journeys, graphs: flows });
    const broken = problems.filter((p) => p.code !== 'unknown-reference');
    if (broken.length) throw new Error(`Shipped flow ${flow.id} is invalid: ${broken.map((p) => p.message).join('; ')}`);
    const now = new Date();
    if (problems.length) {
      if (!existing) await store.flows.saveDraft({ id: flow.id, name: flow.name, graph: flow, updatedBy: 'seed' }, 0, now);
      logger.warn('shipped flow left unpublished', { flowId: flow.id, missing: problems.map((p) => p.message) });
      continue;
    }
    const published = { ...flow, version: 1 };
    // Another instance starting at the same time may seed it first: then that one publishes it.
    if (!(await store.flows.saveDraft({ id: flow.id, name: flow.name, graph: published, updatedBy: 'seed' }, existing?.revision ?? 0, now))) continue;
    await store.flows.publish({ flowId: flow.id, version: 1, graph: published, publishedAt: now, publishedBy: 'seed' });
    logger.info('seeded flow', { flowId: flow.id });
  }
}
