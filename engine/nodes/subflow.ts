import type { NodeType } from './types.js';
import { SUBFLOW_TYPE } from '../flow/subflow.js';

export interface SubflowSettings {
  /** The published journey to run. */
  journey: string;
}

/**
 * Runs another published journey inside this one and continues with how it ended: `success` when
 * it reached a Success step, `failure` when it reached a Failure step. What the child journey proved
 * and learnt (the person, factors, the verified email, answers, values kept from APIs) stays with the
 * run. The runtime and the proof see the child's steps in its place (engine/flow/subflow.ts), so this
 * step never runs by itself; a run keeps the child version it started with.
 */
export const subflowNode: NodeType<SubflowSettings> = {
  type: SUBFLOW_TYPE,
  title: 'Run a journey',
  description: 'Runs another published journey here, then continues with how it ended.',
  icon: '↪',
  category: 'logic',
  words: {
    id: {
      title: 'Jalankan perjalanan',
      description: 'Menjalankan perjalanan lain yang sudah diterbitkan di sini, lalu melanjutkan sesuai cara perjalanan itu berakhir.',
      outcomes: {
        success: 'Selesai',
        failure: 'Tidak selesai',
      },
      settings: {
        Journey: 'Perjalanan',
      },
    },
  },
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['journey'],
    properties: {
      journey: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$', title: 'Journey', 'x-picker': 'journey' },
    },
  },
  defaultSettings: { journey: 'password-reset' },
  requires: () => [],
  outcomes: () => [
    { name: 'success', label: 'Completed' },
    { name: 'failure', label: 'Did not complete' },
  ],
  references: (s) => [{ kind: 'journey', id: s.journey }],
};
