import { PERMISSIONS } from './roles.js';
import type { Store } from '../store/port.js';
import { NotFound } from '../http/errors.js';
import { RouteTable } from '../http/route-table.js';
import type { ThrottlePolicy } from '../protection/sign-in-throttles.js';

/** The thresholds in force (configuration shared by every instance) as the console shows them. */
export interface ProtectionSettings extends ThrottlePolicy {
  botChallengeAfterFailures: number;
  botChallengeDifficulty: number;
}

const UNBLOCK = {
  type: 'object',
  additionalProperties: false,
  required: ['key'],
  properties: { key: { type: 'string', pattern: '^signin:(pair|address|account):', maxLength: 600 } },
};

type Block = { key: string; kind: 'pair' | 'address' | 'account'; account: string | null; address: string | null; failures: number; until: string };

/**
 * Admin API of attack protection: what the throttles hold now (addresses blocked for an account,
 * addresses refused or challenged, accounts slowed), unblocking one, and the thresholds in force.
 * Reading is for whoever may read users; unblocking for whoever may help them (support).
 */
export function protectionRouter(deps: { store: Store; settings: ProtectionSettings; now?: () => Date }): RouteTable {
  const { store, settings } = deps;
  const now = () => deps.now?.() ?? new Date();
  const routes = new RouteTable();

  routes.get('/protection', { permission: PERMISSIONS.usersRead, summary: 'Blocked addresses and slowed accounts now, and the thresholds in force' }, async (_req, res) => {
    const at = now();
    const read = async (kind: Block['kind'], from: number): Promise<Block[]> =>
      (await store.counters.listActive(`signin:${kind}:`, from, at, 200)).map((c) => {
        const subject = c.key.slice(`signin:${kind}:`.length);
        const [account, address] = kind === 'pair' ? [subject.slice(0, subject.lastIndexOf('|')), subject.slice(subject.lastIndexOf('|') + 1)] : kind === 'account' ? [subject, null] : [null, subject];
        return { key: c.key, kind, account, address, failures: c.count, until: c.expiresAt.toISOString() };
      });
    const [pairs, addresses, accounts] = await Promise.all([
      read('pair', settings.pairFailures),
      read('address', Math.min(settings.botChallengeAfterFailures, settings.addressFailures)),
      read('account', settings.accountFailures),
    ]);
    res.json({
      settings,
      blocks: [
        ...pairs,
        ...addresses.map((a) => ({ ...a, state: a.failures >= settings.addressFailures ? 'blocked' : 'challenged' })),
        ...accounts.map((a) => ({ ...a, state: 'slowed' })),
      ],
    });
  });

  routes.post('/protection/unblock', { permission: PERMISSIONS.usersWrite, summary: 'End a block: an address for an account, an address, or an account\'s slow-down', body: UNBLOCK }, async (req, res) => {
    const key = String((req.body as { key: string }).key);
    const [live] = await store.counters.listActive(key, 0, now(), 1);
    if (!live || live.key !== key) throw new NotFound('No such block.');
    await store.counters.reset(key);
    await store.audit.record({ at: now(), type: 'protection.unblocked', userId: null, actor: req.admin?.id ?? null, ip: req.ip ?? null, details: { key } });
    res.json({ unblocked: key });
  });
  return routes;
}
