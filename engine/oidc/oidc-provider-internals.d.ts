// oidc-provider (pinned exactly) ships no types for its internals; these are the two Gerbang reuses to
// wrap the refresh_token grant (see refresh-reuse.ts).
declare module 'oidc-provider/lib/actions/grants/refresh_token.js' {
  import type Provider from 'oidc-provider';
  import type { KoaContextWithOIDC } from 'oidc-provider';
  export const handler: (provider: Provider, helpers: Record<string, unknown>, ctx: KoaContextWithOIDC) => Promise<void>;
  export const parameters: Set<string>;
}
declare module 'oidc-provider/lib/helpers/grants.js' {
  const helpers: Record<string, (...args: unknown[]) => unknown>;
  export = helpers;
}
// The provider's resolved configuration (claims, scopes, supported claims), rewritten in place by
// claims-release.ts when the identity schema changes.
declare module 'oidc-provider/lib/helpers/weak_cache.js' {
  import type Provider from 'oidc-provider';
  const instance: (provider: Provider) => { configuration: Record<string, unknown> };
  export default instance;
}
