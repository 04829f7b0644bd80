import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line and audit event of one HTTP request share. */
export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` (and everything it awaits) as part of the request `ctx`. */
export function runInRequest<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The id of the request being handled, if any (audit events and logs carry it). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

const INCOMING_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * A proxy's `X-Request-Id` is kept when it looks like an id (so a trace follows the request through the
 * proxy's logs too); anything else gets a fresh one.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && INCOMING_ID.test(header) ? header : randomUUID();
}
