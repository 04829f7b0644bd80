import type { NodeContext, NodeType } from './types.js';
import type { ConsentPurpose } from '../store/port.js';
import { purposeText } from '../identity/consents.js';
import { domainEvents } from '../outbox/domain-events.js';

interface ConsentSettings {
  purposes: Array<{ id: string; required: boolean }>;
}

interface Pending {
  purpose: ConsentPurpose;
  required: boolean;
}

/** The purposes this step names that the user has not answered for their current text version. */
async function pending(ctx: NodeContext<ConsentSettings>): Promise<Pending[]> {
  const current = new Map((await ctx.services.store.consents.current(ctx.user!.id)).map((d) => [d.purposeId, d]));
  const out: Pending[] = [];
  for (const { id, required: requiredHere } of ctx.settings.purposes) {
    const purpose = await ctx.services.store.consents.getPurpose(id);
    if (!purpose) throw new Error(`Consent step ${ctx.nodeId} names the unknown purpose "${id}"`);
    // Required by the journey's step, or by the purpose itself (then every journey asking it needs it).
    const required = requiredHere || purpose.required === true;
    const decision = current.get(id);
    // Asked again when the text changed, or when a required purpose was refused.
    if (!decision || decision.version !== purpose.version || (required && !decision.granted)) out.push({ purpose, required });
  }
  return out;
}

/** Whether the step marks a purpose as needed (then refusing it is an outcome of its own). */
const marksNeeded = (s: ConsentSettings) => s.purposes.some((p) => p.required);

/** Asks for consent to the purposes the flow names and records each answer with its text version. */
export const consentNode: NodeType<ConsentSettings> = {
  type: 'consent',
  title: 'Consent',
  description: 'Asks the user to agree to purposes such as marketing emails. Records each answer with the text version, and asks again when the text changes.',
  icon: '§',
  requires: ['user'],
  category: 'profile',
  words: {
    id: {
      title: 'Persetujuan',
      description: 'Meminta pengguna menyetujui tujuan seperti email pemasaran. Mencatat setiap jawaban beserta versi teksnya, dan bertanya lagi saat teksnya berubah.',
      outcomes: {
        done: 'Dijawab',
        declined: 'Menolak tujuan yang diperlukan',
      },
      settings: {
        'Purposes to ask for': 'Tujuan yang ditanyakan',
        Purpose: 'Tujuan',
        'Needed to continue': 'Diperlukan untuk melanjutkan',
      },
    },
  },
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['purposes'],
    properties: {
      purposes: {
        type: 'array',
        title: 'Purposes to ask for',
        minItems: 1,
        maxItems: 20,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'required'],
          properties: {
            id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$', title: 'Purpose', 'x-picker': 'consent-purpose' },
            required: { type: 'boolean', default: false, title: 'Needed to continue' },
          },
        },
      },
    },
  },
  defaultSettings: { purposes: [{ id: 'marketing-emails', required: false }] },
  // "Refused" can only happen when the step marks a purpose as needed; otherwise it needs no connection.
  outcomes: (s) => [
    { name: 'done', label: 'Answered', provides: { facts: ['consent'] }, automatic: true },
    { name: 'declined', label: 'Refused a needed purpose', provides: { facts: ['consent'] }, ...(marksNeeded(s) ? {} : { optional: true }) },
  ],
  references: (s) => s.purposes.map((p) => ({ kind: 'consent-purpose', id: p.id })),
  messages: {
    en: { 'consent.title': 'Your choices', 'consent.intro': 'Tell us what we may do with your data.', 'consent.continue': 'Continue', 'consent.required': 'Needed to continue' },
    id: { 'consent.title': 'Pilihan Anda', 'consent.intro': 'Beri tahu kami apa yang boleh kami lakukan dengan data Anda.', 'consent.continue': 'Lanjutkan', 'consent.required': 'Wajib untuk melanjutkan' },
  },
  auto: async (ctx) => {
    return (await pending(ctx)).length === 0 ? { outcome: 'done' } : null;
  },
  render: async (ctx) => ({
    title: ctx.t('consent.title'),
    intro: ctx.t('consent.intro'),
    fields: (await pending(ctx)).map(({ purpose, required }) => ({
      name: `consent_${purpose.id}`,
      label: `${purposeText(purpose.name, ctx.lang)}: ${purposeText(purpose.text, ctx.lang)}`,
      type: 'checkbox' as const,
      hint: required ? ctx.t('consent.required') : undefined,
    })),
    actions: [{ value: 'continue', label: ctx.t('consent.continue') }],
  }),
  submit: async (ctx, input) => {
    const now = ctx.services.clock.now();
    const asked = await pending(ctx);
    // A purpose only the organisation marks as needed, refused in a step without a "refused" way out:
    // the page says it is needed, and nothing is recorded until the person answers again.
    if (!marksNeeded(ctx.settings)) {
      const refused = asked.filter((p) => p.required && input[`consent_${p.purpose.id}`] !== 'on');
      if (refused.length) return { invalid: { fields: Object.fromEntries(refused.map((p) => [`consent_${p.purpose.id}`, ctx.t('consent.required')])) } };
    }
    let declined = false;
    for (const { purpose, required } of asked) {
      const granted = input[`consent_${purpose.id}`] === 'on';
      if (required && !granted) declined = true;
      const decision = { userId: ctx.user!.id, purposeId: purpose.id, version: purpose.version, granted, at: now, channel: `flow:${ctx.flowId}` };
      await ctx.services.store.consents.record(decision, domainEvents.consentChanged(decision));
      await ctx.audit.record('consent.changed', { details: { purposeId: purpose.id, version: purpose.version, granted, channel: `flow:${ctx.flowId}` } });
    }
    return { outcome: declined ? 'declined' : 'done' };
  },
};
