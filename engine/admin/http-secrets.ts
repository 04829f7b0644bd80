import type { Request } from 'express';
import type { Store } from '../store/port.js';
import type { NodeRegistry } from '../nodes/registry.js';
import { Conflict, FieldInvalid, NotFound } from '../http/errors.js';
import { RouteTable } from '../http/route-table.js';
import { paramsSchema } from '../http/ids.js';
import { describeUses, whereUsed } from '../runtime/where-used.js';
import { SECRET_NAME, type HttpSecrets } from '../orchestration/http-secrets.js';
import { PERMISSIONS } from './roles.js';

const NAME = paramsSchema({ name: { type: 'string', pattern: SECRET_NAME } });
/** One schema for the API, the console form and the OpenAPI description. */
const SECRET = {
  type: 'object',
  additionalProperties: false,
  properties: {
    // Header values: printable, no line breaks (a header cannot carry them).
    value: { type: 'string', title: 'Value', minLength: 1, maxLength: 4096, pattern: '^[\\x20-\\x7E\\t]+$', description: 'Needed when the secret is created; omitted on change, the stored value is kept. Stored sealed, never shown again.' },
    description: { type: 'string', title: 'Description', maxLength: 200 },
    revision: { type: 'integer', title: 'Revision', minimum: 0, description: 'The revision the change was made from (0 = a new secret): a change made meanwhile by someone else is refused' },
  },
};

/**
 * Admin API of the API secrets HTTP request steps send in headers (`{{secret.<name>}}`): written
 * here, sealed in the store, never returned; a secret a journey uses cannot be deleted.
 */
export function httpSecretsRouter(deps: { store: Store; registry: NodeRegistry; secrets: HttpSecrets }): RouteTable {
  const { store, secrets } = deps;
  const routes = new RouteTable();
  const audit = (req: Request, type: string, details: Record<string, unknown>) =>
    store.audit.record({ at: new Date(), type, userId: null, actor: req.admin!.id, ip: req.ip ?? null, details });

  routes.get('/http-secrets', { permission: PERMISSIONS.settingsRead, summary: 'API secrets of the HTTP request steps (names and descriptions; values are never shown)' }, async (_req, res) => {
    res.json(await secrets.list());
  });
  routes.get('/http-secrets/:name', { permission: PERMISSIONS.settingsRead, summary: 'One API secret (without its value) and the journeys that use it', params: NAME }, async (req, res) => {
    const name = String(req.params.name);
    const view = await secrets.view(name);
    if (!view) throw new NotFound({ en: 'No such secret.', id: 'Rahasia tidak ditemukan.' });
    res.json({ ...view, usedBy: await whereUsed(store, deps.registry, 'http-secret', name) });
  });
  routes.put('/http-secrets/:name', { permission: PERMISSIONS.settingsWrite, summary: 'Create an API secret or replace its value (sealed; never returned)', params: NAME, body: SECRET }, async (req, res) => {
    const name = String(req.params.name);
    const { revision, ...input } = req.body as { value?: string; description?: string; revision?: number };
    const current = (await secrets.view(name))?.revision ?? 0;
    const expected = revision ?? current;
    if (expected === 0 && current !== 0) throw new FieldInvalid('name', { en: `A secret named "${name}" already exists.`, id: `Rahasia bernama "${name}" sudah ada.` });
    if (expected !== current) throw new Conflict({ en: 'Someone else changed this secret meanwhile. Reload it and make your change again.', id: 'Orang lain telah mengubah rahasia ini sementara itu. Muat ulang lalu ulangi perubahan Anda.' });
    if (current === 0 && input.value === undefined) throw new FieldInvalid('value', { en: 'A new secret needs its value.', id: 'Rahasia baru memerlukan nilainya.' });
    const saved = await secrets.save(name, input, expected, req.admin!.id);
    if (!saved) throw new Conflict({ en: 'Someone else changed this secret meanwhile. Reload it and make your change again.', id: 'Orang lain telah mengubah rahasia ini sementara itu. Muat ulang lalu ulangi perubahan Anda.' });
    await audit(req, 'settings.http-secret.saved', { secret: name, revision: saved.revision, valueChanged: input.value !== undefined });
    res.status(current === 0 ? 201 : 200).json(saved);
  });
  routes.delete('/http-secrets/:name', { permission: PERMISSIONS.settingsWrite, summary: 'Delete an API secret; refused while a journey uses it', params: NAME, status: 204 }, async (req, res) => {
    const name = String(req.params.name);
    if (!(await secrets.view(name))) throw new NotFound({ en: 'No such secret.', id: 'Rahasia tidak ditemukan.' });
    const uses = await whereUsed(store, deps.registry, 'http-secret', name);
    if (uses.length) throw new Conflict({ en: `This secret is used by: ${describeUses(uses)}. Remove it from these journeys first.`, id: `Rahasia ini dipakai oleh: ${describeUses(uses, 'id')}. Hapus dari perjalanan tersebut terlebih dahulu.` }, 'in_use');
    await secrets.delete(name);
    await audit(req, 'settings.http-secret.deleted', { secret: name });
    res.status(204).end();
  });
  return routes;
}
