import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { DOMAIN_EVENT_TYPES, type ReleasedAttribute, type Store, type WebhookDelivery, type WebhookEndpoint } from '../store/port.js';
import type { SecretBox } from '../identity/secret-box.js';
import { fieldRefused, HttpError, NotFound } from '../http/errors.js';
import { RouteTable } from '../http/route-table.js';
import { paramsSchema } from '../http/ids.js';
import { newWebhookSecret } from '../../connectors/webhooks.js';

const ATTRIBUTE = {
  type: 'object',
  title: 'Released attribute',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', title: 'Attribute', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$', examples: ['given_name'] },
    purpose: { type: ['string', 'null'], title: 'Consent purpose', pattern: '^[a-z0-9][a-z0-9-]{0,63}$', examples: ['marketing'] },
  },
};
const ENDPOINT_FIELDS = {
  url: { type: 'string', title: 'URL', maxLength: 2000 },
  description: { type: 'string', title: 'Description', maxLength: 200 },
  eventTypes: { type: 'array', title: 'Events', minItems: 1, uniqueItems: true, items: { type: 'string', title: 'Event', enum: [...DOMAIN_EVENT_TYPES] } },
  attributes: { type: 'array', title: 'Released attributes', maxItems: 100, items: ATTRIBUTE },
  enabled: { type: 'boolean', title: 'Enabled' },
};
const CREATE = { type: 'object', additionalProperties: false, required: ['url', 'eventTypes'], properties: ENDPOINT_FIELDS };
const UPDATE = { type: 'object', additionalProperties: false, minProperties: 1, properties: ENDPOINT_FIELDS };
const ID = paramsSchema({ id: 'record' });
const DELIVERY = paramsSchema({ id: 'record', deliveryId: { type: 'string', pattern: '^evt_[0-9a-f-]{36}:[A-Za-z0-9_-]{1,100}$' } });
const DELIVERIES_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: { state: { type: 'string', title: 'State', enum: ['pending', 'delivered', 'dead'] }, limit: { type: 'string', title: 'Deliveries to show', pattern: '^[1-9][0-9]{0,2}$', examples: ['50'] } },
};

type EndpointInput = Partial<Pick<WebhookEndpoint, 'url' | 'description' | 'eventTypes' | 'enabled'>> & { attributes?: Array<{ name: string; purpose?: string | null }> };

/** Webhooks are their own console area: auditors read them, administrators and owners change them (roles.ts). */
const READ = 'webhooks:read';
const WRITE = 'webhooks:write';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

const NO_SUCH_ENDPOINT = { en: 'No such webhook endpoint.', id: 'Endpoint webhook tidak ditemukan.' };

/** A receiver's URL: https, or http only to this machine (a receiver under development). */
function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw fieldRefused('body', CREATE, '/url', { en: 'is not a URL (like https://crm.example.com/hook)', id: 'bukan URL (seperti https://crm.example.com/hook)' });
  }
  if (url.username || url.password) {
    throw fieldRefused('body', CREATE, '/url', { en: 'must not carry a user name or password: the signature authenticates Gerbang', id: 'tidak boleh memuat nama pengguna atau kata sandi: tanda tangan yang mengautentikasi Gerbang' });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw fieldRefused('body', CREATE, '/url', { en: 'must use https (http only to localhost)', id: 'harus memakai https (http hanya ke localhost)' });
  }
  return url.toString();
}

/**
 * An endpoint as the API shows it: never a secret, current or previous; only until when the secret a
 * rotation replaced still signs beside the new one (`previousSecretValidUntil`, null when none is), and
 * for how long a rotation would keep the current one signing (`secretOverlapHours`, the setting).
 */
const publicView = (e: WebhookEndpoint, now: Date, secretOverlapHours: number) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  eventTypes: e.eventTypes,
  attributes: e.attributes,
  enabled: e.enabled,
  previousSecretValidUntil: e.previousSecret && e.previousSecret.until.getTime() > now.getTime() ? e.previousSecret.until : null,
  secretOverlapHours,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

const deliveryView = (d: WebhookDelivery) => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  state: d.state,
  attempts: d.attempts,
  nextAttemptAt: d.state === 'pending' ? d.nextAttemptAt : null,
  lastStatus: d.lastStatus,
  lastError: d.lastError,
  createdAt: d.createdAt,
  deliveredAt: d.deliveredAt,
});

/** The newest delivery of an endpoint as its list shows it: how it went, and when it was delivered (else when its event happened). */
const lastDeliveryView = (d: WebhookDelivery) => ({ state: d.state, eventType: d.eventType, at: d.deliveredAt ?? d.createdAt, lastError: d.lastError });

/**
 * Admin API of webhook endpoints (CRM, data warehouse): which events each receives, which attributes
 * of a person it may receive and under which consent purpose, its signing secret (shown once, at
 * creation and rotation; sealed at rest), and its deliveries with a replay of dead letters.
 */
export function webhooksRouter({
  store,
  secrets,
  now,
  secretOverlapHours,
  wake,
}: {
  store: Store;
  secrets: SecretBox;
  now: () => Date;
  /** How long a rotated-out secret keeps signing beside the new one, in hours. */
  secretOverlapHours: number;
  /** Has the relay look for work now (an endpoint added or enabled, a dead letter replayed). */
  wake: () => void;
}): RouteTable {
  const router = new RouteTable();
  const view = (e: WebhookEndpoint, at: Date) => publicView(e, at, secretOverlapHours);

  const released = async (input: EndpointInput['attributes']): Promise<ReleasedAttribute[]> => {
    const attributes = (input ?? []).map((a) => ({ name: a.name, purpose: a.purpose ?? null }));
    const names = attributes.map((a) => a.name);
    const twice = names.findIndex((name, i) => names.indexOf(name) !== i);
    if (twice >= 0) throw fieldRefused('body', CREATE, `/attributes/${twice}/name`, { en: `lists "${names[twice]}" a second time`, id: `mencantumkan "${names[twice]}" untuk kedua kalinya` });
    for (const [i, { purpose }] of attributes.entries()) {
      if (purpose && !(await store.consents.getPurpose(purpose))) {
        throw fieldRefused('body', CREATE, `/attributes/${i}/purpose`, { en: `is "${purpose}", which is no consent purpose`, id: `adalah "${purpose}", yang bukan tujuan persetujuan` });
      }
    }
    return attributes;
  };
  /** Who changed which endpoint: receivers get people's data, so every change to them is audited. */
  const audit = (req: Request, type: string, details: Record<string, unknown>) =>
    store.audit.record({ at: now(), type, userId: null, actor: req.admin?.id ?? null, ip: req.ip ?? null, details });
  const find = async (id: string) => {
    const endpoint = await store.outbox.getEndpoint(id);
    if (!endpoint) throw new NotFound(NO_SUCH_ENDPOINT);
    return endpoint;
  };

  router.get('/webhooks', { permission: READ, summary: 'List webhook endpoints, each with its latest delivery (`lastDelivery`: state and when, or null)' }, async (_req, res) => {
    const endpoints = await store.outbox.listEndpoints();
    // One read per endpoint: a tenant has a handful of receivers, and the console's list shows each one's health.
    const latest = await Promise.all(endpoints.map((e) => store.outbox.deliveries({ endpointId: e.id, limit: 1 })));
    const at = now();
    res.json(endpoints.map((e, i) => ({ ...view(e, at), lastDelivery: latest[i][0] ? lastDeliveryView(latest[i][0]) : null })));
  });

  router.post(
    '/webhooks',
    { permission: WRITE, summary: 'Add a webhook endpoint; its signing secret (Standard Webhooks, `whsec_...`) is shown this once', body: CREATE, status: 201 },
    async (req, res) => {
      const body = req.body as EndpointInput & Pick<WebhookEndpoint, 'url' | 'eventTypes'>;
      const secret = newWebhookSecret();
      const at = now();
      const endpoint: WebhookEndpoint = {
        id: `wh_${randomBytes(8).toString('hex')}`,
        url: checkUrl(body.url),
        description: body.description ?? '',
        eventTypes: body.eventTypes,
        attributes: await released(body.attributes),
        sealedSecret: secrets.seal(secret),
        previousSecret: null,
        enabled: body.enabled ?? true,
        createdAt: at,
        updatedAt: at,
      };
      await store.outbox.insertEndpoint(endpoint);
      await audit(req, 'webhook.created', { endpointId: endpoint.id, url: endpoint.url, events: endpoint.eventTypes });
      // The relay may have read "no endpoint" a moment ago (it looks again only every 30 s): the first
      // events must not wait for that.
      if (endpoint.enabled) wake();
      res.status(201).json({ ...view(endpoint, at), secret });
    },
  );

  router.get('/webhooks/:id', { permission: READ, summary: 'A webhook endpoint', params: ID }, async (req, res) => {
    res.json(view(await find(String(req.params.id)), now()));
  });

  router.put('/webhooks/:id', { permission: WRITE, summary: 'Change a webhook endpoint (URL, events, released attributes, enabled)', params: ID, body: UPDATE }, async (req, res) => {
    const current = await find(String(req.params.id));
    const body = req.body as EndpointInput;
    const next: WebhookEndpoint = {
      ...current,
      url: body.url !== undefined ? checkUrl(body.url) : current.url,
      description: body.description ?? current.description,
      eventTypes: body.eventTypes ?? current.eventTypes,
      attributes: body.attributes !== undefined ? await released(body.attributes) : current.attributes,
      enabled: body.enabled ?? current.enabled,
      updatedAt: now(),
    };
    if (!(await store.outbox.replaceEndpoint(next))) throw new NotFound(NO_SUCH_ENDPOINT);
    await audit(req, 'webhook.updated', { endpointId: next.id, fields: Object.keys(body) });
    if (next.enabled && !current.enabled) wake();
    res.json(view(next, next.updatedAt));
  });

  router.post(
    '/webhooks/:id/secret',
    {
      permission: WRITE,
      summary:
        'Rotate the signing secret; the new one is shown this once and signs every later attempt, the old one keeps signing beside it until `previousSecretValidUntil` (WEBHOOK_SECRET_OVERLAP_HOURS)',
      params: ID,
    },
    async (req, res) => {
      const current = await find(String(req.params.id));
      const secret = newWebhookSecret();
      const at = now();
      const previousUntil = new Date(at.getTime() + secretOverlapHours * 3_600_000);
      const rotated = await store.outbox.rotateSecret(current.id, { from: current.sealedSecret, to: secrets.seal(secret), previousUntil, at });
      if (!rotated) {
        if (!(await store.outbox.getEndpoint(current.id))) throw new NotFound(NO_SUCH_ENDPOINT);
        throw new HttpError(409, 'conflict', { en: 'The secret was rotated meanwhile by someone else; rotate again if a new one is still needed.', id: 'Rahasia baru saja dirotasi oleh orang lain; rotasi lagi bila masih perlu rahasia baru.' });
      }
      await audit(req, 'webhook.secret.rotated', { endpointId: current.id });
      res.json({ ...view({ ...current, previousSecret: { sealed: current.sealedSecret, until: previousUntil }, updatedAt: at }, at), secret });
    },
  );

  router.delete('/webhooks/:id', { permission: WRITE, summary: 'Remove a webhook endpoint and its deliveries', params: ID, status: 204 }, async (req, res) => {
    if (!(await store.outbox.deleteEndpoint(String(req.params.id)))) throw new NotFound(NO_SUCH_ENDPOINT);
    await audit(req, 'webhook.deleted', { endpointId: String(req.params.id) });
    res.status(204).end();
  });

  router.get(
    '/webhooks/:id/deliveries',
    { permission: READ, summary: 'Deliveries to an endpoint, newest first; `state=dead` lists the dead letters', params: ID, query: DELIVERIES_QUERY },
    async (req, res) => {
      const endpoint = await find(String(req.params.id));
      const q = req.query as { state?: WebhookDelivery['state']; limit?: string };
      res.json((await store.outbox.deliveries({ endpointId: endpoint.id, state: q.state, limit: q.limit ? Number(q.limit) : 50 })).map(deliveryView));
    },
  );

  router.post('/webhooks/:id/deliveries/:deliveryId/replay', { permission: WRITE, summary: 'Send a dead-lettered delivery again', params: DELIVERY }, async (req, res) => {
    const endpoint = await find(String(req.params.id));
    const deliveryId = String(req.params.deliveryId);
    if (!deliveryId.endsWith(`:${endpoint.id}`)) throw new NotFound({ en: 'No such delivery.', id: 'Pengiriman tidak ditemukan.' });
    if (!(await store.outbox.replay(deliveryId, new Date()))) throw new HttpError(409, 'conflict', { en: 'Only a dead-lettered delivery can be replayed.', id: 'Hanya pengiriman yang gagal permanen (dead letter) yang dapat diputar ulang.' });
    await audit(req, 'webhook.delivery.replayed', { endpointId: endpoint.id, deliveryId });
    wake();
    res.json({ id: deliveryId, state: 'pending' });
  });

  return router;
}
