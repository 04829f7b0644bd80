import type { Logger } from '../logger.js';
import type { DomainEvent, Store, WebhookDelivery, WebhookEndpoint } from '../store/port.js';
import type { WebhookAttempt, WebhookRequest } from '../../connectors/webhooks.js';
import { profileOf } from './domain-events.js';
import { webhookPayload } from './webhook-payload.js';
import { nextAttemptAt } from './backoff.js';

export interface WebhookRelayOptions {
  timeoutMs: number;
  retryBaseMs: number;
  maxAttempts: number;
  /** How often the outbox is read. */
  pollMs?: number;
  /** Deliveries sent at once by one instance. */
  batch?: number;
}

export interface WebhookRelayDeps {
  store: Pick<Store, 'outbox' | 'users' | 'consents'>;
  /** Opens an endpoint's sealed signing secret. */
  openSecret: (sealed: string) => string;
  send: (req: WebhookRequest) => Promise<WebhookAttempt>;
  now: () => Date;
  logger: Logger;
}

/**
 * Delivers the outbox to webhook endpoints, on every instance at once: events are fanned out into one
 * delivery per subscribed endpoint (idempotent), due deliveries are leased in the store (one instance
 * sends each), sent signed, and settled: delivered, retried with backoff, or dead-lettered. A restart
 * loses nothing: an unsettled lease runs out and the delivery is sent again (at least once; receivers
 * drop duplicates by `webhook-id`). Nothing here runs in a person's request: a slow or failing
 * receiver never blocks a journey.
 */
export class WebhookRelay {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  /** Aborts the sends in flight when the instance stops. */
  private readonly stopping = new AbortController();
  private readonly pollMs: number;
  private readonly batch: number;

  constructor(
    private readonly deps: WebhookRelayDeps,
    private readonly opts: WebhookRelayOptions,
  ) {
    this.pollMs = opts.pollMs ?? 1000;
    this.batch = opts.batch ?? 20;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.round(), this.pollMs);
    this.timer.unref();
  }

  /**
   * Stops polling, aborts the sends in flight and gives their deliveries back unattempted, so another
   * instance (or this one restarted) sends them at once instead of after the lease.
   */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopping.abort();
    await this.running;
  }

  private endpointsSeen: { at: number; any: boolean } | null = null;

  /**
   * Whether any endpoint is enabled, read at most every 30 s: an instance without endpoints costs the
   * store nothing per poll. `runOnce` (the admin API after a change) reads it again at once.
   */
  private async anyEndpoint(): Promise<boolean> {
    const now = Date.now();
    if (!this.endpointsSeen || now - this.endpointsSeen.at > 30_000) {
      this.endpointsSeen = { at: now, any: (await this.deps.store.outbox.listEndpoints()).some((e) => e.enabled) };
    }
    return this.endpointsSeen.any;
  }

  /** One round now (or right after the one in progress); resolves when done. Errors are logged. */
  runOnce(): Promise<void> {
    this.endpointsSeen = null;
    return this.round();
  }

  private round(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          if (this.stopping.signal.aborted || !(await this.anyEndpoint())) return;
          await this.fanOut();
          await this.deliverDue();
        } catch (err) {
          this.deps.logger.error('webhook relay round failed', { error: err instanceof Error ? err.message : String(err) });
        }
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async fanOut(): Promise<void> {
    const { outbox } = this.deps.store;
    for (;;) {
      const events = await outbox.undispatched(100);
      if (!events.length) return;
      const endpoints = (await outbox.listEndpoints()).filter((e) => e.enabled);
      for (const event of events) {
        // An endpoint receives the events that happened since it was added.
        const to = endpoints.filter((e) => e.eventTypes.includes(event.type) && e.createdAt.getTime() <= event.at.getTime());
        await outbox.dispatch(event.id, to.map((e) => e.id), this.deps.now());
      }
      if (events.length < 100) return;
    }
  }

  private async deliverDue(): Promise<void> {
    const now = this.deps.now();
    // Held long enough for the receiver's timeout and the settling write; a crashed holder's lease runs out.
    const leased = await this.deps.store.outbox.lease(now, new Date(now.getTime() + this.opts.timeoutMs + 30_000), this.batch);
    if (!leased.length) return;
    const endpoints = new Map((await this.deps.store.outbox.listEndpoints()).map((e) => [e.id, e]));
    await Promise.all(leased.map(({ delivery, event }) => this.deliver(delivery, event, endpoints.get(delivery.endpointId))));
    // A full batch: more may be due.
    if (leased.length === this.batch) this.again = true;
  }

  private async deliver(delivery: WebhookDelivery, event: DomainEvent, endpoint: WebhookEndpoint | undefined): Promise<void> {
    const { store, logger } = this.deps;
    // Removed meanwhile (its deliveries go with it) or paused: the delivery waits, its lease runs out.
    if (!endpoint?.enabled) return;
    const body = JSON.stringify(await this.payloadFor(event, endpoint));
    const timestamp = this.deps.now();
    const attempt = await this.deps.send({
      url: endpoint.url,
      secrets: this.signingSecrets(endpoint, timestamp),
      messageId: event.id,
      timestamp,
      body,
      timeoutMs: this.opts.timeoutMs,
      signal: this.stopping.signal,
    });
    if (this.stopping.signal.aborted) {
      await store.outbox.release(delivery.id);
      return;
    }
    const at = this.deps.now();
    if (attempt.ok) {
      await store.outbox.settle(delivery.id, { delivered: true, status: attempt.status, at });
      return;
    }
    const retryAt = nextAttemptAt(at, delivery.attempts + 1, { baseMs: this.opts.retryBaseMs, maxAttempts: this.opts.maxAttempts });
    await store.outbox.settle(delivery.id, { delivered: false, status: attempt.status, error: attempt.error, at, retryAt });
    const fields = { endpoint: endpoint.id, delivery: delivery.id, attempt: delivery.attempts + 1, error: attempt.error };
    if (retryAt) logger.warn('webhook delivery failed; retrying', { ...fields, retryAt: retryAt.toISOString() });
    else logger.error('webhook delivery dead-lettered', fields);
  }

  /**
   * The current secret, and the one its last rotation replaced while that is still valid at `now`
   * (however long ago housekeeping last dropped the expired ones).
   */
  private signingSecrets(endpoint: WebhookEndpoint, now: Date): [string, ...string[]] {
    const current = this.deps.openSecret(endpoint.sealedSecret);
    const previous = endpoint.previousSecret;
    return previous && previous.until.getTime() > now.getTime() ? [current, this.deps.openSecret(previous.sealed)] : [current];
  }

  /** The consent decisions are read at delivery: a consent withdrawn meanwhile is respected. */
  private async payloadFor(event: DomainEvent, endpoint: WebhookEndpoint) {
    const { store } = this.deps;
    const needsConsents = endpoint.attributes.some((a) => a.purpose !== null);
    const [decisions, user] = await Promise.all([
      needsConsents && event.userId ? store.consents.current(event.userId) : Promise.resolve([]),
      event.data.user === undefined && event.type !== 'user.deleted' && event.userId ? store.users.findById(event.userId) : Promise.resolve(null),
    ]);
    const granted = new Set(decisions.filter((d) => d.granted).map((d) => d.purposeId));
    return webhookPayload(event, endpoint.attributes, { profile: user ? profileOf(user) : null, granted });
  }
}
