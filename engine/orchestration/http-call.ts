/** What the HTTP request step asks of its transport (connectors/http-request.ts implements it). */
/** One call of a journey's HTTP request step. */
export interface HttpCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** Sent as JSON (absent for GET/DELETE without a body). */
  body?: unknown;
  /** Per attempt. */
  timeoutMs: number;
  /** Further attempts after a failure that may pass (no answer, 5xx, 429). */
  retries: number;
}

export type HttpCallResult =
  | { kind: 'ok'; status: number; json: unknown }
  | { kind: 'error'; status: number | null; message: string }
  | { kind: 'timeout' };

