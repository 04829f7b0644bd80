import type { Membership, Organisation } from '../store/port.js';
import type { NodeContext, NodeType, RunState, StepResult } from './types.js';
import { levelOfAcr } from '../identity/assurance.js';
import { methodsAllowed } from '../organisations/rules.js';

interface OrganisationSettings {
  /** Ask even a member of one organisation (so they may also sign in for none)? No: one is chosen for them. */
  askWhenOne: boolean;
}

interface Choice {
  org: Organisation;
  membership: Membership;
}

/** The person's organisations, in the order they joined (organisations deleted meanwhile left out). */
async function choices(ctx: NodeContext<OrganisationSettings>): Promise<Choice[]> {
  const { store } = ctx.services;
  const memberships = await store.memberships.listByUser(ctx.user!.id);
  const found = await Promise.all(memberships.map(async (membership) => ({ membership, org: await store.organisations.get(membership.orgId) })));
  return found.filter((c): c is Choice => c.org !== null);
}

/** Choosing an organisation: the run remembers it, and the organisation's minimum level joins the request's. */
function choose(ctx: NodeContext<OrganisationSettings>, org: Organisation): StepResult {
  const request: RunState['request'] = { ...ctx.state.request };
  const level = org.policy.minAcr ? levelOfAcr(org.policy.minAcr) : null;
  const current = typeof request.appMinimum === 'number' ? request.appMinimum : 0;
  if (level && level > current) request.appMinimum = level;
  return { outcome: 'chosen', patch: { organisationId: org.id, request } };
}

const requested = (state: RunState) => (typeof state.request.organization === 'string' ? state.request.organization : undefined);

/**
 * B2B: the organisation the person signs in for. An app asking for one (`organization`) gets it when
 * the person is a member; a member of one organisation gets it without a question; a member of
 * several picks one. Tokens then carry the organisation, the person's roles there and the
 * permissions the app understands.
 */
export const organisationNode: NodeType<OrganisationSettings> = {
  type: 'organisation',
  title: 'Organisation',
  description: 'For business customers and partners: the person signs in for one of their organisations (picked from a list when they belong to several; the one the app asks for, if it does). Its roles and permissions go into the tokens.',
  icon: '▦',
  category: 'identify',
  words: {
    id: {
      title: 'Organisasi',
      description: 'Untuk pelanggan bisnis dan mitra: orang itu masuk untuk salah satu organisasinya (dipilih dari daftar bila ia anggota beberapa organisasi; organisasi yang diminta aplikasi, bila ada). Peran dan izinnya masuk ke dalam token.',
      outcomes: {
        chosen: 'Organisasi dipilih',
        none: 'Tidak dalam organisasi (atau bukan dalam organisasi yang diminta aplikasi)',
      },
      settings: {
        'Ask even when the person belongs to one organisation only': 'Tetap tanyakan walau orang itu hanya anggota satu organisasi',
      },
    },
  },
  requires: ['user'],
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['askWhenOne'],
    properties: { askWhenOne: { type: 'boolean', default: false, title: 'Ask even when the person belongs to one organisation only' } },
  },
  defaultSettings: { askWhenOne: false },
  outcomes: () => [
    { name: 'chosen', label: 'Organisation chosen', automatic: true },
    { name: 'none', label: 'In no organisation (or not in the one the app asked for)' },
  ],
  messages: {
    en: {
      'organisation.title': 'Choose an organisation',
      'organisation.intro': 'You belong to several organisations. Which one are you signing in for?',
      'organisation.field': 'Organisation',
      'organisation.continue': 'Continue',
      'organisation.methodNotAllowed': '{org} does not allow signing in the way you did. Choose another organisation, or sign in again with a method it allows.',
    },
    id: {
      'organisation.title': 'Pilih organisasi',
      'organisation.intro': 'Anda anggota beberapa organisasi. Untuk organisasi mana Anda masuk?',
      'organisation.field': 'Organisasi',
      'organisation.continue': 'Lanjutkan',
      'organisation.methodNotAllowed': '{org} tidak mengizinkan cara masuk yang Anda gunakan. Pilih organisasi lain, atau masuk lagi dengan metode yang diizinkannya.',
    },
  },
  auto: async (ctx) => {
    const list = await choices(ctx);
    const asked = requested(ctx.state);
    if (asked) {
      const match = list.find((c) => c.org.id === asked);
      return match ? choose(ctx, match.org) : { outcome: 'none' };
    }
    if (list.length === 0) return { outcome: 'none' };
    if (list.length === 1 && !ctx.settings.askWhenOne) return choose(ctx, list[0].org);
    return null;
  },
  render: async (ctx) => ({
    title: ctx.t('organisation.title'),
    intro: ctx.t('organisation.intro'),
    fields: [
      {
        name: 'organisation',
        label: ctx.t('organisation.field'),
        type: 'select',
        required: true,
        options: (await choices(ctx)).map((c) => ({ value: c.org.id, label: c.org.name })),
      },
    ],
    actions: [{ value: 'continue', label: ctx.t('organisation.continue') }],
  }),
  submit: async (ctx, input) => {
    const picked = (await choices(ctx)).find((c) => c.org.id === input.organisation);
    if (!picked) return { invalid: { fields: { organisation: ctx.t('field.required') } } };
    if (!methodsAllowed(picked.org.policy, ctx.state.amr)) return { invalid: { form: ctx.t('organisation.methodNotAllowed', { org: picked.org.name }) } };
    await ctx.audit.record('organisation.chosen', { details: { orgId: picked.org.id } });
    return choose(ctx, picked.org);
  },
};
