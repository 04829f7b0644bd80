import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import * as refreshTokenGrant from 'oidc-provider/lib/actions/grants/refresh_token.js';
import * as grantHelpers from 'oidc-provider/lib/helpers/grants.js';
import type { OidcRepo } from '../store/port.js';
import type { SecretBox } from '../identity/secret-box.js';
import { sha256 } from '../runtime/crypto.js';

const SUCCESSOR = 'Gerbang:RefreshSuccessor';

/** Requests answered with a recorded successor: they must not rotate it again. */
const replays = new WeakSet<object>();

/** oidc-provider's `rotateRefreshToken`: always rotate, except when replaying within the window. */
export function rotateRefreshToken(ctx: KoaContextWithOIDC): boolean {
  return !replays.has(ctx);
}

/**
 * Refresh token rotation with a reuse window. Two tabs of an app refreshing with the same token at
 * once must not sign the user out: the same refresh token presented again within `windowSeconds` of
 * its rotation answers with the same successor (and a fresh access token). Presented later, it is
 * reuse of a stolen token and revokes the grant, as oidc-provider does.
 */
export function enableRefreshReuseWindow(provider: Provider, repo: OidcRepo, windowSeconds: number, secrets: SecretBox): void {
  const helpers = Object.fromEntries(
    Object.entries(grantHelpers as Record<string, unknown>)
      .filter((entry): entry is [string, (...args: unknown[]) => unknown] => typeof entry[1] === 'function')
      .map(([name, helper]) => [name, helper.bind(undefined, provider)]),
  );
  /** Refreshes with one token on this instance run one after the other, so the second sees the first's successor. */
  const inProgress = new Map<string, Promise<unknown>>();
  /** The successor's record being written for a request, awaited before the grant answers. */
  const recording = new WeakMap<object, Promise<void>>();

  // The record is written when the successor is saved, not after the answer's ID token is signed (an
  // await that ends the store's turn): one commit with the rotation it belongs to, instead of two.
  provider.on('refresh_token.saved', (token: unknown) => {
    const ctx = (provider.constructor as typeof Provider).ctx;
    if (!ctx || ctx.oidc?.entities.RefreshToken !== token || recording.has(ctx)) return;
    const write = recordSuccessor(ctx);
    write.catch(() => undefined); // observed when the handler awaits it
    recording.set(ctx, write);
  });

  const handler = async (ctx: KoaContextWithOIDC) => {
    const presented = String(ctx.oidc.params?.refresh_token ?? '');
    const before = inProgress.get(presented);
    const mine = (async () => {
      await before?.catch(() => undefined);
      await replayWithinWindow(ctx, presented);
      await refreshTokenGrant.handler(provider, helpers, ctx);
      await recording.get(ctx);
    })();
    inProgress.set(presented, mine);
    try {
      await mine;
    } finally {
      if (inProgress.get(presented) === mine) inProgress.delete(presented);
    }
  };

  /** A consumed token with a successor recorded less than `windowSeconds` ago: present the successor instead. */
  const replayWithinWindow = async (ctx: KoaContextWithOIDC, presented: string) => {
    if (!presented || windowSeconds <= 0) return;
    const token = await provider.RefreshToken.find(presented, { ignoreExpiration: true });
    if (!token?.consumed || token.clientId !== ctx.oidc.client?.clientId) return;
    // Secrets at rest: the record is found by a hash of the presented token and holds its successor sealed.
    const record = await repo.find(SUCCESSOR, sha256(presented));
    if (!record || typeof record.successor !== 'string' || Date.now() - Number(record.at) > windowSeconds * 1000) return;
    const successorId = secrets.open(record.successor);
    const successor = await provider.RefreshToken.find(successorId);
    if (!successor || successor.consumed) return;
    replays.add(ctx);
    (ctx.oidc.params as Record<string, unknown>).refresh_token = successorId;
  };

  const recordSuccessor = async (ctx: KoaContextWithOIDC) => {
    const rotated = ctx.oidc.entities.RotatedRefreshToken as { jti?: string } | undefined;
    const successor = ctx.oidc.entities.RefreshToken as { jti?: string } | undefined;
    if (replays.has(ctx) || !rotated?.jti || !successor?.jti || rotated.jti === successor.jti) return;
    await repo.upsert(SUCCESSOR, sha256(rotated.jti), { successor: secrets.seal(successor.jti), at: Date.now() }, new Date(Date.now() + Math.max(windowSeconds, 1) * 1000));
  };

  provider.registerGrantType('refresh_token', handler, [...refreshTokenGrant.parameters]);
}
