import type { Said } from '../flow/said.js';
import { createHash, randomInt } from 'node:crypto';
import type { NodeServices, NodeType, RunState } from './types.js';
import { OUTCOME_PATTERN } from '../flow/schema.js';
import { normaliseEmail } from '../store/port.js';
import { BRANCH_WORDS } from './designer-words.js';

interface Branch {
  outcome: string;
  label?: string;
  /** Share of people sent this way, in percent. */
  weight: number;
}

export interface AbSplitSettings {
  branches: Branch[];
}

/** The experiment a split step runs: it spans the journey's versions, so people keep their branch across them. */
export const experimentOf = (flowId: string, nodeId: string) => `${flowId}/${nodeId}`;

/** Picks a branch by weight (cryptographic randomness: nobody can steer their branch). */
export function pickBranch(branches: Branch[], random: (max: number) => number = randomInt): string {
  const total = branches.reduce((sum, b) => sum + b.weight, 0);
  let roll = random(total);
  for (const b of branches) {
    if (roll < b.weight) return b.outcome;
    roll -= b.weight;
  }
  return branches[branches.length - 1].outcome;
}

/**
 * Who the assignment sticks to: the person's email once it is known (the identify step, a sign-up, a
 * signed-in user), hashed; before that, the run itself. So a person keeps their branch across
 * sign-ins, devices and versions of the journey.
 */
function subjectOf(state: RunState, userEmail: string | null, runId: string): string {
  const email = userEmail ?? state.email ?? null;
  return email ? `email:${createHash('sha256').update(normaliseEmail(email)).digest('base64url')}` : `run:${runId}`;
}

/**
 * A/B split: sends each person down one branch, by weight, and keeps them there (the assignment is
 * stored, not drawn again per page or per visit). Shows no page. Results per branch (reached success,
 * dropped, time to complete) are counted in the store when runs of published versions end; "Try it"
 * runs draw a branch without storing or counting it.
 */
export const abSplitNode: NodeType<AbSplitSettings> = {
  type: 'ab-split',
  title: 'A/B split',
  description: 'Sends each person down one branch by weight and keeps them there; compares how the branches do. Shows no page.',
  icon: 'A/B',
  category: 'logic',
  words: {
    id: {
      title: 'Uji A/B',
      description: 'Mengirim setiap orang ke satu cabang menurut bobot dan menjaganya tetap di sana; membandingkan hasil tiap cabang. Tidak menampilkan halaman.',
      outcomes: {},
      settings: {
        ...BRANCH_WORDS.id,
        'Branches (the first is the control)': 'Cabang (yang pertama adalah kontrol)',
        'Share of people (%)': 'Porsi orang (%)',
      },
    },
  },
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['branches'],
    properties: {
      branches: {
        type: 'array',
        title: 'Branches (the first is the control)',
        minItems: 2,
        maxItems: 5,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['outcome', 'weight'],
          properties: {
            outcome: { type: 'string', pattern: OUTCOME_PATTERN, title: 'Outcome name' },
            label: { type: 'string', maxLength: 80, title: 'Outcome label' },
            weight: { type: 'integer', minimum: 0, maximum: 100, title: 'Share of people (%)' },
          },
        },
      },
    },
  },
  defaultSettings: {
    branches: [
      { outcome: 'a', label: 'A (control)', weight: 50 },
      { outcome: 'b', label: 'B', weight: 50 },
    ],
  },
  outcomes: (s) => s.branches.map((b) => ({ name: b.outcome, label: b.label ?? b.outcome })),
  check: (s) => {
    const problems: Said[] = [];
    const total = s.branches.reduce((sum, b) => sum + b.weight, 0);
    if (total !== 100) problems.push({ en: `the branches' shares add up to ${total} %, not 100 %`, id: `jumlah bagian semua cabang adalah ${total} %, bukan 100 %` });
    const names = s.branches.map((b) => b.outcome);
    for (const n of names.filter((x, i) => names.indexOf(x) !== i)) problems.push({ en: `two branches are named "${n}"`, id: `dua cabang bernama "${n}"` });
    return problems;
  },
  auto: async (ctx) => {
    const { branches } = ctx.settings;
    const known = ctx.state.data[ctx.nodeId]?.branch;
    // Back at the split in the same run: the same branch.
    if (typeof known === 'string' && branches.some((b) => b.outcome === known)) return { outcome: known };
    const drawn = pickBranch(branches);
    const branch =
      ctx.flowVersion === 0
        ? drawn
        : await ctx.services.store.experiments.assign(experimentOf(ctx.flowId, ctx.nodeId), subjectOf(ctx.state, ctx.user?.email ?? null, ctx.runId), drawn, ctx.services.clock.now());
    // A branch removed from the step since the person was assigned: the draw of today.
    const outcome = branches.some((b) => b.outcome === branch) ? branch : drawn;
    if (ctx.flowVersion !== 0) await ctx.services.store.experiments.count(experimentOf(ctx.flowId, ctx.nodeId), outcome, { entered: 1 });
    return { outcome, patch: { data: { [ctx.nodeId]: { branch: outcome } } } };
  },
  runEnded: async (services: NodeServices, run) => {
    const branch = run.state.data[run.nodeId]?.branch;
    if (typeof branch !== 'string') return;
    await services.store.experiments.count(
      experimentOf(run.flowId, run.nodeId),
      branch,
      run.end === 'success' ? { success: 1, successMs: run.ms } : { failure: 1 },
    );
  },
};
