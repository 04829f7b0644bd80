import type { NodeContext, NodeType, StepResult } from './types.js';
import { StepRejected } from './types.js';
import type { Organisation } from '../store/port.js';
import { DuplicateError } from '../store/port.js';
import { safeEqual } from '../runtime/crypto.js';
import { callbackUrl, startSignIn, type PendingSignIn } from '../methods/social/sign-in.js';
import { domainOfEmail, providerConnectionName } from '../organisations/rules.js';
import { knownLanguage } from '../languages.js';

type HomeRealmSettings = Record<string, never>;

/** The organisation owning the email's domain, when it brings its own OpenID provider. */
async function realmOf(ctx: NodeContext<HomeRealmSettings>): Promise<Organisation | null> {
  const domain = ctx.state.email ? domainOfEmail(ctx.state.email) : null;
  const org = domain ? await ctx.services.store.organisations.findByDomain(domain) : null;
  return org?.provider && ctx.services.organisationProviders ? org : null;
}

/** Whether the organisation lets its people sign in some other way than through its provider. */
const otherWaysAllowed = (org: Organisation) => !org.policy.allowedMethods?.length || org.policy.allowedMethods.some((m) => m !== 'fed');

/**
 * Home-realm discovery: a person whose email domain belongs to an organisation with its own OpenID
 * provider signs in there. The provider vouches for addresses of the organisation's domains: the
 * account is created or linked on first sign-in, and the person becomes a member (just in time).
 * When the provider cannot be reached, the page says so and offers the other ways the
 * organisation's policy allows.
 */
export const homeRealmNode: NodeType<HomeRealmSettings> = {
  type: 'home-realm',
  title: 'Organisation sign-in (home realm)',
  description: "After the email is known: people of an organisation that brings its own identity provider sign in there (their account and membership are created on first sign-in). Everyone else continues at once.",
  icon: '⌂',
  category: 'identify',
  words: {
    id: {
      title: 'Masuk organisasi (home realm)',
      description: 'Setelah email diketahui: orang dari organisasi yang membawa penyedia identitasnya sendiri masuk di sana (akun dan keanggotaannya dibuat saat pertama kali masuk). Orang lain langsung melanjutkan.',
      outcomes: {
        'signed-in': 'Berhasil masuk di penyedia organisasi',
        other: 'Bukan organisasi dengan penyedia sendiri (atau memilih cara lain)',
      },
      settings: {},
    },
  },
  requires: ['email'],
  settingsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultSettings: {},
  outcomes: () => [
    { name: 'signed-in', label: "Signed in at the organisation's provider", provides: { facts: ['user'], amr: ['fed'] } },
    { name: 'other', label: 'Not an organisation with its own provider (or another way chosen)', automatic: true },
  ],
  messages: {
    en: {
      'realm.title': 'Sign in with {org}',
      'realm.intro': '{org} signs you in with its own sign-in service.',
      'realm.continue': 'Continue to {org}',
      'realm.other': 'Sign in another way',
      'realm.down': "{org}'s sign-in service cannot be reached right now. Please try again in a moment.",
      'realm.failed': 'Signing in with {org} did not work. Please try again.',
      'realm.foreign': '{org} answered for an address outside its domains.',
    },
    id: {
      'realm.title': 'Masuk dengan {org}',
      'realm.intro': '{org} memproses masuk Anda dengan layanan masuknya sendiri.',
      'realm.continue': 'Lanjutkan ke {org}',
      'realm.other': 'Masuk dengan cara lain',
      'realm.down': 'Layanan masuk {org} tidak dapat dihubungi saat ini. Silakan coba lagi sebentar lagi.',
      'realm.failed': 'Masuk dengan {org} tidak berhasil. Silakan coba lagi.',
      'realm.foreign': '{org} menjawab untuk alamat di luar domainnya.',
    },
  },
  auto: async (ctx) => ((await realmOf(ctx)) ? null : { outcome: 'other' }),
  render: async (ctx) => {
    const org = (await realmOf(ctx))!;
    return {
      title: ctx.t('realm.title', { org: org.name }),
      intro: ctx.t('realm.intro', { org: org.name }),
      fields: [],
      actions: [
        { value: 'continue', label: ctx.t('realm.continue', { org: org.name }) },
        ...(otherWaysAllowed(org) ? [{ value: 'other', label: ctx.t('realm.other'), kind: 'secondary' as const }] : []),
      ],
    };
  },
  submit: async (ctx, input): Promise<StepResult> => {
    const org = await realmOf(ctx);
    if (!org) return { outcome: 'other' };
    if (input.action === 'other' && otherWaysAllowed(org)) return { outcome: 'other' };
    const connection = ctx.services.organisationProviders!.connectionFor(org)!;
    try {
      const { pending, url } = await startSignIn(ctx, connection);
      return { update: { data: { [ctx.nodeId]: { pending: { ...pending }, orgId: org.id } } }, redirect: url };
    } catch (err) {
      ctx.services.logger.warn('organisation provider unreachable', { orgId: org.id, error: String(err) });
      return { invalid: { form: ctx.t('realm.down', { org: org.name }) } };
    }
  },
  callback: async (ctx, request): Promise<StepResult> => {
    const data = ctx.state.data[ctx.nodeId] ?? {};
    const pending = data.pending as PendingSignIn | null | undefined;
    const org = typeof data.orgId === 'string' ? await ctx.services.store.organisations.get(data.orgId) : null;
    const connection = org && ctx.services.organisationProviders?.connectionFor(org);
    if (!pending || !org || !connection || request.params.connection !== providerConnectionName(org.id) || !safeEqual(request.query.state ?? '', pending.state)) {
      throw new StepRejected({ en: 'This sign-in answer does not belong to this journey.', id: 'Jawaban masuk ini bukan milik perjalanan ini.' });
    }
    const clear = { data: { [ctx.nodeId]: { pending: null } } };
    const failed = (key: string): StepResult => ({ update: clear, notice: { kind: 'error', key, vars: { org: org.name } } });
    if (request.query.error) return failed('realm.failed');
    let profile;
    try {
      profile = await connection.exchange({
        redirectUri: callbackUrl(ctx.services.publicUrl, connection.name),
        callbackUrl: new URL(request.url),
        state: pending.state,
        nonce: pending.nonce,
        codeVerifier: ctx.services.secrets.open(pending.verifier),
      });
    } catch (err) {
      ctx.services.logger.warn('organisation sign-in failed', { orgId: org.id, error: String(err) });
      return failed('realm.failed');
    }
    const { store } = ctx.services;
    const provider = connection.name;
    let userId = (await store.identities.find(provider, profile.subject))?.userId;
    if (!userId) {
      // The organisation's provider vouches only for addresses of the organisation's own domains.
      const domain = profile.email ? domainOfEmail(profile.email) : null;
      if (!profile.email || !domain || !org.domains.includes(domain)) return failed('realm.foreign');
      const existing = await store.users.findByEmail(profile.email);
      try {
        if (existing) {
          await store.identities.link({ provider, subject: profile.subject, userId: existing.id, email: profile.email, emailVerified: true, linkedAt: ctx.services.clock.now() });
          if (!existing.emailVerified) await store.users.markEmailVerified(existing.id, profile.email);
          userId = existing.id;
        } else {
          userId = (await store.users.create({ email: profile.email, emailVerified: true, attributes: profile.attributes, language: knownLanguage(ctx.lang) }, undefined, { provider, subject: profile.subject, email: profile.email, emailVerified: true })).id;
          await ctx.audit.record('signup', { userId, details: { provider } });
        }
      } catch (err) {
        if (err instanceof DuplicateError) return failed('realm.failed');
        throw err;
      }
    }
    // Just-in-time membership: signing in through the organisation's provider makes the person a member.
    if ((await store.memberships.add({ orgId: org.id, userId, roles: [], source: 'just-in-time', joinedAt: ctx.services.clock.now() })) === 'added') {
      await ctx.audit.record('organisation.member.added', { userId, actor: userId, details: { orgId: org.id, source: 'just-in-time' } });
    }
    return { outcome: 'signed-in', patch: { ...clear, userId, email: profile.email ?? ctx.state.email, amr: ['fed'], organisationId: org.id } };
  },
};
