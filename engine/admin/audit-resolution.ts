import type { AuditEvent, Store, User } from '../store/port.js';
import { ADMIN_ROLE } from './roles.js';

/**
 * Who acted: the person the event is about (`self`), an administrator or another account (by email),
 * the admin API's token (`api`), Gerbang itself (`system`: nobody acted, e.g. a failed sign-in or a
 * risk decision), or an account that no longer exists (`unknown`, the id is all there is).
 */
export type AuditActorKind = 'self' | 'administrator' | 'user' | 'api' | 'system' | 'unknown';

/** An audit event as the console reads it: the stored event, unchanged, and the ids in it resolved to names. */
export interface ResolvedAuditEvent extends AuditEvent {
  /** The email of the user the event is about; null without a user or when the account is gone. */
  userEmail: string | null;
  by: { kind: AuditActorKind; email: string | null };
  /** Names of what the details refer to by id (journey, app, organisation), when it still exists. */
  names: { flowId?: string; appId?: string; orgId?: string };
}

/** The `actor` of events the admin API's token caused (see auth.ts). */
const API_TOKEN_ACTOR = 'api-token';

const idsOf = (events: AuditEvent[], key: 'flowId' | 'appId' | 'orgId') =>
  new Set(events.map((e) => e.details[key]).filter((v): v is string => typeof v === 'string'));

/** Names by id, read only when the page refers to one: one list read each. */
async function namesOf<T extends { id: string; name: string }>(wanted: Set<string>, list: () => Promise<T[]>): Promise<Map<string, string>> {
  if (!wanted.size) return new Map();
  return new Map((await list()).filter((x) => wanted.has(x.id)).map((x) => [x.id, x.name]));
}

function actorOf(e: AuditEvent, users: Map<string, User>): ResolvedAuditEvent['by'] {
  if (e.actor === null || e.actor === 'system') return { kind: 'system', email: null };
  if (e.actor === API_TOKEN_ACTOR) return { kind: 'api', email: null };
  if (e.actor === 'self' || e.actor === e.userId) return { kind: 'self', email: users.get(e.actor)?.email ?? null };
  const actor = users.get(e.actor);
  if (!actor) return { kind: 'unknown', email: null };
  return { kind: actor.roles.includes(ADMIN_ROLE) ? 'administrator' : 'user', email: actor.email };
}

/**
 * Resolves one page of events: every user and actor in one batched read of the users, journeys, apps
 * and organisations in one list read each (only those the page refers to), never one read per event.
 */
export async function resolveAuditEvents(store: Store, events: AuditEvent[]): Promise<ResolvedAuditEvent[]> {
  const people = new Set(events.flatMap((e) => [e.userId, e.actor]).filter((id): id is string => Boolean(id) && id !== API_TOKEN_ACTOR && id !== 'self' && id !== 'system'));
  const [users, flows, apps, orgs] = await Promise.all([
    people.size ? store.users.findByIds([...people]) : Promise.resolve([]),
    namesOf(idsOf(events, 'flowId'), () => store.flows.list()),
    namesOf(idsOf(events, 'appId'), () => store.apps.list()),
    namesOf(idsOf(events, 'orgId'), () => store.organisations.list()),
  ]);
  const byId = new Map(users.map((u) => [u.id, u]));
  return events.map((e) => {
    const names: ResolvedAuditEvent['names'] = {};
    const name = (key: keyof ResolvedAuditEvent['names'], from: Map<string, string>) => {
      const id = e.details[key];
      if (typeof id === 'string' && from.has(id)) names[key] = from.get(id);
    };
    name('flowId', flows);
    name('appId', apps);
    name('orgId', orgs);
    return { ...e, userEmail: e.userId ? (byId.get(e.userId)?.email ?? null) : null, by: actorOf(e, byId), names };
  });
}
