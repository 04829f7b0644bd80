import type { Request } from 'express';
import type { Store } from '../store/port.js';
import type { NodeRegistry } from '../nodes/registry.js';
import { Conflict, FieldInvalid, NotFound } from '../http/errors.js';
import { RouteTable } from '../http/route-table.js';
import { paramsSchema } from '../http/ids.js';
import { callbackUrl } from '../methods/social/sign-in.js';
import { describeUses, whereUsed } from '../runtime/where-used.js';
import { ConnectionDirectory, MissingSecret } from '../settings/social-connections.js';
import { checkConnection, discover } from '../settings/connection-check.js';
import type { ConnectionConfig } from '../../connectors/social/index.js';
import { PERMISSIONS } from './roles.js';

const NO_SUCH_CONNECTION = { en: 'No such connection.', id: 'Koneksi tidak ditemukan.' };
const CHANGED_MEANWHILE = { en: 'Someone else changed this connection meanwhile. Reload it and make your change again.', id: 'Orang lain telah mengubah koneksi ini sementara itu. Muat ulang lalu ulangi perubahan Anda.' };
const NAME = paramsSchema({ name: 'connection' });
const HTTP_URL = (title: string) => ({ type: 'string', title, maxLength: 2000, pattern: '^https?://[^\\s]+$', examples: ['https://login.example.com'] });
const TEXT = (title: string, max: number) => ({ type: 'string', title, minLength: 1, maxLength: max });

/** The connection form: one schema for the API, the console and the OpenAPI description. */
const CONNECTION = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'label', 'clientId'],
  properties: {
    kind: { title: 'Provider type', enum: ['google', 'oidc', 'oauth2'], description: 'google: Google sign-in; oidc: any OpenID provider (discovery from its issuer); oauth2: a plain OAuth2 provider with a userinfo URL' },
    label: TEXT('Button label', 60),
    clientId: TEXT('Client ID', 500),
    clientSecret: { ...TEXT('Client secret', 2000), description: 'Needed when the connection is created; omitted on change, the stored secret is kept. Stored sealed, never shown again.' },
    issuer: HTTP_URL('Issuer URL'),
    authorizationUrl: HTTP_URL('Authorization URL'),
    tokenUrl: HTTP_URL('Token URL'),
    userinfoUrl: HTTP_URL('Userinfo URL'),
    scopes: { type: 'array', title: 'Scopes', maxItems: 20, items: { type: 'string', title: 'Scope', pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}$', examples: ['openid'] } },
    subjectField: TEXT('Subject field', 100),
    emailField: TEXT('Email field', 100),
    trusted: { type: 'boolean', title: 'Trust its email addresses', description: "Take this provider's email addresses as the person's even when it does not mark them verified (default false: such sign-ins verify the email first)" },
    revision: { type: 'integer', title: 'Revision', minimum: 0, description: 'The revision the change was made from (0 = a new connection): a change made meanwhile by someone else is refused' },
  },
  allOf: [
    { if: { properties: { kind: { const: 'oidc' } } }, then: { required: ['issuer'] } },
    { if: { properties: { kind: { const: 'oauth2' } } }, then: { required: ['authorizationUrl', 'tokenUrl', 'userinfoUrl'] } },
  ],
};
const DISCOVER = { type: 'object', additionalProperties: false, required: ['issuer'], properties: { issuer: HTTP_URL('Issuer URL') } };

type ConnectionInput = Omit<ConnectionConfig, 'name' | 'clientSecret'> & { clientSecret?: string; revision?: number };

/**
 * Admin API: social connections (Google, any OpenID or OAuth2 provider) defined in the console,
 * beside the read-only ones of the environment. Secrets are sealed in the store and never returned.
 */
export function socialConnectionsRouter(deps: { store: Store; registry: NodeRegistry; connections: ConnectionDirectory; publicUrl: string }): RouteTable {
  const { store, connections } = deps;
  const routes = new RouteTable();
  const withCallback = <T extends { name: string }>(c: T) => ({ ...c, callbackUrl: callbackUrl(deps.publicUrl, c.name) });
  const audit = (req: Request, type: string, details: Record<string, unknown>) =>
    store.audit.record({ at: new Date(), type, userId: null, actor: req.admin!.id, ip: req.ip ?? null, details });

  routes.get('/social-connections', { permission: PERMISSIONS.settingsRead, summary: 'Social connections, with the callback URL to register at each provider (secrets are never shown)' }, async (_req, res) => {
    res.json((await connections.list()).map(withCallback));
  });
  routes.get('/social-connections/:name', { permission: PERMISSIONS.settingsRead, summary: 'One social connection and the journeys that use it', params: NAME }, async (req, res) => {
    const name = String(req.params.name);
    const view = await connections.view(name);
    if (!view) throw new NotFound(NO_SUCH_CONNECTION);
    res.json({ ...withCallback(view), usedBy: await whereUsed(store, deps.registry, 'social-connection', name) });
  });
  routes.put('/social-connections/:name', { permission: PERMISSIONS.settingsWrite, summary: 'Create or change a social connection (its secret is sealed)', params: NAME, body: CONNECTION }, async (req, res) => {
    const name = String(req.params.name);
    const { revision, ...input } = req.body as ConnectionInput;
    const current = await connections.revision(name);
    const expected = revision ?? current;
    if (expected === 0 && current !== 0) throw new FieldInvalid('name', { en: `A connection named "${name}" already exists.`, id: `Koneksi bernama "${name}" sudah ada.` });
    if (expected !== current) throw new Conflict(CHANGED_MEANWHILE);
    let saved;
    try {
      saved = await connections.save(name, input, expected, req.admin!.id);
    } catch (err) {
      if (err instanceof MissingSecret) throw new FieldInvalid('clientSecret', { en: err.message, id: 'Koneksi baru memerlukan rahasia kliennya.' });
      throw err;
    }
    if (!saved) throw new Conflict(CHANGED_MEANWHILE);
    await audit(req, 'settings.social-connection.saved', { connection: name, revision: saved.revision, secretChanged: Boolean(input.clientSecret) });
    res.json(withCallback(saved));
  });
  routes.delete('/social-connections/:name', { permission: PERMISSIONS.settingsWrite, summary: 'Delete a social connection; refused while a journey uses it', params: NAME, status: 204 }, async (req, res) => {
    const name = String(req.params.name);
    const view = await connections.view(name);
    if (!view) throw new NotFound(NO_SUCH_CONNECTION);
    if (view.source === 'environment') throw new Conflict({ en: 'This connection comes from environment variables: remove it there.', id: 'Koneksi ini berasal dari variabel lingkungan: hapus di sana.' });
    const uses = await whereUsed(store, deps.registry, 'social-connection', name);
    if (uses.length) throw new Conflict({ en: `This connection is used by: ${describeUses(uses)}. Remove it from these journeys first.`, id: `Koneksi ini dipakai oleh: ${describeUses(uses, 'id')}. Hapus dari perjalanan tersebut terlebih dahulu.` }, 'in_use');
    await connections.delete(name);
    await audit(req, 'settings.social-connection.deleted', { connection: name });
    res.status(204).end();
  });
  routes.post('/social-connections/discover', { permission: PERMISSIONS.settingsWrite, summary: "Reads an OpenID provider's discovery document from its issuer URL", body: DISCOVER }, async (req, res) => {
    const { issuer } = req.body as { issuer: string };
    try {
      res.json(await discover(issuer));
    } catch (err) {
      const why = err instanceof Error ? err.message.slice(0, 200) : 'unreachable';
      throw new FieldInvalid('issuer', { en: `No OpenID provider answered at ${issuer}: ${why}`, id: `Tidak ada penyedia OpenID yang menjawab di ${issuer}: ${why}` });
    }
  });
  routes.post('/social-connections/:name/test', { permission: PERMISSIONS.settingsWrite, summary: "Test connection: the provider's endpoints are found and it accepts the client id and secret", params: NAME }, async (req, res) => {
    const name = String(req.params.name);
    const config = await connections.config(name);
    if (!config) throw new NotFound(NO_SUCH_CONNECTION);
    res.json(await checkConnection(config, callbackUrl(deps.publicUrl, name)));
  });
  return routes;
}

