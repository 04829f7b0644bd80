import type { HttpCall, HttpCallResult } from '../engine/orchestration/http-call.js';

export type { HttpCall, HttpCallResult };

/** Largest answer read: a step maps a few fields, never a download. */
const MAX_ANSWER_BYTES = 256 * 1024;

const transient = (status: number) => status >= 500 || status === 429;

/**
 * Calls an organisation's API during a journey: JSON in and out, a timeout per attempt, and a few
 * retries (with a short backoff) on failures that may pass. Redirects are not followed (the URL is
 * what the journey's author approved). A 2xx answer that is not JSON is an error; an empty one is `null`.
 */
export async function callHttp(call: HttpCall, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Promise<HttpCallResult> {
  let last: HttpCallResult = { kind: 'error', status: null, message: 'not called' };
  for (let attempt = 0; attempt <= call.retries; attempt++) {
    if (attempt > 0) await sleep(200 * 2 ** (attempt - 1));
    last = await attemptOnce(call);
    if (last.kind === 'ok') return last;
    if (last.kind === 'error' && last.status !== null && !transient(last.status)) return last;
  }
  return last;
}

async function attemptOnce(call: HttpCall): Promise<HttpCallResult> {
  try {
    const res = await fetch(call.url, {
      method: call.method,
      headers: { accept: 'application/json', ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}), ...call.headers },
      body: call.body !== undefined ? JSON.stringify(call.body) : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    const text = await readLimited(res);
    if (res.status < 200 || res.status >= 300) return { kind: 'error', status: res.status, message: `HTTP ${res.status}` };
    if (!text.trim()) return { kind: 'ok', status: res.status, json: null };
    try {
      return { kind: 'ok', status: res.status, json: JSON.parse(text) };
    } catch {
      return { kind: 'error', status: res.status, message: 'the answer is not JSON' };
    }
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return { kind: 'timeout' };
    return { kind: 'error', status: null, message: e.cause?.code ?? e.message };
  }
}

async function readLimited(res: Response): Promise<string> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_ANSWER_BYTES) throw new Error(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
