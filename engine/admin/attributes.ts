import type { Store } from '../store/port.js';
import { Conflict, NotFound } from '../http/errors.js';
import { RouteTable } from '../http/route-table.js';
import { paramsSchema } from '../http/ids.js';
import { requestLanguage } from '../http/words.js';
import { ATTRIBUTE_KEY_PATTERN, attributeInputSchema, definitionProblems, deleteAttribute, isStandardAttribute, loadSchema, saveAttribute, type AttributeDefinition } from '../identity/schema.js';
import type { NodeRegistry } from '../nodes/registry.js';
import { PERMISSIONS } from './roles.js';
import { describeUses, whereUsed } from '../runtime/where-used.js';

const KEY_PARAMS = paramsSchema({ key: { type: 'string', pattern: ATTRIBUTE_KEY_PATTERN } });

type AttributeInput = Omit<AttributeDefinition, 'key' | 'revision' | 'updatedAt' | 'required' | 'editable' | 'claim' | 'scope' | 'rules'> &
  Partial<Pick<AttributeDefinition, 'required' | 'editable' | 'claim' | 'scope' | 'rules'>> & { revision?: number };

/**
 * Admin API of the identity schema (/api/attributes): the standard OpenID claims and the
 * organisation's own attributes, one shared definition for every instance.
 */
export function attributesRouter(deps: { store: Store; registry: NodeRegistry }): RouteTable {
  const { store, registry } = deps;
  const routes = new RouteTable();
  const audit = (type: string, actor: string, details: Record<string, unknown>) => store.audit.record({ at: new Date(), type, userId: null, actor, ip: null, details });

  routes.get('/attributes', { permission: PERMISSIONS.settingsRead, summary: 'The identity schema: every declared attribute, the standard claims first, with the journeys that ask it' }, async (_req, res) => {
    const schema = await loadSchema(store);
    res.json(await Promise.all(schema.map(async (a) => ({ ...a, usedBy: await whereUsed(store, registry, 'attribute', a.key) }))));
  });

  routes.put(
    '/attributes/:key',
    { permission: PERMISSIONS.settingsWrite, summary: 'Declare or change an attribute; `revision` is the one the change is based on (0 for a new one)', params: KEY_PARAMS, body: attributeInputSchema },
    async (req, res) => {
      const key = String(req.params.key);
      const input = req.body as AttributeInput;
      const current = (await loadSchema(store)).find((a) => a.key === key);
      const next: Omit<AttributeDefinition, 'revision' | 'updatedAt'> = {
        key,
        type: input.type,
        label: input.label,
        required: input.required ?? false,
        editable: input.editable ?? true,
        claim: input.claim === undefined ? (current?.claim ?? null) : input.claim,
        scope: input.scope === undefined ? (current?.scope ?? null) : input.scope,
        rules: input.rules ?? {},
      };
      const problems = definitionProblems(next, await loadSchema(store), requestLanguage(req));
      if (problems.length) {
        return res.status(422).json({ error: 'invalid_attribute', message: problems.join(' '), problems });
      }
      const expected = input.revision ?? current?.revision ?? 0;
      const saved = expected === (current?.revision ?? 0) ? await saveAttribute(store, next, expected, req.admin!.id) : null;
      if (!saved) {
        throw new Conflict({
          en: `The attribute "${key}" was changed by someone else meanwhile; reload it and make the change again.`,
          id: `Atribut "${key}" telah diubah orang lain sementara itu; muat ulang lalu ulangi perubahan Anda.`,
        });
      }
      await audit('attribute.saved', req.admin!.id, { key, revision: saved.revision });
      res.json({ ...saved, standard: isStandardAttribute(key) });
    },
  );

  routes.delete(
    '/attributes/:key',
    { permission: PERMISSIONS.settingsWrite, summary: 'Remove an attribute (a standard one goes back to its shipped definition); refused while a journey asks it', params: KEY_PARAMS, status: 204 },
    async (req, res) => {
      const key = String(req.params.key);
      const standard = isStandardAttribute(key);
      if (!standard) {
        const uses = await whereUsed(store, registry, 'attribute', key);
        if (uses.length) {
          throw new Conflict({
            en: `The attribute "${key}" is asked by ${describeUses(uses)}; remove it from those journeys first.`,
            id: `Atribut "${key}" ditanyakan oleh ${describeUses(uses, 'id')}; hapus dari perjalanan tersebut terlebih dahulu.`,
          });
        }
      }
      const removed = await deleteAttribute(store, key);
      if (!removed && !standard) throw new NotFound({ en: `There is no attribute "${key}".`, id: `Tidak ada atribut "${key}".` });
      await audit(standard ? 'attribute.reset' : 'attribute.deleted', req.admin!.id, { key });
      res.status(204).end();
    },
  );
  return routes;
}
