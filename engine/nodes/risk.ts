import type { NodeType } from './types.js';
import { normaliseEmail } from '../store/port.js';
import { assessRisk, RISK_WEIGHTS, type RiskThresholds } from '../protection/risk.js';

/**
 * Adaptive authentication: scores the sign-in from what is known about it (a new browser or network
 * for the account, bursts of failures, a breached password seen in this journey) and branches low /
 * medium / high, so a journey asks for a second factor or a bot challenge only when the risk is high.
 * Shows no page; the decision and its reasons go to the audit trail (`risk.assessed`).
 */
export const riskNode: NodeType<RiskThresholds> = {
  type: 'risk',
  title: 'Risk check',
  description: `Scores the sign-in (new browser ${RISK_WEIGHTS['new-browser']}, new network ${RISK_WEIGHTS['new-network']}, failures on the account ${RISK_WEIGHTS['account-failures']}, failures from the address ${RISK_WEIGHTS['address-failures']}, breached password ${RISK_WEIGHTS['breached-password']}) and branches low, medium or high. Shows no page.`,
  icon: '⚠',
  category: 'logic',
  words: {
    id: {
      title: 'Pemeriksaan risiko',
      description: 'Memberi skor pada proses masuk (peramban baru 30, jaringan baru 20, kegagalan pada akun 25, kegagalan dari alamat 25, kata sandi bocor 40) dan bercabang rendah, sedang, atau tinggi. Tidak menampilkan halaman.',
      outcomes: {
        low: 'Risiko rendah',
        medium: 'Risiko sedang',
        high: 'Risiko tinggi',
      },
      settings: {
        'Score from which the risk is medium': 'Skor awal risiko sedang',
        'Score from which the risk is high': 'Skor awal risiko tinggi',
      },
    },
  },
  requires: ['email'],
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['mediumAt', 'highAt'],
    properties: {
      mediumAt: { type: 'integer', minimum: 1, maximum: 100, default: 30, title: 'Score from which the risk is medium' },
      highAt: { type: 'integer', minimum: 1, maximum: 100, default: 50, title: 'Score from which the risk is high' },
    },
  },
  defaultSettings: { mediumAt: 30, highAt: 50 },
  check: (s) =>
    s.highAt < s.mediumAt
      ? [{ en: '"high" must start at or above "medium"', id: 'risiko "tinggi" harus mulai pada skor yang sama dengan atau di atas risiko "sedang"' }]
      : [],
  outcomes: () => [
    { name: 'low', label: 'Low risk' },
    { name: 'medium', label: 'Medium risk' },
    { name: 'high', label: 'High risk' },
  ],
  auto: async (ctx) => {
    const { throttles, devices, clock, store } = ctx.services;
    const now = clock.now();
    const email = ctx.user?.email ?? ctx.state.email ?? '';
    const user = ctx.user ?? (email ? await store.users.findByEmail(email) : null);
    const place = { browserHash: ctx.client.browser ?? null, address: ctx.client.ip };
    const seen = user ? await devices.assess(user.id, place) : { newBrowser: true, newNetwork: true, firstSignIn: true };
    const [accountFailures, addressFailures] = await Promise.all([
      email ? throttles.accountFailures(normaliseEmail(email), now) : Promise.resolve(0),
      throttles.addressFailures(ctx.client.ip, now),
    ]);
    const breachedPassword = Object.values(ctx.state.data).some((d) => d?.breached === true);
    const decision = assessRisk({ newBrowser: seen.newBrowser, newNetwork: seen.newNetwork, accountFailures, addressFailures, breachedPassword }, ctx.settings);
    await ctx.audit.record('risk.assessed', { userId: user?.id ?? null, actor: null, details: { ...decision, node: ctx.nodeId } });
    return { outcome: decision.level, patch: { data: { [ctx.nodeId]: decision } } };
  },
};
