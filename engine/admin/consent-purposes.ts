import type { Request } from 'express';
import type { Store } from '../store/port.js';
import type { NodeRegistry } from '../nodes/registry.js';
import { Conflict, FieldInvalid, NotFound } from '../http/errors.js';
import { RouteTable } from '../http/route-table.js';
import { paramsSchema } from '../http/ids.js';
import { DEFAULT_LANGUAGE, LANGUAGE_CODES } from '../languages.js';
import { savePurpose } from '../identity/consents.js';
import { describeUses, whereUsed } from '../runtime/where-used.js';
import { PERMISSIONS } from './roles.js';

const NO_SUCH_PURPOSE = { en: 'No such purpose.', id: 'Tujuan tidak ditemukan.' };
/** The purpose's fields as the Indonesian console names them. */
const FIELD_ID = { name: 'Nama', text: 'Teks' } as const;

const PURPOSE_ID = paramsSchema({ id: 'slug' });
const TEXTS = (title: string, max: number) => ({ type: 'object', title, minProperties: 1, propertyNames: { enum: [...LANGUAGE_CODES] }, additionalProperties: { type: 'string', minLength: 1, maxLength: max } });
const PURPOSE = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'text'],
  properties: {
    name: TEXTS('Name', 120),
    text: { ...TEXTS('Text people agree to', 4000), description: 'What people agree to, per language; a changed text is a new version, asked again' },
    required: { type: 'boolean', title: 'Required', description: 'People cannot continue a journey that asks it without agreeing' },
    version: { type: 'integer', title: 'Version', minimum: 0, description: 'The version the change was made from (0 = a new purpose): a change made meanwhile by someone else is refused' },
  },
};
const HISTORY_QUERY = { type: 'object', additionalProperties: false, properties: { limit: { type: 'string', title: 'Answers to show', pattern: '^[1-9][0-9]{0,2}$', examples: ['100'] } } };

/**
 * Admin API: consent purposes. Versioned texts per language (a changed text is a new version, asked
 * again), required or not, where journeys use them, and the acceptance history (decisions are proof
 * and stay, even when a purpose is deleted). A purpose a journey uses cannot be deleted.
 */
export function consentPurposesRouter(deps: { store: Store; registry: NodeRegistry }): RouteTable {
  const { store } = deps;
  const routes = new RouteTable();
  const audit = (req: Request, type: string, details: Record<string, unknown>) =>
    store.audit.record({ at: new Date(), type, userId: null, actor: req.admin!.id, ip: req.ip ?? null, details });
  const purposeOr404 = async (id: string) => {
    const purpose = await store.consents.getPurpose(id);
    if (!purpose) throw new NotFound(NO_SUCH_PURPOSE);
    return purpose;
  };

  routes.get('/consent-purposes', { permission: PERMISSIONS.settingsRead, summary: 'Consent purposes with their current versions and the journeys that use them' }, async (_req, res) => {
    const purposes = await store.consents.listPurposes();
    res.json(await Promise.all(purposes.map(async (p) => ({ ...p, required: p.required === true, usedBy: await whereUsed(store, deps.registry, 'consent-purpose', p.id) }))));
  });
  routes.get('/consent-purposes/:id', { permission: PERMISSIONS.settingsRead, summary: 'One consent purpose, where it is used, and how people answered each version', params: PURPOSE_ID }, async (req, res) => {
    const purpose = await purposeOr404(String(req.params.id));
    res.json({ ...purpose, required: purpose.required === true, usedBy: await whereUsed(store, deps.registry, 'consent-purpose', purpose.id), tally: await store.consents.tally(purpose.id) });
  });
  routes.get('/consent-purposes/:id/decisions', { permission: PERMISSIONS.usersRead, summary: "The acceptance history of a purpose: who answered which version, when and where, newest first", params: PURPOSE_ID, query: HISTORY_QUERY }, async (req, res) => {
    const id = String(req.params.id);
    res.json(await store.consents.decisionsFor(id, Number((req.query as { limit?: string }).limit ?? 100)));
  });
  routes.put('/consent-purposes/:id', { permission: PERMISSIONS.settingsWrite, summary: 'Create or change a consent purpose; a changed text is a new version, asked again', params: PURPOSE_ID, body: PURPOSE }, async (req, res) => {
    const { version, ...body } = req.body as { name: Record<string, string>; text: Record<string, string>; required?: boolean; version?: number };
    const id = String(req.params.id);
    for (const field of ['name', 'text'] as const) {
      if (!body[field][DEFAULT_LANGUAGE]) {
        throw new FieldInvalid(`${field}.${DEFAULT_LANGUAGE}`, {
          en: `The ${field} in ${DEFAULT_LANGUAGE} is needed: it is shown when a language has none.`,
          id: `${FIELD_ID[field]} dalam bahasa Inggris (${DEFAULT_LANGUAGE}) diperlukan: itulah yang ditampilkan bila suatu bahasa tidak memilikinya.`,
        });
      }
    }
    if (version !== undefined) {
      const current = (await store.consents.getPurpose(id))?.version ?? 0;
      if (version === 0 && current !== 0) throw new FieldInvalid('id', { en: `A purpose "${id}" already exists.`, id: `Tujuan "${id}" sudah ada.` });
      if (version !== current) throw new Conflict({ en: 'Someone else changed this purpose meanwhile. Reload it and make your change again.', id: 'Orang lain telah mengubah tujuan ini sementara itu. Muat ulang lalu ulangi perubahan Anda.' });
    }
    const purpose = await savePurpose(store.consents, { id, ...body }, new Date());
    await audit(req, 'consent.purpose.saved', { purposeId: purpose.id, version: purpose.version, required: purpose.required === true });
    res.json(purpose);
  });
  routes.delete('/consent-purposes/:id', { permission: PERMISSIONS.settingsWrite, summary: 'Delete a consent purpose; refused while a journey uses it (the decisions stay as proof)', params: PURPOSE_ID, status: 204 }, async (req, res) => {
    const id = String(req.params.id);
    await purposeOr404(id);
    const uses = await whereUsed(store, deps.registry, 'consent-purpose', id);
    if (uses.length) throw new Conflict({ en: `This purpose is used by: ${describeUses(uses)}. Remove it from these journeys first.`, id: `Tujuan ini dipakai oleh: ${describeUses(uses, 'id')}. Hapus dari perjalanan tersebut terlebih dahulu.` }, 'in_use');
    if (!(await store.consents.deletePurpose(id))) throw new NotFound(NO_SUCH_PURPOSE);
    await audit(req, 'consent.purpose.deleted', { purposeId: id });
    res.status(204).end();
  });
  return routes;
}
