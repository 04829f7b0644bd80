import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Credential, User } from '../../store/port.js';
import type { NodeContext, Page, PageField } from '../../nodes/types.js';

/** What a WebAuthn step keeps in its run data between showing the ceremony and checking its answer. */
export interface PendingCeremony {
  mode: 'register' | 'authenticate';
  options: Record<string, unknown>;
  challenge: string;
}

const rp = (ctx: NodeContext<unknown>) => ({ rpID: new URL(ctx.services.publicUrl).hostname, origin: ctx.services.publicUrl });
export const pendingOf = (ctx: NodeContext<unknown>) => (ctx.state.data[ctx.nodeId]?.webauthn as PendingCeremony | null | undefined) ?? null;

/** The page that runs a ceremony in the browser (script) and posts its answer back. */
export function ceremonyPage(ctx: NodeContext<unknown>, title: string, intro: string, pending: PendingCeremony | null, startLabel: string): Page {
  const hidden: PageField = { name: 'credential', label: '', type: 'hidden', value: '' };
  if (!pending) return { title, intro, fields: [], actions: [{ value: 'passkey-start', label: startLabel }] };
  return {
    title,
    intro: ctx.t('passkey.waiting'),
    fields: [hidden],
    blocks: [
      { kind: 'data', id: 'webauthn-options', json: { mode: pending.mode, options: pending.options } },
      { kind: 'script', src: '/assets/webauthn-browser.js' },
      { kind: 'script', src: '/assets/passkey.js' },
    ],
    actions: [
      { value: 'passkey-finish', label: ctx.t('passkey.continue') },
      { value: 'passkey-start', label: ctx.t('passkey.retry'), kind: 'secondary' },
    ],
  };
}

export async function registrationOptions(ctx: NodeContext<unknown>, user: User, existing: Credential[]): Promise<PendingCeremony> {
  const options = await generateRegistrationOptions({
    rpName: ctx.services.appName ?? 'Gerbang',
    rpID: rp(ctx).rpID,
    userName: user.email,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: String(c.data.credentialId), transports: c.data.transports as string[] | undefined })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  return { mode: 'register', options: options as unknown as Record<string, unknown>, challenge: options.challenge };
}

/** Checks a registration answer; returns the credential data to store, or null. */
export async function verifyRegistration(ctx: NodeContext<unknown>, pending: PendingCeremony, answer: string): Promise<Record<string, unknown> | null> {
  try {
    const response = JSON.parse(answer) as RegistrationResponseJSON;
    const result = await verifyRegistrationResponse({ response, expectedChallenge: pending.challenge, expectedOrigin: rp(ctx).origin, expectedRPID: rp(ctx).rpID });
    if (!result.verified) return null;
    const c = result.registrationInfo.credential;
    return {
      name: ctx.t('passkey.name'),
      credentialId: c.id,
      publicKey: Buffer.from(c.publicKey).toString('base64url'),
      counter: c.counter,
      transports: c.transports ?? response.response.transports ?? [],
      backedUp: result.registrationInfo.credentialBackedUp,
    };
  } catch {
    return null;
  }
}

export async function authenticationOptions(ctx: NodeContext<unknown>, allow: Credential[] | null): Promise<PendingCeremony> {
  const options = await generateAuthenticationOptions({
    rpID: rp(ctx).rpID,
    userVerification: allow ? 'preferred' : 'required',
    ...(allow ? { allowCredentials: allow.map((c) => ({ id: String(c.data.credentialId), transports: c.data.transports as string[] | undefined })) } : {}),
  });
  return { mode: 'authenticate', options: options as unknown as Record<string, unknown>, challenge: options.challenge };
}

/**
 * Checks an authentication answer against the user's passkeys; on success records the new signature
 * counter and returns the user id the credential belongs to.
 */
export async function verifyAuthentication(ctx: NodeContext<unknown>, pending: PendingCeremony, answer: string, onlyUserId?: string): Promise<string | null> {
  try {
    const response = JSON.parse(answer) as AuthenticationResponseJSON;
    // A discoverable credential names its user (the user handle we set at registration).
    const userId = onlyUserId ?? (response.response.userHandle ? Buffer.from(response.response.userHandle, 'base64url').toString('utf8') : '');
    if (!userId) return null;
    const credential = (await ctx.services.store.credentials.listByUser(userId, 'webauthn')).find((c) => c.data.credentialId === response.id);
    if (!credential) return null;
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: pending.challenge,
      expectedOrigin: rp(ctx).origin,
      expectedRPID: rp(ctx).rpID,
      credential: {
        id: String(credential.data.credentialId),
        publicKey: new Uint8Array(Buffer.from(String(credential.data.publicKey), 'base64url')),
        counter: Number(credential.data.counter ?? 0),
        transports: credential.data.transports as never,
      },
    });
    if (!result.verified) return null;
    await ctx.services.store.credentials.updateData(credential.id, { ...credential.data, counter: result.authenticationInfo.newCounter });
    return userId;
  } catch {
    return null;
  }
}
