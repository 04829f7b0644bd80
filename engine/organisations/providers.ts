import type { Organisation } from '../store/port.js';
import type { SecretBox } from '../identity/secret-box.js';
import type { SocialConnection } from '../methods/social/connection.js';
import type { OrganisationProviders } from '../nodes/services.js';
import { providerConnectionName } from './rules.js';

/** What it takes to make a connection to any OpenID provider (the social connectors' factory). */
export type OidcConnectionFactory = (c: { name: string; kind: 'oidc'; label: string; clientId: string; clientSecret: string; issuer: string; trusted: boolean }) => SocialConnection;

/**
 * Organisations' own OpenID providers as connections, one per organisation and version of its
 * settings (a connection caches its provider's discovery document).
 */
export function organisationProviders(secrets: SecretBox, connect: OidcConnectionFactory): OrganisationProviders {
  const cache = new Map<string, { key: string; connection: SocialConnection }>();
  return {
    connectionFor(org: Organisation) {
      if (!org.provider) return null;
      const key = `${org.updatedAt.getTime()}:${org.provider.issuer}:${org.provider.clientId}`;
      const cached = cache.get(org.id);
      if (cached?.key === key) return cached.connection;
      const connection = connect({
        name: providerConnectionName(org.id),
        kind: 'oidc',
        label: org.name,
        clientId: org.provider.clientId,
        clientSecret: secrets.open(org.provider.secretCiphertext),
        issuer: org.provider.issuer,
        trusted: true,
      });
      cache.set(org.id, { key, connection });
      return connection;
    },
  };
}
