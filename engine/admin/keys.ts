import { PERMISSIONS } from './roles.js';
import type { Store } from '../store/port.js';
import { RouteTable } from '../http/route-table.js';

/** Admin API of the OpenID Provider's signing keys; `rotate` adds a key of each kind and returns the kids now published. */
export function keysRouter(deps: { store: Store; rotate: () => Promise<string[]> }): RouteTable {
  return new RouteTable().post('/oidc/keys/rotate', { permission: PERMISSIONS.keysRotate, summary: 'Add a new signing key of each kind (RSA, EC P-256); older keys stay published' }, async (req, res) => {
    const kids = await deps.rotate();
    await deps.store.audit.record({ at: new Date(), type: 'oidc.keys.rotated', userId: null, actor: req.admin?.id ?? null, ip: req.ip ?? null, details: { kids } });
    res.json({ kids });
  });
}
