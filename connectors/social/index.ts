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
    },
    allOf: [
      { if: { properties: { kind: { const: 'oidc' } } }, then: { required: ['issuer'] } },
      { if: { properties: { kind: { const: 'oauth2' } } }, then: { required: ['authorizationUrl', 'tokenUrl', 'userinfoUrl'] } },
    ],
  },
};
const validate = new Ajv2020({ allErrors: true }).compile(schema);

/**
 * The configured social connections: SOCIAL_CONNECTIONS (a JSON array) plus GOOGLE_CLIENT_ID /
 * GOOGLE_CLIENT_SECRET as a shortcut for Google. Secrets come from the environment only.
 */
export function socialConnectorsFromEnv(env: NodeJS.ProcessEnv): Map<string, SocialConnector> {
  const list: ConnectionConfig[] = env.SOCIAL_CONNECTIONS ? JSON.parse(env.SOCIAL_CONNECTIONS) : [];
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET && !list.some((c) => c.name === 'google')) {
    list.push({ name: 'google', kind: 'google', label: 'Google', clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET });
  }
  if (!validate(list)) throw new Error(`SOCIAL_CONNECTIONS is invalid: ${JSON.stringify(validate.errors)}`);
  const make = { google: googleConnector, oidc: oidcConnector, oauth2: oauth2Connector };
  return new Map(list.map((c) => [c.name, make[c.kind]({ ...c, label: c.label ?? c.name })]));
}
