/**
 * Keeps oidc-provider's claims and scopes in step with the identity schema in the store. The
 * provider reads its claim configuration once, at construction; the schema changes while every
 * instance runs. So before each provider request the schema is read from the store and the
 * provider's own scope -> claims table, its scopes and its supported claims are rewritten in place
 * (oidc-provider is pinned exactly: these internals are checked by the tests of custom claims).
 */
import type Provider from 'oidc-provider';
import instance from 'oidc-provider/lib/helpers/weak_cache.js';
import type { Store } from '../store/port.js';
import { effectiveSchema, loadSchema, type AttributeDefinition } from '../identity/schema.js';
import { BASE_SCOPE_CLAIMS, scopeClaims } from './claims.js';

interface ProviderClaimsConfiguration {
  claims: Record<string, Record<string, null> | null>;
  scopes: Set<string>;
  claimsSupported: Set<string>;
}

/** The schema as last read, shared by the provider's claims, its scopes and the apps' allowed scopes. */
export class ClaimsRelease {
  // Until the store is read: the shipped standard claims.
  private schema: readonly AttributeDefinition[] = effectiveSchema([]);
  private applied = '';
  private provider: Provider | null = null;
  private readonly fixedScopes: ReadonlySet<string>;

  constructor(
    private readonly store: Pick<Store, 'settings'>,
    /** Scopes that exist whatever the schema says (openid, offline_access, the account API's...). */
    fixedScopes: readonly string[],
    /** Claims released under a scope besides the schema's (e.g. the organisation claims under openid). */
    private readonly extraClaims: Readonly<Record<string, readonly string[]>> = {},
  ) {
    this.fixedScopes = new Set(fixedScopes);
  }

  /** Scopes released by the schema beyond the fixed ones: apps may ask for them. */
  schemaScopes(): string[] {
    return Object.keys(scopeClaims(this.schema)).filter((s) => !this.fixedScopes.has(s) && !(s in BASE_SCOPE_CLAIMS));
  }

  /** The provider's scope -> claims table for the schema as last read. */
  table(): Record<string, string[]> {
    const table = scopeClaims(this.schema);
    for (const [scope, claims] of Object.entries(this.extraClaims)) table[scope] = [...new Set([...(table[scope] ?? []), ...claims])];
    return table;
  }

  current(): readonly AttributeDefinition[] {
    return this.schema;
  }

  attach(provider: Provider): void {
    this.provider = provider;
    this.apply();
  }

  /** Reads the schema from the store and applies it to the provider when it changed. */
  async refresh(): Promise<readonly AttributeDefinition[]> {
    this.schema = await loadSchema(this.store);
    this.apply();
    return this.schema;
  }

  private apply(): void {
    if (!this.provider) return;
    const table = this.table();
    const fingerprint = JSON.stringify(table);
    if (fingerprint === this.applied) return;
    const conf = instance(this.provider).configuration as unknown as ProviderClaimsConfiguration;
    for (const [scope, value] of Object.entries(conf.claims)) {
      // Scope entries no longer released by anything go; standalone claims (value null, e.g. sid) stay.
      if (value !== null && !(scope in table)) {
        delete conf.claims[scope];
        if (!this.fixedScopes.has(scope)) conf.scopes.delete(scope);
      }
    }
    for (const [scope, claims] of Object.entries(table)) {
      conf.claims[scope] = Object.fromEntries(claims.map((c) => [c, null]));
      conf.scopes.add(scope);
    }
    conf.claimsSupported.clear();
    for (const [key, value] of Object.entries(conf.claims)) {
      if (value === null) conf.claimsSupported.add(key);
      else if (conf.scopes.has(key)) for (const claim of Object.keys(value)) conf.claimsSupported.add(claim);
    }
    this.applied = fingerprint;
  }
}
