import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** One signed webhook request: the body is sent exactly as signed. */
export interface WebhookRequest {
  url: string;
  /**
   * The signing secrets (`whsec_` + base64, as the receiver holds them): the current one, then the one
   * a rotation replaced while it is still valid. Each gives one signature.
   */
  secrets: readonly [string, ...string[]];
  /** The `webhook-id`: the same for every attempt of a message, so receivers can drop duplicates. */
  messageId: string;
  timestamp: Date;
  body: string;
  timeoutMs: number;
  /** Cancels the attempt (the sender is stopping). */
  signal?: AbortSignal;
}

export type WebhookAttempt = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** A new signing secret in the Standard Webhooks form (24 random bytes). */
export const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

/**
 * Sends one webhook signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature: v1,<HMAC-SHA256>`), signed by the `standardwebhooks` library so any receiver
 * using a Standard Webhooks verifier accepts it. After a rotation the header carries one signature per
 * secret, space-separated, so a receiver still holding the old secret verifies as well as one holding
 * the new. Only a 2xx answer counts as delivered: a redirect is
 * not followed (the endpoint's URL is what an administrator approved), a timeout or refused connection
 * is a failure with no status.
 */
export async function sendWebhook(req: WebhookRequest): Promise<WebhookAttempt> {
  const signature = req.secrets.map((secret) => new Webhook(secret).sign(req.messageId, req.timestamp, req.body)).join(' ');
  try {
    const res = await fetch(req.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Gerbang-Webhooks/1',
        'webhook-id': req.messageId,
        'webhook-timestamp': String(Math.floor(req.timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: req.body,
      redirect: 'manual',
      signal: req.signal ? AbortSignal.any([req.signal, AbortSignal.timeout(req.timeoutMs)]) : AbortSignal.timeout(req.timeoutMs),
    });
    // The answer's body is not needed; reading it frees the connection.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    const location = res.headers.get('location');
    return { ok: false, status: res.status, error: res.status >= 300 && res.status < 400 ? `redirected (${res.status}${location ? ` to ${location}` : ''}); not followed` : `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (req.signal?.aborted) return { ok: false, status: null, error: 'cancelled: the sender stopped' };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return { ok: false, status: null, error: `no answer within ${Math.round(req.timeoutMs / 1000)} s` };
    return { ok: false, status: null, error: e.cause?.code ?? e.cause?.message ?? e.message };
  }
}
