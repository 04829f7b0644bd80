import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ConnectionConfig, SocialConnector } from './types.js';
import { googleConnector } from './google.js';
import { oidcConnector } from './oidc.js';
import { oauth2Connector } from './oauth2.js';

export type { SocialConnector, SocialProfile, ConnectionConfig } from './types.js';

const url = { type: 'string', pattern: '^https?://' };
const schema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name', 'kind', 'clientId', 'clientSecret'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,31}$' },
      kind: { enum: ['google', 'oidc', 'oauth2'] },
      label: { type: 'string', maxLength: 60 },
      clientId: { type: 'string', minLength: 1 },
      clientSecret: { type: 'string', minLength: 1 },
      issuer: url,
      authorizationUrl: url,
      tokenUrl: url,
      userinfoUrl: url,
      scopes: { type: 'array', items: { type: 'string' } },
      subjectField: { type: 'string' },
      emailField: { type: 'string' },
      trusted: { type: 'boolean' },
    },
    allOf: [
      { if: { properties: { kind: { const: 'oidc' } } }, then: { required: ['issuer'] } },
      { if: { properties: { kind: { const: 'oauth2' } } }, then: { required: ['authorizationUrl', 'tokenUrl', 'userinfoUrl'] } },
    ],
  },
};
const validate = new Ajv2020({ allErrors: true }).compile(schema);

/** Checks a list of connections (the SOCIAL_CONNECTIONS variable); throws naming what is wrong. */
export function parseSocialConnections(value: unknown): ConnectionConfig[] {
  if (!validate(value)) throw new Error(new Ajv2020().errorsText(validate.errors, { dataVar: 'connections' }));
  return value as ConnectionConfig[];
}

/**
 * The connections of the environment: the SOCIAL_CONNECTIONS list plus GOOGLE_CLIENT_ID /
 * GOOGLE_CLIENT_SECRET as a shortcut for Google (the bootstrap; the console shows them read-only).
 */
export function bootstrapConnections(connections: ConnectionConfig[], google?: { clientId: string; clientSecret: string }): ConnectionConfig[] {
  const list = connections.map((c) => ({ ...c, label: c.label ?? c.name }));
  if (google && !list.some((c) => c.name === 'google')) list.push({ name: 'google', kind: 'google', label: 'Google', ...google });
  return list;
}

/** A working connector for one connection's configuration. */
export function createSocialConnector(c: ConnectionConfig): SocialConnector {
  const make = { google: googleConnector, oidc: oidcConnector, oauth2: oauth2Connector };
  return make[c.kind]({ ...c, label: c.label ?? c.name });
}
