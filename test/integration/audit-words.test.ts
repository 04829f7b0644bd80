import { beforeAll, describe, expect, it } from 'vitest';
import { hash } from '@node-rs/argon2';
import type { ResolvedAuditEvent } from '../../engine/admin/audit-resolution.js';
import { ARGON2_PARAMS } from '../../engine/methods/password/hashing.js';
import { currentRequestId } from '../../engine/ops/request-context.js';
import type { StoreOperation } from '../../engine/store/port.js';
import { useGerbang } from '../support/gerbang.js';
import { openIdSignIn } from '../support/openid-journey.js';

const TOKEN = 'test-admin-token-audit-words';
const PASSWORD = 'audit words password';

/** The audit API answers with each event's people and things by name, read in one batch per page. */
describe('the audit log API in words', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  const operations = new Map<string, StoreOperation[]>();

  beforeAll(() => {
    gerbang.store.observeOperations!((operation) => {
      const id = currentRequestId();
      if (!id?.startsWith('audit-page-')) return;
      let list = operations.get(id);
      if (!list) operations.set(id, (list = []));
      list.push(operation);
    });
  });

  const page = async (query: string, requestId?: string) => {
    const res = await fetch(`${gerbang.url}/api/audit?${query}`, { headers: { authorization: `Bearer ${TOKEN}`, ...(requestId ? { 'x-request-id': requestId } : {}) } });
    expect(res.status).toBe(200);
    return (await res.json()) as Array<Omit<ResolvedAuditEvent, 'at'> & { at: string }>;
  };

  it('names the person signed in, the journey and the app of a real sign-in, and keeps the ids', async () => {
    const user = await gerbang.store.users.create({ email: 'ayu@example.com', attributes: { given_name: 'Ayu', family_name: 'Lestari' } }, { type: 'password', data: { hash: await hash(PASSWORD, ARGON2_PARAMS) } });
    await openIdSignIn(gerbang.url, 'ayu@example.com', PASSWORD);
    const [signin] = await page(`type=signin&user=${user.id}`);
    expect(signin).toMatchObject({ type: 'signin', userId: user.id, actor: user.id, userEmail: 'ayu@example.com', by: { kind: 'self', email: 'ayu@example.com' } });
    expect(signin.details).toMatchObject({ flowId: 'login-signup', appId: 'demo-app' });
    expect(signin.names).toEqual({ flowId: (await gerbang.store.flows.getDraft('login-signup'))!.name, appId: (await gerbang.store.apps.get('demo-app'))!.name });
  });

  it('tells an administrator, the API token, the system and a deleted account apart', async () => {
    const admin = (await gerbang.store.users.findByEmail('admin@example.com'))!;
    const budi = await gerbang.store.users.create({ email: 'budi@example.com' });
    const gone = await gerbang.store.users.create({ email: 'gone@example.com' });
    const start = Date.now();
    const record = (actor: string | null, i: number) => gerbang.store.audit.record({ at: new Date(start + i), type: 'account.unlocked', userId: budi.id, actor, ip: null, details: { note: 'kept as it is' } });
    await record(admin.id, 0);
    await record('api-token', 1);
    await record(null, 2);
    await record(gone.id, 3);
    await gerbang.store.users.delete(gone.id);
    const events = await page(`type=account.unlocked&user=${budi.id}`);
    expect(events.map((e) => e.by)).toEqual([
      { kind: 'unknown', email: null },
      { kind: 'system', email: null },
      { kind: 'api', email: null },
      { kind: 'administrator', email: 'admin@example.com' },
    ]);
    expect(events.map((e) => [e.actor, e.userEmail])).toEqual([
      [gone.id, 'budi@example.com'],
      [null, 'budi@example.com'],
      ['api-token', 'budi@example.com'],
      [admin.id, 'budi@example.com'],
    ]);
    expect(events[0].details).toEqual({ note: 'kept as it is' });
  });

  it('reads the people of a page in one statement, however many there are', async () => {
    const admin = (await gerbang.store.users.findByEmail('admin@example.com'))!;
    const people = await Promise.all(Array.from({ length: 40 }, (_, i) => gerbang.store.users.create({ email: `person${i}@example.com` })));
    for (const person of people) await gerbang.store.audit.record({ at: new Date(), type: 'profile.updated', userId: person.id, actor: admin.id, ip: null, details: { fields: ['given_name'] } });
    await gerbang.store.audit.record({ at: new Date(), type: 'factors.reset', userId: people[0].id, actor: admin.id, ip: null, details: {} });

    const many = await page('type=profile.updated&limit=40', 'audit-page-many');
    const one = await page('type=factors.reset&limit=40', 'audit-page-one');
    expect(new Set(many.map((e) => e.userEmail)).size).toBe(40);
    expect(many.every((e) => e.by.kind === 'administrator' && e.by.email === 'admin@example.com')).toBe(true);
    expect(one.map((e) => e.userEmail)).toEqual(['person0@example.com']);

    const usersReads = (id: string) => (operations.get(id) ?? []).filter((o) => o.kind === 'read' && /\bFROM users\b/i.test(o.text));
    expect(usersReads('audit-page-many')).toHaveLength(1);
    expect(usersReads('audit-page-one')).toHaveLength(1);
    // The whole page costs what a page of one person costs: no read per event.
    expect(operations.get('audit-page-many')!.filter((o) => o.kind === 'read')).toHaveLength(operations.get('audit-page-one')!.filter((o) => o.kind === 'read').length);
  });

  it('exports exactly what the store holds, without the resolved names', async () => {
    const res = await fetch(`${gerbang.url}/api/audit/export?format=jsonl&type=signin`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const [line] = (await res.text()).trim().split('\n');
    expect(Object.keys(JSON.parse(line)).sort()).toEqual(['actor', 'at', 'details', 'id', 'ip', 'type', 'userId']);
  });
});
